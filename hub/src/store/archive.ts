/**
 * Day close: tickets of past business days leave the hot `tickets.db` for
 * `archive/YYYY-MM-DD.db` (one NeDB file per day, same documents), and a summary row goes to
 * `daily_stats.db`. Start-up time and memory then depend on today's tickets, not on history.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type Datastore from '@seald-io/nedb';
import { type DayKpi, dayKpi } from '../analytics/day-kpi';
import { writeDayFiles } from '../analytics/history/day-files';
import type { Ticket } from '../protocol';
import { openDatastore } from './durable-datastore';

export interface DailyStatsDoc {
  _id: string; // YYYY-MM-DD
  issued: number;
  byStatus: Record<string, number>;
  byService: Record<string, { issued: number; done: number; noShow: number; meanWaitSec: number | null }>;
  archivedAt: number;
  /** Pre-aggregates for the reports (analytics/day-kpi.ts); absent on days archived before them. */
  kpi?: DayKpi;
}

export function summariseDay(date: string, tickets: readonly Ticket[], at: number): DailyStatsDoc {
  const byStatus: Record<string, number> = {};
  const byService: DailyStatsDoc['byService'] = {};
  const waits = new Map<string, number[]>();
  let issued = 0;
  for (const t of tickets) {
    byStatus[t.status] = (byStatus[t.status] ?? 0) + 1;
    const s = byService[t.serviceId] ?? { issued: 0, done: 0, noShow: 0, meanWaitSec: null };
    byService[t.serviceId] = s;
    if (!t.transferredFrom) {
      issued++;
      s.issued++;
    }
    if (t.status === 'done') s.done++;
    if (t.status === 'no_show') s.noShow++;
    const called = t.events.find((e) => e.type === 'called');
    if (called) {
      const list = waits.get(t.serviceId) ?? [];
      list.push((called.at - t.arrivalAt) / 1000);
      waits.set(t.serviceId, list);
    }
  }
  for (const [serviceId, list] of waits) {
    const s = byService[serviceId];
    if (s) s.meanWaitSec = Math.round(list.reduce((a, b) => a + b, 0) / list.length);
  }
  return { _id: date, issued, byStatus, byService, archivedAt: at, kpi: dayKpi(tickets) };
}

/**
 * Moves every ticket of a day before `today` out of `tickets`. Idempotent and crash-safe in
 * the order it writes: archive file and stats first, removal from the hot store last, so a
 * crash in between only leaves duplicates that the next run skips (same `_id`).
 */
export async function archivePastDays(
  dataDir: string,
  tickets: Datastore<Ticket & { _id: string }>,
  today: string,
  at: number,
): Promise<string[]> {
  const past = await tickets.findAsync({ businessDate: { $lt: today } });
  if (past.length === 0) return [];
  const byDay = new Map<string, (Ticket & { _id: string })[]>();
  for (const t of past) {
    const list = byDay.get(t.businessDate) ?? [];
    list.push(t);
    byDay.set(t.businessDate, list);
  }
  const archiveDir = path.join(dataDir, 'archive');
  await mkdir(archiveDir, { recursive: true });
  const stats = openDatastore<DailyStatsDoc>(path.join(dataDir, 'daily_stats.db'));
  await stats.loadDatabaseAsync();
  const days = [...byDay.keys()].sort();
  for (const day of days) {
    const docs = byDay.get(day) ?? [];
    const file = openDatastore<Ticket & { _id: string }>(path.join(archiveDir, `${day}.db`));
    await file.loadDatabaseAsync();
    const already = new Set((await file.findAsync({})).map((d) => d._id));
    const fresh = docs.filter((d) => !already.has(d._id));
    if (fresh.length > 0) await file.insertAsync(fresh);
    const all = await file.findAsync({});
    await stats.updateAsync({ _id: day }, summariseDay(day, all, at), { upsert: true });
    // The day's visit index and quarter-hour slots for the reports (DATA_DIR/analytics). Derived
    // data: if writing it fails, the reports rebuild it from the archive file when first needed.
    await writeDayFiles(dataDir, day, all).catch(() => undefined);
    await tickets.removeAsync({ businessDate: day }, { multi: true });
  }
  await tickets.compactDatafileAsync();
  return days;
}

/** The newest daily summaries (most recent first). */
export async function latestDailyStats(dataDir: string, limit = 1): Promise<DailyStatsDoc[]> {
  const stats = openDatastore<DailyStatsDoc>(path.join(dataDir, 'daily_stats.db'));
  await stats.loadDatabaseAsync();
  return stats.findAsync({}).sort({ _id: -1 }).limit(limit);
}
