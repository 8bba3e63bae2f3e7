/**
 * "I'm running late" from the phone page (queue/late.ts): the track token is the credential, the
 * site sets how far and how often (`visitors.late`). Audited; the board and the estimates follow
 * because the line re-files the ticket under its new arrival time.
 */
import { CallboardError, type Ticket } from '../protocol';
import { moveBack } from '../queue';
import type { Caller } from './caller';
import type { QueueParts } from './queue-parts';

export async function moveBackByToken(q: QueueParts, token: string, places: number | 'end', caller: Caller): Promise<Ticket> {
  const t = q.book.byTrackToken(token);
  if (!t) throw new CallboardError('TICKET_NOT_FOUND', 'no ticket with this tracking code today');
  const at = q.now();
  const before = q.book.lines.position(t, at);
  const line = t.status === 'waiting' ? q.book.lines.ordered(t.serviceId, at) : [];
  const after = moveBack(t, { line, places, at, by: caller.actor, limits: q.config.visitors.late });
  q.book.replace(t, after);
  const position = q.book.lines.position(after, at);
  await Promise.all([
    q.store.saveTicket(after),
    q.audit.record(caller, 'ticket.move_back', after.id, { number: after.number, places, from: before, to: position }),
  ]);
  q.events.emit('ticket.changed', { ticket: after });
  q.events.emit('board.changed', {});
  return after;
}
