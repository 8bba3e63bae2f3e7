/**
 * The KPI report, from accumulated days (see day-kpi.ts for what a day holds and facts.ts for
 * how each figure is read from a ticket's events). Pure: the site's zone and service targets
 * are arguments. Rows are sorted so a report is stable between runs.
 */
import type { KpiReport } from '../protocol/reports';
import { countsOf, type DayKpi, type KpiAccumulator } from './day-kpi';
import type { Dist } from './dist';
import { LocalClock } from './local-time';

export interface ServiceInfo {
  id: string;
  targetWaitMin: number;
  avgServiceSec?: number;
}

export type KpiTables = Omit<KpiReport, 'from' | 'to' | 'days' | 'labels'>;

const ALL = '*';

export function ratio(num: number, den: number): number | null {
  return den > 0 ? num / den : null;
}

function stats(d: Dist): { meanSec: number | null; p50Sec: number | null; p90Sec: number | null; maxSec: number | null } {
  return { meanSec: d.mean(), p50Sec: d.quantile(0.5), p90Sec: d.quantile(0.9), maxSec: d.n ? d.max : null };
}

/** A slot key as an hour of the week, whether the accumulator folded it already or not. */
export function hourOfWeek(acc: KpiAccumulator, clock: LocalClock, key: number): number {
  return acc.clock ? key : clock.hourOfWeek(key);
}

const byId = <T>(a: [string, T], b: [string, T]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/**
 * @param acc    every day of the range added up
 * @param days   each day of the range on its own, for the per-day table
 * @param dayCount days with data, the divisor of "per day" figures
 */
export function kpiTables(p: {
  acc: KpiAccumulator;
  days: readonly { date: string; kpi: DayKpi }[];
  dayCount: number;
  timeZone: string;
  services: readonly ServiceInfo[];
  exact: boolean;
}): KpiTables {
  const { acc } = p;
  const clock = new LocalClock(p.timeZone);
  const targets = new Map(p.services.map((s) => [s.id, s.targetWaitMin]));
  const services = [...acc.services].sort(byId);

  const arrivals: KpiTables['arrivals'] = [];
  const hourTotals = new Map<string, number[]>();
  for (const [id, s] of services) {
    const hours = new Array<number>(24).fill(0);
    for (const [key, n] of s.arrivalsAt) {
      const hour = hourOfWeek(acc, clock, key) % 24;
      hours[hour] = (hours[hour] ?? 0) + n;
    }
    hourTotals.set(id, hours);
  }
  for (let hour = 0; hour < 24; hour++) {
    let total = 0;
    for (const [id, hours] of hourTotals) {
      const n = hours[hour] ?? 0;
      total += n;
      if (n > 0) arrivals.push({ hour, serviceId: id, arrivals: n, perDay: n / Math.max(1, p.dayCount) });
    }
    if (total > 0) arrivals.push({ hour, serviceId: ALL, arrivals: total, perDay: total / Math.max(1, p.dayCount) });
  }

  const daily: KpiTables['daily'] = [];
  for (const { date, kpi } of [...p.days].sort((a, b) => (a.date < b.date ? -1 : 1))) {
    // Per day, straight from the stored document: no accumulator per day.
    for (const s of kpi.services) {
      let n = 0;
      let sum = 0;
      for (const [, w] of s.waits) {
        n += w.n;
        sum += w.sum;
      }
      daily.push({ date, serviceId: s.id, arrivals: s.arrivals, called: s.called, done: s.done, meanWaitSec: ratio(sum, n) });
    }
  }

  const waiting: KpiTables['waiting'] = [];
  const serviceTime: KpiTables['serviceTime'] = [];
  const serviceLevel: KpiTables['serviceLevel'] = [];
  const rates: KpiTables['rates'] = [];
  const outcomes: KpiTables['outcomes'] = [];
  for (const [id, s] of services) {
    const all = s.allWaits();
    waiting.push({ serviceId: id, priority: ALL, called: all.n, ...stats(all) });
    for (const [cls, d] of [...s.waits].sort(byId)) waiting.push({ serviceId: id, priority: cls, called: d.n, ...stats(d) });

    serviceTime.push({ serviceId: id, staffId: ALL, served: s.serviceTime.n, ...stats(s.serviceTime) });
    // Per clerk: mean and longest (a day stores no per-clerk histogram: it would triple its size).
    for (const [staffId, t] of [...s.staffTime].sort(byId))
      serviceTime.push({
        serviceId: id,
        staffId,
        served: t.n,
        meanSec: ratio(t.sum, t.n),
        p50Sec: null,
        p90Sec: null,
        maxSec: t.n ? t.max : null,
      });

    const target = targets.get(id);
    const within = target === undefined ? 0 : all.atMost(target * 60);
    const leftAfter = target === undefined ? 0 : s.abandon.n - s.abandon.atMost(target * 60);
    serviceLevel.push({
      serviceId: id,
      targetMin: target ?? null,
      called: all.n,
      calledWithinTarget: within,
      leftAfterTarget: leftAfter,
      serviceLevel: target === undefined ? null : ratio(within, all.n + leftAfter),
    });

    rates.push({
      serviceId: id,
      ...countsOf(s),
      noShowRate: ratio(s.noShow, s.tickets),
      cancelRate: ratio(s.cancelled, s.tickets),
      leftBeforeCallRate: ratio(s.leftBeforeCall, s.tickets),
    });

    let done = 0;
    for (const n of s.outcomes.values()) done += n;
    for (const [outcome, count] of [...s.outcomes].sort(byId))
      outcomes.push({ serviceId: id, outcome, count, share: count / done });
  }

  const counters: KpiTables['counters'] = [...acc.counters].sort(byId).map(([counterId, w]) => ({
    counterId,
    calls: w.calls,
    served: w.served,
    noShows: w.noShows,
    busySec: Math.round(w.busySec),
    activeSec: Math.round(w.spanSec),
    utilisation: ratio(w.busySec, w.spanSec),
  }));

  const clerks: KpiTables['clerks'] = [...acc.staff].sort(byId).map(([staffId, w]) => {
    let n = 0;
    let sum = 0;
    for (const [, s] of services) {
      const t = s.staffTime.get(staffId);
      if (t) {
        n += t.n;
        sum += t.sum;
      }
    }
    return {
      staffId,
      calls: w.calls,
      served: w.served,
      noShows: w.noShows,
      busySec: Math.round(w.busySec),
      activeSec: Math.round(w.spanSec),
      utilisation: ratio(w.busySec, w.spanSec),
      servedPerActiveHour: ratio(w.served, w.spanSec / 3600),
      meanServiceSec: ratio(sum, n),
    };
  });

  const satisfaction = satisfactionRows(services.map(([id, s]) => [id, s.ratings]));

  return { exact: p.exact, arrivals, daily, waiting, serviceTime, serviceLevel, rates, outcomes, counters, clerks, satisfaction };
}

function satisfactionRow(serviceId: string, staffId: string, c: readonly number[]): KpiTables['satisfaction'][number] {
  const [n1 = 0, n2 = 0, n3 = 0, n4 = 0, n5 = 0] = c;
  const ratings = n1 + n2 + n3 + n4 + n5;
  const scoreSum = n1 + 2 * n2 + 3 * n3 + 4 * n4 + 5 * n5;
  return {
    serviceId,
    staffId,
    ratings,
    scoreSum,
    meanScore: ratio(scoreSum, ratings),
    score1: n1,
    score2: n2,
    score3: n3,
    score4: n4,
    score5: n5,
  };
}

/**
 * Per service: its total ('*') then one row per clerk; then per clerk over every service
 * (serviceId '*'), and the grand total ('*', '*'). Services and clerks without ratings are left out.
 */
export function satisfactionRows(
  byService: readonly [string, ReadonlyMap<string, readonly number[]>][],
): KpiTables['satisfaction'] {
  const rows: KpiTables['satisfaction'] = [];
  const add = (into: number[], c: readonly number[]) => {
    for (let i = 0; i < 5; i++) into[i] = (into[i] ?? 0) + (c[i] ?? 0);
  };
  const perStaff = new Map<string, number[]>();
  const all = [0, 0, 0, 0, 0];
  for (const [serviceId, ratings] of byService) {
    if (ratings.size === 0) continue;
    const total = [0, 0, 0, 0, 0];
    const staffRows: KpiTables['satisfaction'] = [];
    for (const [staffId, c] of [...ratings].sort(byId)) {
      add(total, c);
      let ps = perStaff.get(staffId);
      if (!ps) {
        ps = [0, 0, 0, 0, 0];
        perStaff.set(staffId, ps);
      }
      add(ps, c);
      staffRows.push(satisfactionRow(serviceId, staffId, c));
    }
    add(all, total);
    rows.push(satisfactionRow(serviceId, ALL, total), ...staffRows);
  }
  if (perStaff.size === 0) return rows;
  for (const [staffId, c] of [...perStaff].sort(byId)) rows.push(satisfactionRow(ALL, staffId, c));
  rows.push(satisfactionRow(ALL, ALL, all));
  return rows;
}
