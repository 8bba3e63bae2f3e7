/**
 * The reports a hub answers: date ranges checked, days gathered from history and the hot
 * store, the pure analytics run. Knows nothing of HTTP (api/reports.ts is the thin layer).
 */
import { CallboardError, type PhoneContact, type PhoneReport } from '../../protocol';
import type { FrequentReply, KpiReport, RepeatPairsReply, RepeatReport, StaffingReply } from '../../protocol/reports';
import type { ArchiveReader } from '../../store/archive-reader';
import { addDays, daysBetween, isDate } from '../../time';
import { KpiAccumulator } from '../day-kpi';
import { frequentVisitors, pairPage } from '../frequent';
import { kpiTables, type ServiceInfo } from '../kpis';
import { LocalClock } from '../local-time';
import { callVisits, phoneHours, withCalls } from '../phone-contacts';
import { type PairFilter, RepeatEngine } from '../repeats';
import { staffingAdvice } from '../staffing';
import { type DaySource, HistorySource, type HotTickets } from './source';

/** Longest range a report accepts (two years and a day: a leap year either side). */
export const MAX_RANGE_DAYS = 732;
/** Visits this many days either side of a repeat report's range are read (the longest window). */
const LOOKAROUND_DAYS = 7;
export const DEFAULT_WINDOW_HOURS = 72;

export interface ReportDeps {
  /** Closed days (the store's read-only view of the archive). */
  archive: ArchiveReader;
  timeZone: string;
  services: () => readonly ServiceInfo[];
  /** Today's business date (the queue's). */
  today: () => string;
  hot: HotTickets;
  /** Phone contacts of business dates in [from, to] (phone-contacts.db); none: no phone channel. */
  phoneContacts?: (from: string, to: string) => Promise<PhoneContact[]>;
}

type Head = { from: string; to: string; days: string[] };

export class ReportService {
  readonly history: HistorySource;

  constructor(private readonly deps: ReportDeps) {
    this.history = new HistorySource(deps.archive, deps.hot);
  }

  /** Defaults to today; refuses reversed, malformed or over-long ranges. */
  range(q: { from?: string | undefined; to?: string | undefined }): { from: string; to: string } {
    const today = this.deps.today();
    const to = q.to ?? (q.from && q.from > today ? q.from : today);
    const from = q.from ?? to;
    for (const [name, d] of [
      ['from', from],
      ['to', to],
    ] as const)
      if (!isDate(d)) throw new CallboardError('VALIDATION_FAILED', `${name} must be a date YYYY-MM-DD, got "${d}"`);
    if (from > to) throw new CallboardError('VALIDATION_FAILED', `from (${from}) is after to (${to})`);
    if (daysBetween(from, to) > MAX_RANGE_DAYS)
      throw new CallboardError('VALIDATION_FAILED', `a report covers at most ${MAX_RANGE_DAYS} days`);
    return { from, to };
  }

  async kpis(q: { from?: string; to?: string }): Promise<Omit<KpiReport, 'labels'>> {
    const { from, to } = this.range(q);
    const days = await this.history.days(from, to);
    const acc = new KpiAccumulator(new LocalClock(this.deps.timeZone));
    const perDay = days.map((d) => ({ date: d.date, kpi: kpiOf(d) }));
    // Live days first, with their raw samples: if nothing stored joins them, quantiles stay exact.
    for (const d of days) if (d.tickets) acc.addDayTickets(d.tickets);
    for (const d of days) if (d.kpi) acc.addDayKpi(d.kpi);
    const tables = kpiTables({
      acc,
      days: perDay,
      dayCount: days.length,
      timeZone: this.deps.timeZone,
      services: this.deps.services(),
      exact: days.every((d) => d.tickets !== undefined),
    });
    return { from, to, days: days.map((d) => d.date), ...tables };
  }

  async staffing(q: { from?: string; to?: string; targetShare?: number }): Promise<Omit<StaffingReply, 'labels'>> {
    const { from, to } = this.range(q);
    const days = await this.history.days(from, to, { slots: true });
    const acc = new KpiAccumulator(new LocalClock(this.deps.timeZone));
    for (const d of days) {
      if (d.tickets) acc.addDayTickets(d.tickets);
      if (d.kpi) acc.addDayKpi(d.kpi);
      if (d.slots) acc.addDaySlots(d.slots);
    }
    const targetShare = q.targetShare ?? 0.8;
    const dates = days.map((d) => d.date);
    const rows = staffingAdvice({ acc, dates, timeZone: this.deps.timeZone, services: this.deps.services(), targetShare });
    return { from, to, days: dates, targetShare, rows };
  }

  private async engine(q: { from?: string; to?: string; windowHours?: number }, pairs: PairFilter | false) {
    const { from, to } = this.range(q);
    const windowHours = q.windowHours ?? DEFAULT_WINDOW_HOURS;
    // Days after `to` (up to 7, however many exist) show who came back after the range ended.
    const chunks = await this.withCalls(addDays(from, -LOOKAROUND_DAYS), addDays(to, LOOKAROUND_DAYS));
    const engine = new RepeatEngine({ windowHours, from, to, pairs });
    for (const c of chunks) engine.add(c);
    const head: Head = { from, to, days: chunks.filter((c) => c.date >= from && c.date <= to).map((c) => c.date) };
    return { engine, head, windowHours };
  }

  /** The visit chunks of [from, to] with the day's calls at the desks merged in (phone-contacts.ts). */
  private async withCalls(from: string, to: string) {
    const chunks = await this.history.visitChunks(from, to);
    const contacts = (await this.deps.phoneContacts?.(from, to)) ?? [];
    if (contacts.length === 0) return chunks;
    const calls = new Map<string, ReturnType<typeof callVisits>>();
    for (const v of callVisits(contacts)) calls.set(v.date, [...(calls.get(v.date) ?? []), v]);
    const out = chunks.map((c) => withCalls(c, c.date, calls.get(c.date) ?? []));
    for (const [date, list] of calls) if (!chunks.some((c) => c.date === date)) out.push(withCalls(undefined, date, list));
    return out.sort((a, b) => (a.date < b.date ? -1 : 1));
  }

  /** Per hour of the day: abandoned-call rate and callback success rate (phone-contacts.ts). */
  async phone(q: { from?: string; to?: string }): Promise<PhoneReport> {
    const { from, to } = this.range(q);
    const contacts = (await this.deps.phoneContacts?.(from, to)) ?? [];
    const days = [...new Set(contacts.map((c) => c.businessDate))].sort();
    return { from, to, days, hours: phoneHours(contacts, this.deps.timeZone) };
  }

  async repeats(q: { from?: string; to?: string; windowHours?: number }): Promise<Omit<RepeatReport, 'labels'>> {
    const { engine, head, windowHours } = await this.engine(q, false);
    return { ...head, windowHours, ...engine.tables() };
  }

  async pairs(
    q: { from?: string; to?: string; windowHours?: number; limit?: number; offset?: number } & PairFilter,
  ): Promise<Omit<RepeatPairsReply, 'labels'>> {
    const filter: PairFilter = {};
    if (q.serviceId !== undefined) filter.serviceId = q.serviceId;
    if (q.staffId !== undefined) filter.staffId = q.staffId;
    if (q.toServiceId !== undefined) filter.toServiceId = q.toServiceId;
    const { engine, head, windowHours } = await this.engine(q, filter);
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 100;
    return { ...head, windowHours, total: engine.pairs.length, offset, limit, pairs: pairPage(engine, offset, limit) };
  }

  async frequent(q: { from?: string; to?: string; minVisits?: number; limit?: number }): Promise<Omit<FrequentReply, 'labels'>> {
    const { from, to } = this.range(q);
    const chunks = await this.history.visitChunks(from, to);
    const minVisits = q.minVisits ?? 3;
    const visitors = frequentVisitors(chunks, { from, to, minVisits, limit: q.limit ?? 50 });
    return { from, to, days: chunks.map((c) => c.date), minVisits, visitors };
  }
}

function kpiOf(d: DaySource) {
  return d.kpi ?? new KpiAccumulator().addDayTickets(d.tickets ?? []).toDayKpi();
}
