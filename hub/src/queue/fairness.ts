/**
 * The fairness record a waiting visitor is shown (docs/queue-policy.md "Who went before you"):
 * the visitors of the same service who arrived after them and were called while they waited,
 * by the reason they went first — their class at the moment of the call (priority, appointment,
 * returning patient under a ratio, `missed` for a missed call put back …), `transfer` (a transfer
 * put at the head of the line) or `pick` (a supervisor called them out of turn, for a reason kept
 * on the call: `outOfTurn`).
 * Derived from the day's `called` events, so it needs no record of its own. Pure.
 *
 * `CalledIndex` keeps, per service, the only tickets that can count for anybody (those with a call
 * since their arrival) in arrival order, so that a phone's `GET /track` reads the few after its
 * ticket instead of scanning the whole day: `calledBefore(x, index.after(x), policy)` is the same
 * answer as `calledBefore(x, dayTickets, policy)` as long as the index saw every change.
 */
import type { Ticket, TicketEvent } from '../protocol';
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
    // Somebody of the same service who arrived after x (x itself compares equal, so it is skipped) …
    if (t.serviceId !== x.serviceId || compareArrival(t, x) <= 0) continue;
    // … called since that arrival, hence while x waited: a call before a re-queue or a move back
    // gave t its new arrival time and was made in its earlier place, ahead of x.
    const call = callSinceArrival(t);
    if (!call) continue;
    const reason = call.outOfTurn ? 'pick' : t.atHead ? 'transfer' : standing(t, call.at, policy).classId;
    byReason[reason] = (byReason[reason] ?? 0) + 1;
    total++;
  }
  return { total, byReason };
}

/** A ticket's first call since its (latest) arrival: the call that can have overtaken somebody. */
export function callSinceArrival(t: Ticket): TicketEvent | undefined {
  return t.events.find((e) => e.type === 'called' && e.at >= t.arrivalAt);
}

/** Per service, the tickets with a call since their arrival, in arrival order (compareArrival). */
export class CalledIndex {
  private readonly byService = new Map<string, Ticket[]>();

  clear(): void {
    this.byService.clear();
  }

  /** Files a ticket's new state `after` in place of its old one `before` (undefined: a new ticket). */
  set(before: Ticket | undefined, after: Ticket): void {
    if (before) this.remove(before);
    if (!callSinceArrival(after)) return;
    const list = this.byService.get(after.serviceId) ?? [];
    this.byService.set(after.serviceId, list);
    list.splice(firstAfter(list, after, true), 0, after);
  }

  /** The filed tickets of x's service that arrived after x, in arrival order. */
  after(x: Ticket): readonly Ticket[] {
    const list = this.byService.get(x.serviceId) ?? [];
    return list.slice(firstAfter(list, x, false));
  }

  private remove(t: Ticket): void {
    const list = this.byService.get(t.serviceId);
    if (!list) return;
    const at = firstAfter(list, t, true);
    // Filed under its own arrival; should a caller pass another copy, find it by id.
    const i = list[at]?.id === t.id ? at : list.findIndex((e) => e.id === t.id);
    if (i >= 0) list.splice(i, 1);
  }
}

/** The first index whose ticket compares after x (orEqual: at or after x). Binary search. */
function firstAfter(list: readonly Ticket[], x: Ticket, orEqual: boolean): number {
  let [lo, hi] = [0, list.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const c = compareArrival(list[mid] as Ticket, x);
    if (c > 0 || (orEqual && c === 0)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
