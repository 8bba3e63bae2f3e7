/**
 * Day close: tickets of past business days leave the hot `tickets.db` for
 * `archive/YYYY-MM-DD.db` (one NeDB file per day, same documents), and a summary row goes to
 * `daily_stats.db`. Start-up time and memory then depend on today's tickets, not on history.
 * What the summary holds is the caller's (a `DaySummariser`): the store does not know the reports.
 */
import { mkdir } from 'node:fs/promises';
import type Datastore from '@seald-io/nedb';
import type { Ticket } from '../protocol';
import { archiveDir, archiveFile, type DailyRow, dailyStatsFile } from './archive-reader';
import { openDatastore } from './durable-datastore';

/** What day close makes of a closed day besides moving its tickets. */
export interface DaySummariser<Row extends DailyRow = DailyRow> {
  /** The day's row in daily_stats.db (`_id` is the date). */
  summarise(date: string, tickets: readonly Ticket[], at: number): Row;
  /** Files derived from the day; a failure is ignored (their reader rebuilds them from the archive). */
  derive?(date: string, tickets: readonly Ticket[]): Promise<unknown>;
}

/**
 * Moves every ticket of a day before `today` out of `tickets`. Idempotent and crash-safe in
 * the order it writes: archive file and stats first, removal from the hot store last, so a
 * crash in between only leaves duplicates that the next run skips (same `_id`).
 */
export async function archivePastDays<Row extends DailyRow>(
  dataDir: string,
  tickets: Datastore<Ticket & { _id: string }>,
  today: string,
  at: number,
  summariser: DaySummariser<Row>,
): Promise<string[]> {
  const past = await tickets.findAsync({ businessDate: { $lt: today } });
  if (past.length === 0) return [];
  const byDay = new Map<string, (Ticket & { _id: string })[]>();
  for (const t of past) {
    const list = byDay.get(t.businessDate) ?? [];
    list.push(t);
    byDay.set(t.businessDate, list);
  }
  await mkdir(archiveDir(dataDir), { recursive: true });
  const stats = openDatastore<Row>(dailyStatsFile(dataDir));
  await stats.loadDatabaseAsync();
  const days = [...byDay.keys()].sort();
  for (const day of days) {
    const docs = byDay.get(day) ?? [];
    const file = openDatastore<Ticket & { _id: string }>(archiveFile(dataDir, day));
    await file.loadDatabaseAsync();
    const already = new Set((await file.findAsync({})).map((d) => d._id));
    const fresh = docs.filter((d) => !already.has(d._id));
    if (fresh.length > 0) await file.insertAsync(fresh);
    const all = await file.findAsync({});
    await stats.updateAsync({ _id: day }, summariser.summarise(day, all, at), { upsert: true });
    // Derived data (the reports' indexes): if writing it fails, it is rebuilt from the archive file.
    await summariser.derive?.(day, all).catch(() => undefined);
    await tickets.removeAsync({ businessDate: day }, { multi: true });
  }
  await tickets.compactDatafileAsync();
  return days;
}
