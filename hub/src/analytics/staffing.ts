/**
 * Staffing advice per service and hour of the week, from history: the mean arrival rate in
 * that hour (visitors and transfers joining the line, over the days of that weekday with
 * data), the service's mean counter time over the range, and Erlang C for the number of open
 * counters that would call `targetShare` of visitors within the service's target wait — shown
 * beside the counters that actually had visitors then, the service level Erlang C predicts for
 * those, and the service level measured.
 */
import type { StaffingRow } from '../protocol/reports';
import { weekdayOf } from '../time';
import type { KpiAccumulator } from './day-kpi';
import { erlangAgentsFor, erlangServiceLevel } from './erlang';
import { hourOfWeek, type ServiceInfo } from './kpis';
import { LocalClock } from './local-time';

/** When a service has no served visit in the range and no configured average. */
const DEFAULT_AHT_SEC = 300;

interface Cell {
  joined: number;
  counterQuarters: number;
  called: number;
  within: number;
  left: number;
  leftAfter: number;
}

export function staffingAdvice(p: {
  acc: KpiAccumulator;
  dates: readonly string[];
  timeZone: string;
  services: readonly ServiceInfo[];
  targetShare: number;
}): StaffingRow[] {
  const clock = new LocalClock(p.timeZone);
  const info = new Map(p.services.map((s) => [s.id, s]));
  const daysOfWeekday = new Array<number>(7).fill(0);
  for (const d of p.dates) daysOfWeekday[weekdayOf(d)] = (daysOfWeekday[weekdayOf(d)] ?? 0) + 1;
  const rows: StaffingRow[] = [];
  for (const [serviceId, s] of [...p.acc.services].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const targetMin = info.get(serviceId)?.targetWaitMin;
    if (targetMin === undefined) continue; // a service no longer configured has no target to staff for
    const ahtSec = s.serviceTime.mean() ?? info.get(serviceId)?.avgServiceSec ?? DEFAULT_AHT_SEC;
    const cells = new Map<number, Cell>();
    for (const [slotKey, slot] of s.slots) {
      const key = hourOfWeek(p.acc, clock, slotKey);
      let cell = cells.get(key);
      if (!cell) {
        cell = { joined: 0, counterQuarters: 0, called: 0, within: 0, left: 0, leftAfter: 0 };
        cells.set(key, cell);
      }
      cell.joined += slot.joined;
      cell.counterQuarters += slot.counters;
      for (const [m, n] of slot.called.counts) {
        cell.called += n;
        if (m <= targetMin) cell.within += n;
      }
      for (const [m, n] of slot.left.counts) {
        cell.left += n;
        if (m > targetMin) cell.leftAfter += n;
      }
    }
    for (const [key, cell] of [...cells].sort((a, b) => a[0] - b[0])) {
      const weekday = Math.floor(key / 24);
      const days = Math.max(1, daysOfWeekday[weekday] ?? 0);
      const arrivalsPerHour = cell.joined / days;
      const erlangs = (arrivalsPerHour * ahtSec) / 3600;
      const needed = erlangAgentsFor(erlangs, ahtSec, targetMin * 60, p.targetShare);
      const actual = cell.counterQuarters / (4 * days);
      const denominator = cell.called + cell.leftAfter;
      rows.push({
        serviceId,
        weekday,
        hour: key % 24,
        daysObserved: daysOfWeekday[weekday] ?? 0,
        arrivalsPerHour,
        ahtSec,
        erlangs,
        targetMin,
        countersNeeded: needed,
        countersActual: actual,
        predictedServiceLevel: erlangs > 0 ? erlangServiceLevel(erlangs, needed, targetMin * 60, ahtSec) : null,
        predictedServiceLevelActual: erlangs > 0 ? erlangServiceLevel(erlangs, Math.round(actual), targetMin * 60, ahtSec) : null,
        actualServiceLevel: denominator > 0 ? cell.within / denominator : null,
      });
    }
  }
  return rows;
}
