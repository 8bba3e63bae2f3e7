/**
 * A service's ratio turn, derived from the day's tickets rather than stored: every `called`
 * event of the service that was one of the ratio's turns (an unprotected ticket of a ratio class
 * at the moment of the call), in time order, folded by `turnFromCalls`. The hub does this when it
 * loads a day (start-up, restart) or gets a new policy, so the F F R M … sequence continues where
 * it stood. Pure.
 */
import type { Ticket } from '../protocol';
import { isRatioCall, type QueuePolicy, ratioFor, standing } from './policy';
import { type RatioTurn, turnFromCalls } from './ratio';

export function turnFromTickets(tickets: Iterable<Ticket>, policy: QueuePolicy, serviceId: string): RatioTurn {
  const rule = ratioFor(policy, serviceId);
  const calls: { at: number; classId: string }[] = [];
  // Without a ratio no call is a ratio call (isRatioCall), and the turn stays new.
  for (const t of tickets) {
    if (t.serviceId !== serviceId) continue;
    for (const e of t.events) {
      if (e.type !== 'called') continue;
      const s = standing(t, e.at, policy);
      if (isRatioCall(rule, s)) calls.push({ at: e.at, classId: s.classId });
    }
  }
  calls.sort((a, b) => a.at - b.at);
  return turnFromCalls(calls.map((c) => c.classId));
}
