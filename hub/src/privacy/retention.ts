/**
 * The nightly retention run: once a business day, after `retention.time` (site time), every
 * personal data holder drops what is past its retention. Idempotent (a second run the same day,
 * or after a restart, finds nothing more to do). Each run leaves one audit entry
 * (`privacy.retention`) and one log line with its counts — counts only, never an identity.
 */
import type { RetentionConfig } from '../config';
import type { AuditLog } from '../service/audit-log';
import { SYSTEM } from '../service/caller';
import { PeriodicJob } from '../service/periodic-job';
import { addDays, businessDate, localMinutesAndWeekday } from '../time';
import type { PersonalDataRegistry, Removed, RetentionCutoffs } from './holders';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Pure: the boundaries of a run at `at`. */
export function retentionCutoffs(at: number, timeZone: string, dayStartsAt: string, r: RetentionConfig): RetentionCutoffs {
  const today = businessDate(at, timeZone, dayStartsAt);
  return {
    today,
    identityBefore: addDays(today, -r.identityDays),
    identityBeforeAt: at - r.identityDays * DAY_MS,
    appointmentsBefore: addDays(today, -r.appointmentDays),
    auditBeforeAt: at - r.auditDays * DAY_MS,
  };
}

/** Pure: is a run due at `at`, given the business day of the last one? */
export function isRetentionDue(
  lastDay: string | undefined,
  at: number,
  timeZone: string,
  dayStartsAt: string,
  time: string,
): boolean {
  if (lastDay === businessDate(at, timeZone, dayStartsAt)) return false;
  const [h, m] = time.split(':').map(Number) as [number, number];
  return localMinutesAndWeekday(at, timeZone).minutes >= h * 60 + m;
}

export interface RetentionReport {
  at: number;
  cutoffs: RetentionCutoffs;
  /** Counts per holder. */
  removed: Record<string, Removed>;
}

export interface RetentionDeps {
  registry: PersonalDataRegistry;
  settings: RetentionConfig;
  site: { timezone: string; dayStartsAt: string };
  audit: AuditLog;
  now: () => number;
  log: { info(obj: object, msg?: string): void; error(obj: object, msg?: string): void };
  /** Runs `fn` alone among the data dir's housekeeping (day close rewrites the archive too). */
  exclusive?: <T>(fn: () => Promise<T>) => Promise<T>;
}

export class RetentionJob {
  private readonly job = new PeriodicJob(() => this.runIfDue());
  private lastDay: string | undefined;

  constructor(private readonly deps: RetentionDeps) {}

  start(checkEveryMs = 60_000): void {
    if (this.deps.settings.enabled) this.job.start(checkEveryMs);
  }

  /** Stops the timer and waits for a run in progress (the store closes after this). */
  stop(): Promise<void> {
    return this.job.stop();
  }

  /** Runs if due; returns the report of a run, or null. */
  tick(): Promise<RetentionReport | null> {
    return this.job.tick();
  }

  private async runIfDue(): Promise<RetentionReport | null> {
    const at = this.deps.now();
    const { timezone, dayStartsAt } = this.deps.site;
    if (!isRetentionDue(this.lastDay, at, timezone, dayStartsAt, this.deps.settings.time)) return null;
    const report = await this.runNow().catch((err: Error) => {
      this.deps.log.error({ err }, 'personal data retention failed');
      return null;
    });
    if (report) this.lastDay = report.cutoffs.today;
    return report;
  }

  /** One run now, whatever the time (`callboard`'s tests and an operator's check call this). */
  async runNow(): Promise<RetentionReport> {
    const run = async () => {
      const at = this.deps.now();
      const { timezone, dayStartsAt } = this.deps.site;
      const cutoffs = retentionCutoffs(at, timezone, dayStartsAt, this.deps.settings);
      const removed: Record<string, Removed> = {};
      for (const holder of this.deps.registry.holders) removed[holder.name] = await holder.ageOut(cutoffs);
      const report = { at, cutoffs, removed };
      await this.deps.audit.record(SYSTEM, 'privacy.retention', undefined, {
        identityBefore: cutoffs.identityBefore,
        appointmentsBefore: cutoffs.appointmentsBefore,
        removed,
      });
      this.deps.log.info({ identityBefore: cutoffs.identityBefore, removed }, 'personal data past retention removed');
      return report;
    };
    return this.deps.exclusive ? this.deps.exclusive(run) : run();
  }
}
