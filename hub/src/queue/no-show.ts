/**
 * When a called visitor who does not come becomes a no-show without a clerk pressing the
 * button (policy `noShow`), and whether a no-show may be put back in the line.
 */
import type { Ticket } from '../protocol';
import type { NoShowRule } from './policy';

/**
 * Time of the last call or recall since the ticket last joined the line, or undefined if it has
 * not been called since (a ticket joins at `issued`, its first event, or again at `requeued`).
 */
export function lastCallAt(t: Ticket): number | undefined {
  const last = t.events.findLast((e) => e.type === 'called' || e.type === 'recalled' || e.type === 'requeued');
  return last?.type === 'requeued' ? undefined : last?.at;
}

/**
 * Why a called ticket should become a no-show now, or undefined. `timeout`: not started
 * `afterMs` after its last call or recall (checked on every queue operation). `recalls`: recalled
 * `afterRecalls` times and its counter calls the next visitor (checked only then, because
 * "call next" is when the clerk gives up on this visitor). A rule left out never applies.
 */
export function noShowReason(t: Ticket, now: number, rule: NoShowRule, atCallNext: boolean): 'timeout' | 'recalls' | undefined {
  if (t.status !== 'called') return undefined;
  // A called ticket always has a call event; `?? now` only satisfies the types.
  const sinceCall = now - (lastCallAt(t) ?? now);
  if (sinceCall >= (rule.afterMs ?? Number.POSITIVE_INFINITY)) return 'timeout';
  if (atCallNext && t.recalls >= (rule.afterRecalls ?? Number.POSITIVE_INFINITY)) return 'recalls';
  return undefined;
}

/** When the ticket became a no-show (its latest no_show event). */
export function noShowAt(t: Ticket): number | undefined {
  return t.events.findLast((e) => e.type === 'no_show')?.at;
}

/**
 * Until when a visitor may put this missed call back in the line themselves (a kiosk scan, the
 * same rule as a clerk's re-queue: within `requeueWithinMs` of the no-show, fewer than
 * `maxRequeues` times); undefined when the ticket is no no-show or may not come back.
 */
export function requeueDeadline(t: Ticket, rule: NoShowRule): number | undefined {
  if (t.status !== 'no_show' || !(rule.requeueWithinMs > 0)) return undefined;
  const done = t.events.filter((e) => e.type === 'requeued').length;
  if (rule.maxRequeues !== undefined && done >= rule.maxRequeues) return undefined;
  const at = noShowAt(t);
  return at === undefined ? undefined : at + rule.requeueWithinMs;
}

/**
 * The site's re-queue rule as `requeueTicket` takes it, for a no-show put back at `at` (by a clerk
 * or by the visitor at a kiosk, one rule for both): the window from its no-show, the per-ticket
 * limit and the class it waits in, each only where the policy sets it.
 */
export function requeueLimits(
  t: Ticket,
  rule: NoShowRule,
  at: number,
): { noShowAt: number; withinMs: number; maxRequeues?: number; intoClass?: string } {
  return {
    noShowAt: noShowAt(t) ?? at,
    withinMs: rule.requeueWithinMs,
    ...(rule.maxRequeues !== undefined ? { maxRequeues: rule.maxRequeues } : {}),
    ...(rule.requeueClass !== undefined ? { intoClass: rule.requeueClass } : {}),
  };
}
