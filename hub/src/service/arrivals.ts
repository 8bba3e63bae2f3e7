/**
 * Arrival confirmation of remote tickets (queue/arrival.ts, docs/queue-policy.md): the call that
 * skips an unconfirmed ticket starts its grace, a kiosk scan or "I'm here" confirms it, and a
 * ticket whose grace ran out lapses. Lapsing is lazy, as the no-show timeout is: checked at each
 * call and each look at a phone page, so the core needs no clock and a stopped hub runs nothing.
 */
import { CallboardError, type Ticket } from '../protocol';
import { arrivalLapsed, awaitsArrival, confirmArrival, lapseTicket, markTurnReached } from '../queue';
import { type Caller, SYSTEM } from './caller';
import type { QueueParts } from './queue-parts';

export class Arrivals {
  constructor(private readonly q: QueueParts) {}

  /** Lapses every unconfirmed ticket whose grace is over at `at`. */
  async sweep(at: number): Promise<void> {
    const due = this.q.book.lines.awaitingArrival().filter((t) => arrivalLapsed(t, at));
    if (due.length === 0) return;
    const writes: Promise<void>[] = [];
    for (const t of due) {
      const after = lapseTicket(t, { at, by: SYSTEM.actor });
      this.q.book.replace(t, after);
      this.q.stats.cancelled++;
      writes.push(
        this.q.store.saveTicket(after),
        this.q.audit.record(SYSTEM, 'ticket.lapse', after.id, { number: after.number, serviceId: after.serviceId }),
      );
      this.q.events.emit('ticket.changed', { ticket: after });
    }
    await Promise.all(writes);
    this.q.events.emit('board.changed', {});
  }

  /** A call at `at` picked `picked` over these unconfirmed tickets: their grace starts (once). */
  async noteSkipped(skipped: readonly Ticket[], at: number): Promise<void> {
    const writes: Promise<void>[] = [];
    for (const t of skipped) {
      const after = markTurnReached(t, at);
      if (after === t) continue;
      this.q.book.replace(t, after);
      writes.push(this.q.store.saveTicket(after));
    }
    await Promise.all(writes);
  }

  /** The visitor is here (kiosk scan or "I'm here"): from now on the ticket is called in its place. */
  async checkIn(t: Ticket, via: 'kiosk' | 'phone', caller: Caller): Promise<Ticket> {
    const at = this.q.now();
    await this.sweep(at);
    const current = this.q.book.get(t.id) ?? t;
    if (current.status !== 'waiting' && current.arrival?.lapsedAt !== undefined)
      throw new CallboardError('ILLEGAL_TRANSITION', `ticket ${current.number} lapsed: please take a new ticket`, {
        lapsed: true,
      });
    if (!awaitsArrival(current)) {
      // Nothing to confirm (already here, or no confirmation asked): still a waiting ticket is fine.
      confirmArrival(current, { at, by: caller.actor, via });
      return current;
    }
    const after = confirmArrival(current, { at, by: caller.actor, via });
    this.q.book.replace(current, after);
    await Promise.all([
      this.q.store.saveTicket(after),
      this.q.audit.record(caller, 'ticket.arrived', after.id, { number: after.number, via }),
    ]);
    this.q.events.emit('ticket.changed', { ticket: after });
    this.q.events.emit('board.changed', {});
    return after;
  }
}
