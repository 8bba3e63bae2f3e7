/**
 * A site may want the outcome of every visit chosen by the clerk (set-up `queue.outcomeRequired`,
 * docs/queue-policy.md). Then neither a finish without an outcome nor a "call next" that would
 * finish the visit at the counter by itself (as `resolved`) is accepted.
 */
import { CallboardError, type Ticket } from '../protocol';

export function outcomeRequired(t: Pick<Ticket, 'id' | 'number'>): CallboardError {
  return new CallboardError(
    'OUTCOME_REQUIRED',
    `this site records the outcome of every visit: finish ${t.number} with an outcome (resolved, follow_up or referred) first`,
    { ticketId: t.id, number: t.number },
  );
}
