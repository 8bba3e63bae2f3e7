/**
 * What became of every print job this bridge took on, kept until the hub has the job's
 * `print-result`. The hub settles a job only by that result (hub/src/devices/device-service.ts),
 * so a result that never leaves is a job the kiosk shows as "printing…" for ever. Two ways it
 * could be lost, both found by `npm run chaos` (test/chaos/bridge-faults.ts):
 *
 * - the bridge is killed (crash, power cut, SIGKILL) between taking the job and reporting it;
 * - the hub is unreachable at the moment of the report (events are dropped, not queued).
 *
 * Each job goes `received` → `sending` (bytes may be leaving for the printer) → `done` (the
 * outcome, not yet acknowledged by the broker) → `reported`. The file (when there is a state
 * directory: `stateDir` in the config, or systemd's `$STATE_DIRECTORY`) survives a restart; a
 * job found `received` was not printed, one found `sending` may be on the paper in part or in
 * full, and both are reported failed with that reason. Every `done` job is (re)sent when the hub
 * link comes up. `reported` entries are kept a while so a redelivered command is not printed
 * twice. Small and synchronous: a kiosk prints a ticket every few seconds at most.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from './log';

export type JobState = 'received' | 'sending' | 'done' | 'reported';

export interface JournalEntry {
  jobId: string;
  peripheral: string;
  state: JobState;
  /** Last change. */
  at: number;
  ok?: boolean;
  reason?: string;
}

/** Longer than the hub's job TTL (60 s): a redelivered command inside it is recognised. */
export const KEEP_REPORTED_MS = 10 * 60_000;
/** A result older than this is of no use to anyone (the hub forgets jobs after 5 min). */
export const KEEP_UNREPORTED_MS = 60 * 60_000;

export const RESTARTED_BEFORE_PRINTING = 'the bridge restarted before printing this job; not printed';
export const RESTARTED_WHILE_SENDING =
  'the bridge restarted while sending this job to the printer; outcome unknown, the ticket may be incomplete';

export class PrintJournal {
  private readonly entries = new Map<string, JournalEntry>();
  private warned = false;

  /** `file` null: in memory only (results survive a hub outage, not a bridge restart). */
  constructor(
    readonly file: string | null,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    if (file) this.load(file);
  }

  private load(file: string): void {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        this.log.warn('print journal unreadable; starting empty', { file, err: (err as Error).message });
      return;
    }
    const t = this.now();
    let interrupted = 0;
    for (const e of Array.isArray(raw) ? (raw as JournalEntry[]) : []) {
      if (typeof e?.jobId !== 'string' || typeof e.peripheral !== 'string' || typeof e.at !== 'number') continue;
      if (e.state === 'received' || e.state === 'sending') {
        interrupted++;
        const reason = e.state === 'received' ? RESTARTED_BEFORE_PRINTING : RESTARTED_WHILE_SENDING;
        this.entries.set(e.jobId, { jobId: e.jobId, peripheral: e.peripheral, state: 'done', at: t, ok: false, reason });
      } else if (e.state === 'done' || e.state === 'reported') this.entries.set(e.jobId, e);
    }
    this.prune();
    if (interrupted > 0) this.log.warn('print jobs interrupted by a restart; reporting them failed', { jobs: interrupted });
    this.save();
  }

  /** Whether this job was taken on already (a redelivered command). */
  has(jobId: string): boolean {
    return this.entries.has(jobId);
  }

  received(jobId: string, peripheral: string): void {
    this.set({ jobId, peripheral, state: 'received', at: this.now() });
  }

  sending(jobId: string): void {
    const e = this.entries.get(jobId);
    if (e) this.set({ ...e, state: 'sending', at: this.now() });
  }

  done(jobId: string, ok: boolean, reason?: string): JournalEntry | undefined {
    const e = this.entries.get(jobId);
    if (!e) return undefined;
    const next: JournalEntry = {
      jobId,
      peripheral: e.peripheral,
      state: 'done',
      at: this.now(),
      ok,
      ...(reason ? { reason } : {}),
    };
    this.set(next);
    return next;
  }

  reported(jobId: string): void {
    const e = this.entries.get(jobId);
    if (e?.state === 'done') this.set({ ...e, state: 'reported', at: this.now() });
  }

  /** Outcomes the hub has not acknowledged yet. */
  unreported(): JournalEntry[] {
    return [...this.entries.values()].filter((e) => e.state === 'done');
  }

  get(jobId: string): JournalEntry | undefined {
    return this.entries.get(jobId);
  }

  private set(e: JournalEntry): void {
    this.entries.set(e.jobId, e);
    this.prune();
    this.save();
  }

  private prune(): void {
    const t = this.now();
    for (const [id, e] of this.entries) {
      const keep = e.state === 'reported' ? KEEP_REPORTED_MS : e.state === 'done' ? KEEP_UNREPORTED_MS : Number.POSITIVE_INFINITY;
      if (t - e.at > keep) this.entries.delete(id);
    }
  }

  private save(): void {
    if (!this.file) return;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.tmp`;
      // On stable storage before the rename, and the rename itself after: a power cut leaves the
      // old journal or the new one, never an empty file under the journal's name.
      const fd = openSync(tmp, 'w');
      try {
        writeFileSync(fd, JSON.stringify([...this.entries.values()]));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, this.file);
      syncDir(path.dirname(this.file));
    } catch (err) {
      if (!this.warned) this.log.warn('cannot write the print journal', { file: this.file, err: (err as Error).message });
      this.warned = true;
    }
  }
}

function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
