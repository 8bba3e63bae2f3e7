/**
 * A closed day's summary row (daily_stats.db): counts per status and service, mean waits, and
 * the KPI pre-aggregate the reports add up. Pure: tickets in, row out. Day close stores it; the
 * uplink sends the newest to head office.
 */
import type { Ticket } from '../protocol';
import { type DayKpi, dayKpi } from './day-kpi';
import { type GroupVisit, groupVisits } from './group-visits';

export interface DailyStatsDoc {
  _id: string; // YYYY-MM-DD
  issued: number;
  byStatus: Record<string, number>;
  byService: Record<string, { issued: number; done: number; noShow: number; meanWaitSec: number | null }>;
  archivedAt: number;
  /** Pre-aggregates for the reports (day-kpi.ts); absent on days archived before them. */
  kpi?: DayKpi;
  /** Identified visits under their group pseudonym, only where the site is in a group (group-visits.ts). */
  groupVisits?: GroupVisit[];
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
  const group = groupVisits(tickets);
  return {
    _id: date,
    issued,
    byStatus,
    byService,
    archivedAt: at,
    kpi: dayKpi(tickets),
    ...(group.length > 0 ? { groupVisits: group } : {}),
  };
}
