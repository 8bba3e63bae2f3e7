/**
 * "I missed my call" (过号): a visitor whose ticket became a no-show checks in again at a kiosk by
 * scanning the QR on their ticket (paper or phone page), and goes back in the line themselves —
 * into the policy's re-queue class (e.g. `missed`, which a ratio gives its own turns), under the
 * same window and the same per-ticket limit as a clerk's re-queue (`queue.noShow`), counted
 * together. The QR's tracking token is the credential (as on the phone page); the kiosk is the
 * proof that the visitor stands in the hall. Audited as `ticket.requeue` with `by: 'visitor'`.
 */
import { CallboardError, type Ticket } from '../protocol';
import { requeueLimits, requeueTicket } from '../queue';
import type { Caller } from './caller';
import type { QueueParts } from './queue-parts';

export async function requeueByVisitor(q: QueueParts, t: Ticket, caller: Caller): Promise<Ticket> {
  if (t.status !== 'no_show')
    throw new CallboardError(
      'NOT_REQUEUEABLE',
      t.status === 'waiting' || t.status === 'called'
        ? `ticket ${t.number} is still in the line (${t.status}): no need to check in again`
        : `ticket ${t.number} is ${t.status}: only a missed call can be put back; please take a new ticket`,
      { status: t.status, number: t.number },
    );
  const at = q.now();
  const after = requeueTicket(t, {
    by: caller.actor,
    at,
    ...requeueLimits(t, q.catalogue.policy.noShow, at),
    note: 'checked in again at a kiosk',
  });
  q.book.replace(t, after);
  await Promise.all([
    q.store.saveTicket(after),
    q.audit.record(caller, 'ticket.requeue', after.id, { by: 'visitor', via: 'kiosk', number: after.number }),
  ]);
  q.events.emit('ticket.changed', { ticket: after });
  q.events.emit('board.changed', {});
  return after;
}
