/**
 * The visitor gives up their own waiting ticket from the phone page: the tracking token is the
 * proof of holding it. Only a waiting ticket; audited as `ticket.cancel` with `by: visitor`.
 */
import { CallboardError, type Ticket } from '../protocol';
import { cancelTicket } from '../queue';
import type { Caller } from './caller';
import type { QueueParts } from './queue-parts';

export async function cancelByToken(q: QueueParts, token: string, caller: Caller): Promise<Ticket> {
  const t = q.book.byTrackToken(token);
  if (!t) throw new CallboardError('TICKET_NOT_FOUND', 'no ticket with this tracking code today');
  if (t.status !== 'waiting')
    throw new CallboardError('ILLEGAL_TRANSITION', 'only a waiting ticket can be cancelled from the phone');
  const after = cancelTicket(t, { by: caller.actor, at: q.now(), note: 'cancelled by the visitor' });
  q.book.replace(t, after);
  q.stats.cancelled++;
  await Promise.all([q.store.saveTicket(after), q.audit.record(caller, 'ticket.cancel', after.id, { by: 'visitor' })]);
  q.events.emit('ticket.changed', { ticket: after });
  q.events.emit('board.changed', {});
  return after;
}
