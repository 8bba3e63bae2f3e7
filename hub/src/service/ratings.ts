/**
 * Ratings: a rating pad's score goes on the counter's current ticket or the visit it just ended;
 * a visitor rates their finished visit once from the phone page. Always audited.
 */
import { CallboardError, type Ticket } from '../protocol';
import { assertRateableByVisitor, LATE_RATING_MS, padRatingTarget, rateTicket } from '../queue';
import { businessDate } from '../time';
import type { Caller } from './caller';
import type { QueueParts } from './queue-parts';

export class Ratings {
  constructor(private readonly q: QueueParts) {}

  private dayOf(at: number): string {
    return businessDate(at, this.q.config.site.timezone, this.q.config.site.dayStartsAt);
  }

  /**
   * A rating pad's score: attached to the counter's current ticket, else to the visit it ended
   * within the last few minutes (queue/rating.ts). Always audited (`ticket.rating`, with
   * `attached`); returns the rated ticket, or undefined when there was none to attach it to or
   * that ticket was rated already.
   */
  async ratePad(counterId: string | undefined, score: number, caller: Caller): Promise<Ticket | undefined> {
    const at = this.q.now();
    const c = counterId ? this.q.counters.get(counterId) : undefined;
    const current = c?.state.currentTicketId ? this.q.book.get(c.state.currentTicketId) : undefined;
    // A visit ended just before the day rolled is still the counter's last one.
    const ended = [...this.q.book.all(), ...this.q.book.closedDayBefore()];
    const target = c ? padRatingTarget(ended, { counterId: c.id, current, at }) : undefined;
    let after: Ticket | undefined;
    if (target && !target.rating) {
      after = rateTicket(target, { score, at, source: 'pad', ...(counterId ? { counterId } : {}) });
      this.q.book.update(after);
    }
    await Promise.all([
      ...(after ? [this.q.store.saveTicket(after)] : []),
      this.q.audit.record(caller, 'ticket.rating', target?.id, {
        score,
        source: 'pad',
        attached: after !== undefined,
        ...(counterId ? { counterId } : {}),
      }),
    ]);
    return after;
  }

  /** The visitor rates their finished visit from the phone track page, once (same score again: no change). */
  async rateByToken(token: string, score: number, caller: Caller): Promise<Ticket> {
    const at = this.q.now();
    const t = this.q.book.byTrackToken(token);
    if (!t) throw new CallboardError('TICKET_NOT_FOUND', 'no ticket with this tracking code today');
    // A visit of the day before: rateable for a while into the new day, then its day is archived.
    if (t.businessDate < this.q.book.day && this.dayOf(at - LATE_RATING_MS) >= this.q.book.day)
      throw new CallboardError('TICKET_NOT_FOUND', 'no ticket with this tracking code today');
    assertRateableByVisitor(t);
    const after = rateTicket(t, { score, at, source: 'screen' });
    if (after === t) return t;
    this.q.book.update(after);
    await Promise.all([
      this.q.store.saveTicket(after),
      this.q.audit.record(caller, 'ticket.rating', after.id, { score, source: 'screen', attached: true }),
    ]);
    return after;
  }
}
