/**
 * Closed days, read only: the tickets of archive/YYYY-MM-DD.db and the summary rows of
 * daily_stats.db. Everything goes through nedb-file.ts (parsing, never NeDB's load, which would
 * rewrite a file that day close may be appending to). Reports and a visitor's history read
 * closed days only through here.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Ticket } from '../protocol';
import { CachedNedbFile, readNedbDocs } from './nedb-file';

/** A summary row of daily_stats.db: `_id` is the date; the rest is the day summariser's. */
export interface DailyRow {
  _id: string;
}

const ARCHIVE_FILE = /^(\d{4}-\d{2}-\d{2})\.db$/;

export function archiveDir(dataDir: string): string {
  return path.join(dataDir, 'archive');
}

export function archiveFile(dataDir: string, date: string): string {
  return path.join(archiveDir(dataDir), `${date}.db`);
}

export function dailyStatsFile(dataDir: string): string {
  return path.join(dataDir, 'daily_stats.db');
}

export class ArchiveReader {
  private readonly stats: CachedNedbFile<DailyRow>;

  constructor(readonly dataDir: string) {
    this.stats = new CachedNedbFile(dailyStatsFile(dataDir));
  }

  /** Business dates in [from, to] that have an archive file, sorted. */
  async archivedDays(from: string, to: string): Promise<string[]> {
    let files: string[] = [];
    try {
      files = await readdir(archiveDir(this.dataDir));
    } catch {
      // no day closed yet
    }
    const dates: string[] = [];
    for (const f of files) {
      const date = ARCHIVE_FILE.exec(f)?.[1];
      if (date && date >= from && date <= to) dates.push(date);
    }
    return dates.sort();
  }

  /** Every ticket of an archived day (none when the day has no file). */
  async ticketsOfDay(date: string): Promise<Ticket[]> {
    return [...(await readNedbDocs<Ticket & { _id: string }>(archiveFile(this.dataDir, date))).values()];
  }

  /**
   * The tickets of archived days in [from, to] that carry this identity HMAC. Only lines naming
   * it are parsed, and deletions (which name only the `_id`), so a removed ticket stays removed.
   */
  async ticketsOfIdentity(hmac: string, from: string, to: string): Promise<Ticket[]> {
    const found: Ticket[] = [];
    const keep = (line: string) => line.includes(hmac) || line.includes('"$$deleted"');
    for (const date of await this.archivedDays(from, to)) {
      const docs = await readNedbDocs<Ticket & { _id: string }>(archiveFile(this.dataDir, date), keep).catch(
        () => new Map<string, Ticket>(),
      );
      for (const t of docs.values()) if (t.identity?.hmac === hmac) found.push(t);
    }
    return found;
  }

  /** The summary rows by date (the file is parsed again only when it changed). */
  async dailyRows<Row extends DailyRow>(): Promise<ReadonlyMap<string, Row>> {
    return (await this.stats.docs()) as Map<string, Row>;
  }
}

/** The newest daily summaries, most recent first. */
export async function latestDailyStats<Row extends DailyRow>(dataDir: string, limit = 1): Promise<Row[]> {
  const rows = await readNedbDocs<Row>(dailyStatsFile(dataDir));
  return [...rows.values()].sort((a, b) => (a._id < b._id ? 1 : a._id > b._id ? -1 : 0)).slice(0, limit);
}
