/**
 * Satisfaction ratings on tickets (docs/queue-policy.md "Ratings"). Pure, like the rest of the
 * queue core: the clock, the tickets and the counter's current ticket are arguments.
 *
 * A rating is a field of the ticket (`Ticket.rating`), not an event: it does not change the
 * ticket's status, may arrive after the visit ended, and a ticket has at most one.
 *
 * Which ticket a rating pad's score belongs to (`padRatingTarget`):
 *  1. the counter's current ticket (called or serving), if it has one;
 *  2. else the ticket whose visit at this counter ended last (finished or transferred on),
 *     if that was at most `RATING_ATTACH_MS` (5 minutes) before the rating;
 *  3. else none: the score stays in the audit log only.
 * A ticket that already has a rating keeps it (the first press counts).
 */
import { CallboardError, type Ticket, type TicketRating } from '../protocol';

/** A pad rating is attached to the visit the counter ended at most this long before. */
export const RATING_ATTACH_MS = 5 * 60_000;

/**
 * A visit of the business day before may still be rated this long into the new day (it ended at
 * 23:58, the visitor rates at 00:01); the rating counts on the visit's own day. The old day is
 * not archived before this has passed (hub/src/plugins/schedules.ts).
 */
export const LATE_RATING_MS = 15 * 60_000;

/** The ticket a pad rating from `counterId` at `at` belongs to (rules above), or undefined. */
export function padRatingTarget(
  tickets: Iterable<Ticket>,
  p: { counterId: string; current: Ticket | undefined; at: number; withinMs?: number },
): Ticket | undefined {
  if (p.current && (p.current.status === 'called' || p.current.status === 'serving')) return p.current;
  const within = p.withinMs ?? RATING_ATTACH_MS;
  let best: Ticket | undefined;
  let bestAt = -Infinity;
  for (const t of tickets) {
    if (t.status !== 'done' && t.status !== 'transferred') continue;
    const end = t.events.findLast((e) => e.type === 'finished' || e.type === 'transferred');
    if (!end || (end.counterId ?? t.counterId) !== p.counterId) continue;
    if (end.at > p.at || p.at - end.at > within) continue;
    if (end.at > bestAt) {
      best = t;
      bestAt = end.at;
    }
  }
  return best;
}

/**
 * Puts a rating on a ticket. Refuses a second rating (`ALREADY_RATED`), except the same score
 * from the same source again, which returns the ticket unchanged (an idempotent retry).
 */
export function rateTicket(t: Ticket, rating: TicketRating): Ticket {
  if (!Number.isInteger(rating.score) || rating.score < 1 || rating.score > 5)
    throw new CallboardError('VALIDATION_FAILED', `a rating is a whole number from 1 to 5, got ${rating.score}`);
  if (t.rating) {
    if (t.rating.score === rating.score && t.rating.source === rating.source) return t;
    throw new CallboardError('ALREADY_RATED', `ticket ${t.number} was rated already`, { ticketId: t.id });
  }
  const r: TicketRating = { score: rating.score, at: rating.at, source: rating.source };
  if (rating.counterId !== undefined) r.counterId = rating.counterId;
  return { ...t, rating: r };
}

/** A visit the visitor may rate from their phone: finished (at the last service of a transfer chain). */
export function assertRateableByVisitor(t: Ticket): void {
  if (t.status !== 'done')
    throw new CallboardError('VISIT_NOT_FINISHED', `ticket ${t.number} is ${t.status}: only a finished visit can be rated`, {
      ticketId: t.id,
      status: t.status,
    });
}
