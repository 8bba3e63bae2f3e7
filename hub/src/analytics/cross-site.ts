/**
 * Cross-site KPIs for the central console: the closed days the sites sent up (each with the same
 * `DayKpi` pre-aggregate a site's own reports add up) added up across sites, through the very
 * functions of a site's KPI report, so the tables and their CSV are the same; plus one row per
 * site. Pure: the uplinked rows in, tables out.
 */
import type { KpiReport } from '../protocol/reports';
import { type DayKpi, KpiAccumulator } from './day-kpi';
import { kpiTables, ratio, type ServiceInfo } from './kpis';
import { LocalClock } from './local-time';

export interface SiteDay {
  siteId: string;
  date: string;
  /** Absent on a day closed before the pre-aggregates existed: it counts in no table. */
  kpi?: DayKpi;
}

export interface SiteKpiRow {
  siteId: string;
  days: number;
  tickets: number;
  called: number;
  done: number;
  noShow: number;
  noShowRate: number | null;
  calledWithinTarget: number;
  serviceLevel: number | null;
  ratings: number;
  meanScore: number | null;
}

export type CrossSiteKpis = Omit<KpiReport, 'labels'> & { sites: SiteKpiRow[] };

const ALL = '*';

function tablesOf(days: readonly SiteDay[], timeZone: string, services: readonly ServiceInfo[]) {
  const withKpi = days.filter((d): d is SiteDay & { kpi: DayKpi } => d.kpi !== undefined);
  const acc = new KpiAccumulator(new LocalClock(timeZone));
  for (const d of withKpi) acc.addDayKpi(d.kpi);
  const dates = new Set(withKpi.map((d) => d.date));
  return kpiTables({
    acc,
    days: withKpi.map((d) => ({ date: d.date, kpi: d.kpi })),
    dayCount: dates.size,
    timeZone,
    services,
    exact: false,
  });
}

export function crossSiteKpis(p: {
  days: readonly SiteDay[];
  from: string;
  to: string;
  timeZone: string;
  services: readonly ServiceInfo[];
}): CrossSiteKpis {
  const inRange = p.days.filter((d) => d.date >= p.from && d.date <= p.to);
  const tables = tablesOf(inRange, p.timeZone, p.services);
  // The per-day table lists each site's day: one row per date and service across sites.
  const daily = new Map<string, KpiReport['daily'][number] & { waitSum: number }>();
  for (const r of tables.daily) {
    const key = `${r.date}\u0000${r.serviceId}`;
    const row = daily.get(key) ?? {
      date: r.date,
      serviceId: r.serviceId,
      arrivals: 0,
      called: 0,
      done: 0,
      meanWaitSec: null,
      waitSum: 0,
    };
    row.arrivals += r.arrivals;
    row.called += r.called;
    row.done += r.done;
    row.waitSum += (r.meanWaitSec ?? 0) * r.called;
    daily.set(key, row);
  }
  const sites = [...new Set(inRange.map((d) => d.siteId))].sort().map((siteId) => {
    const own = inRange.filter((d) => d.siteId === siteId);
    const t = tablesOf(own, p.timeZone, p.services);
    const sum = (rows: readonly Record<string, unknown>[], key: string) =>
      rows.reduce((n, r) => n + (typeof r[key] === 'number' ? (r[key] as number) : 0), 0);
    const called = sum(t.serviceLevel, 'called');
    const within = sum(t.serviceLevel, 'calledWithinTarget');
    const left = sum(t.serviceLevel, 'leftAfterTarget');
    const tickets = sum(t.rates, 'tickets');
    const noShow = sum(t.rates, 'noShow');
    const rating = t.satisfaction.find((r) => r.serviceId === ALL && r.staffId === ALL);
    return {
      siteId,
      days: new Set(own.map((d) => d.date)).size,
      tickets,
      called,
      done: sum(t.rates, 'done'),
      noShow,
      noShowRate: ratio(noShow, tickets),
      calledWithinTarget: within,
      serviceLevel: ratio(within, called + left),
      ratings: rating?.ratings ?? 0,
      meanScore: rating?.meanScore ?? null,
    };
  });
  return {
    from: p.from,
    to: p.to,
    days: [...new Set(inRange.filter((d) => d.kpi).map((d) => d.date))].sort(),
    ...tables,
    daily: [...daily.values()].map(({ waitSum, ...r }) => ({ ...r, meanWaitSec: ratio(waitSum, r.called) })),
    sites,
  };
}
