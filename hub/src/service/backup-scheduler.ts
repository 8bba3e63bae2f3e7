/**
 * Daily backups: once a day after the configured site time, a snapshot goes to the backup dir
 * (and a copy to a second path: USB disk, network share), and only the newest `keep` are kept.
 * Which days are done is read from the file names, so a restart never loses track.
 */
import { copyFile, mkdir, readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { HubConfig } from '../config';
import { createBackup } from '../store';
import { businessDate, localMinutesAndWeekday } from '../time';
import { PeriodicJob } from './periodic-job';

const NAME = /^callboard-(\d{4}-\d{2}-\d{2})-(\d{4})\.cbk$/;

export function backupFileName(day: string, at: number, timeZone: string): string {
  const { minutes } = localMinutesAndWeekday(at, timeZone);
  const hhmm = `${String(Math.floor(minutes / 60)).padStart(2, '0')}${String(minutes % 60).padStart(2, '0')}`;
  return `callboard-${day}-${hhmm}.cbk`;
}

/** Pure: is today's backup due, given the days already backed up? */
export function isBackupDue(doneDays: ReadonlySet<string>, at: number, timeZone: string, time: string): boolean {
  const day = businessDate(at, timeZone);
  if (doneDays.has(day)) return false;
  const [h, m] = time.split(':').map(Number) as [number, number];
  return localMinutesAndWeekday(at, timeZone).minutes >= h * 60 + m;
}

/** Pure: which backup files to delete so that the newest `keep` remain. */
export function backupsToPrune(names: readonly string[], keep: number): string[] {
  const ours = names.filter((n) => NAME.test(n)).sort();
  return ours.slice(0, Math.max(0, ours.length - keep));
}

async function list(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

export class BackupScheduler {
  private readonly job = new PeriodicJob(() => this.check());

  constructor(
    private readonly config: HubConfig,
    private readonly appVersion: string,
    private readonly now: () => number,
    private readonly log: { info: (o: object, m?: string) => void; error: (o: object, m?: string) => void },
  ) {}

  start(checkEveryMs = 60_000): void {
    if (this.config.backup.enabled) this.job.start(checkEveryMs);
  }

  /** Stops the timer and waits for a backup in progress (the hub closes its store after this). */
  stop(): Promise<void> {
    return this.job.stop();
  }

  /** Runs a backup if one is due; returns the file written, if any. */
  tick(): Promise<string | null> {
    return this.job.tick();
  }

  private async check(): Promise<string | null> {
    try {
      const { dir, time, keep, copyTo } = this.config.backup;
      const tz = this.config.site.timezone;
      const done = new Set((await list(dir)).map((n) => NAME.exec(n)?.[1]).filter((d): d is string => d !== undefined));
      const at = this.now();
      if (!isBackupDue(done, at, tz, time)) return null;
      return await this.runNow(at, dir, keep, copyTo);
    } catch (err) {
      this.log.error({ err }, 'scheduled backup failed');
      return null;
    }
  }

  async runNow(at: number, dir: string, keep: number, copyTo?: string): Promise<string> {
    const day = businessDate(at, this.config.site.timezone);
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, backupFileName(day, at, this.config.site.timezone));
    const b = await createBackup(this.config.dataDir, file, this.appVersion, at);
    for (const old of backupsToPrune(await list(dir), keep)) await unlink(path.join(dir, old));
    if (copyTo) {
      await mkdir(copyTo, { recursive: true });
      await copyFile(file, path.join(copyTo, path.basename(file)));
      for (const old of backupsToPrune(await list(copyTo), keep)) await unlink(path.join(copyTo, old));
    }
    this.log.info({ file, files: b.files.length, copyTo }, 'daily backup written');
    return file;
  }
}
