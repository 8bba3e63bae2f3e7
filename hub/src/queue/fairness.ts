/**
 * The fairness record a waiting visitor is shown (docs/queue-policy.md "Who went before you"):
 * the visitors of the same service who arrived after them and were called while they waited,
 * by the reason they went first — their class at the moment of the call (priority, appointment,
 * returning patient under a ratio, `missed` for a missed call put back …), `transfer` (a transfer
 * put at the head of the line) or `pick` (a supervisor called them out of turn, for a reason kept
 * on the call: `outOfTurn`).
 * Derived from the day's `called` events, so it needs no record of its own. Pure.
 */
import type { Ticket } from '../protocol';
import { type QueuePolicy, standing } from './policy';
import { compareArrival } from './selection';

export interface CalledBefore {
  total: number;
  /** Class id (or `transfer`) → how many. */
  byReason: Record<string, number>;
}

export function calledBefore(x: Ticket, dayTickets: Iterable<Ticket>, policy: QueuePolicy): CalledBefore {
  const byReason: Record<string, number> = {};
  let total = 0;
  for (const t of dayTickets) {
    if (t.id === x.id || t.serviceId !== x.serviceId || compareArrival(t, x) <= 0) continue;
    const call = t.events.find((e) => e.type === 'called' && e.at >= x.arrivalAt && e.at >= t.arrivalAt);
    if (!call) continue;
    const reason = call.outOfTurn ? 'pick' : t.atHead ? 'transfer' : standing(t, call.at, policy).classId;
    byReason[reason] = (byReason[reason] ?? 0) + 1;
    total++;
  }
  return { total, byReason };
}
