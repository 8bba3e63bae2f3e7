/**
 * What head office's cross-site reports share: the days they cover (by default the DEFAULT_DAYS
 * ending with the newest day a site sent up, or today when none has) and how they name things
 * (the central instance's own services and priority classes; no counters or staff across sites).
 */
import type { CentralConsole } from '../central';
import { CallboardError, type ReportLabels } from '../protocol';
import { addDays } from '../time';
import type { HubContext } from './context';

/** A cross-site report covers this many days when no range is given (ending with the newest day received). */
const DEFAULT_DAYS = 30;

export interface CentralRangeQuery {
  site?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** The days the sites (or one site) sent up, and the range asked for; VALIDATION_FAILED when from is after to. */
export async function centralRange(central: CentralConsole, q: CentralRangeQuery, now: () => number) {
  const days = await central.siteDays(q.site);
  const newest = days.reduce((m, d) => (d.date > m ? d.date : m), '');
  const to = q.to ?? (newest || new Date(now()).toISOString().slice(0, 10));
  const from = q.from ?? addDays(to, -(DEFAULT_DAYS - 1));
  if (from > to) throw new CallboardError('VALIDATION_FAILED', `from (${from}) is after to (${to})`);
  return { days, from, to };
}

export function centralLabels(queue: HubContext['queue']): ReportLabels {
  return {
    services: Object.fromEntries([...queue.services.values()].map((s) => [s.id, s.name])),
    counters: {},
    staff: {},
    classes: Object.fromEntries(queue.catalogue.classes.map((k) => [k.id, k.name])),
  };
}
