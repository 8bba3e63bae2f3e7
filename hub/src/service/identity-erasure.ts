/**
 * A person's erasure, for the queue's own day: their tickets of today lose their identity, in
 * memory and on disk (tickets.db compacted after, so no superseded line still names them). Refused
 * while they hold a ticket still in the queue — the queue matches them by it (one ticket per
 * person, the card tap that reprints it) until the visit ends.
 */
import { CallboardError, type Ticket } from '../protocol';
import { OPEN_STATUSES } from './day-book';
import type { QueueParts } from './queue-parts';

/** Today's tickets of this identity still waiting, called or in service. */
export function openTicketsOf(q: QueueParts, hmac: string): Ticket[] {
  return [...q.book.all()].filter((t) => t.identity?.hmac === hmac && OPEN_STATUSES.has(t.status));
}

export async function forgetTodaysIdentity(q: QueueParts, hmac: string): Promise<number> {
  if (openTicketsOf(q, hmac).length > 0)
    throw new CallboardError('PERSON_HAS_OPEN_RECORDS', 'this person holds a ticket in the queue: erase after the visit ends');
  let changed = 0;
  for (const t of [...q.book.all()]) {
    if (t.identity?.hmac !== hmac) continue;
    const { identity: _dropped, ...rest } = t;
    const after = rest as Ticket;
    q.book.update(after);
    await q.store.saveTicket(after);
    changed++;
  }
  if (changed > 0) await q.store.tickets.compactDatafileAsync();
  return changed;
}
