/**
 * Where a report's days come from: archived days from their pre-aggregates (the `kpi` of the
 * day's row in daily_stats.db, and the day's visit index), days still in the hot store from
 * their tickets (today live, and a finished day in the minutes before day close moves it).
 * An archived day wins over stray hot copies of the same day (a crash between archiving and
 * removal leaves both; the archive has them all).
 *
 * Days archived before pre-aggregates existed are filled in once from their archive file:
 * `kpi/DATE.json` and `visits/DATE.cbv` are written beside, and later reports read those.
 */
import type { Ticket } from '../../protocol';
import type { ArchiveReader } from '../../store/archive-reader';
import { type DayKpi, type DaySlots, dayKpi } from '../day-kpi';
import type { DailyStatsDoc } from '../day-summary';
import { type VisitChunk, visitsToChunk } from '../visit-chunk';
import { ticketsToVisits } from '../visits';
import { kpiSidecarFile, readDaySlots, readKpiSidecar, readVisitIndex, writeAtomic, writeDayFiles } from './day-files';

/** Tickets of the hot store with a business date in [from, to]. */
export type HotTickets = (from: string, to: string) => Promise<Ticket[]>;

export interface DaySource {
  date: string;
  /** Pre-aggregates of an archived day (slots only when asked for)… */
  kpi?: DayKpi;
  slots?: DaySlots;
  /** …or the tickets of a day in the hot store. */
  tickets?: Ticket[];
}

interface Backfilled {
  kpi: DayKpi;
  slots: DaySlots;
  visits: VisitChunk;
}

export class HistorySource {
  /** DATA_DIR, where the reports keep their derived files (day-files.ts). */
  readonly dataDir: string;

  constructor(
    private readonly archive: ArchiveReader,
    private readonly hot: HotTickets,
  ) {
    this.dataDir = archive.dataDir;
  }

  /**
   * Archived business dates in [from, to], sorted: archive files, and summary rows too when
   * `withRows` (the KPI path reads them anyway; the visit path need not parse them).
   */
  async archivedDates(from: string, to: string, withRows = true): Promise<string[]> {
    const dates = new Set(await this.archive.archivedDays(from, to));
    if (withRows) for (const id of (await this.archive.dailyRows()).keys()) if (id >= from && id <= to) dates.add(id);
    return [...dates].sort();
  }

  private async hotDays(from: string, to: string, skip: ReadonlySet<string>): Promise<Map<string, Ticket[]>> {
    const byDay = new Map<string, Ticket[]>();
    for (const t of await this.hot(from, to)) {
      if (skip.has(t.businessDate)) continue;
      const list = byDay.get(t.businessDate) ?? [];
      list.push(t);
      byDay.set(t.businessDate, list);
    }
    return byDay;
  }

  /** Every day of [from, to] that has data, in date order; with `slots`, archived days bring theirs. */
  async days(from: string, to: string, opts: { slots?: boolean } = {}): Promise<DaySource[]> {
    const archived = await this.archivedDates(from, to);
    const rows = await this.archive.dailyRows<DailyStatsDoc>();
    const out: DaySource[] = [];
    for (const date of archived) {
      // Built at most once per day, and only if one of its pre-aggregates is missing.
      let filled: Promise<Backfilled | null> | undefined;
      const backfill = () => {
        filled ??= this.backfill(date);
        return filled;
      };
      const kpi = rows.get(date)?.kpi ?? (await readKpiSidecar(this.dataDir, date)) ?? (await backfill())?.kpi;
      if (!kpi) continue;
      const day: DaySource = { date, kpi };
      if (opts.slots) {
        const slots = (await readDaySlots(this.dataDir, date)) ?? (await backfill())?.slots;
        if (slots) day.slots = slots;
      }
      out.push(day);
    }
    for (const [date, tickets] of await this.hotDays(from, to, new Set(archived))) out.push({ date, tickets });
    return out.sort((a, b) => (a.date < b.date ? -1 : 1));
  }

  /** One visit chunk per day of [from, to] with data, in date order. */
  async visitChunks(from: string, to: string): Promise<VisitChunk[]> {
    const archived = await this.archivedDates(from, to, false);
    const chunks: VisitChunk[] = [];
    for (const date of archived) {
      const chunk = (await readVisitIndex(this.dataDir, date)) ?? (await this.backfill(date))?.visits;
      if (chunk) chunks.push(chunk);
    }
    for (const [date, tickets] of await this.hotDays(from, to, new Set(archived)))
      chunks.push(visitsToChunk(date, ticketsToVisits(tickets)));
    return chunks.sort((a, b) => (a.date < b.date ? -1 : 1));
  }

  /**
   * Builds a day's derived files from its archive file (once; later reads find them). The KPI
   * part goes to a sidecar file rather than daily_stats.db, which only day close writes.
   */
  private async backfill(date: string): Promise<Backfilled | null> {
    const tickets = await this.archive.ticketsOfDay(date);
    if (tickets.length === 0) return null;
    const kpi = dayKpi(tickets);
    await writeAtomic(kpiSidecarFile(this.dataDir, date), JSON.stringify(kpi));
    return { kpi, ...(await writeDayFiles(this.dataDir, date, tickets)) };
  }
}
