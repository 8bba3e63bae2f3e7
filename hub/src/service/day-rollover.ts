/**
 * Day roll-over: at the first operation of a new business day the day's open tickets are
 * cancelled, every counter closed, numbering starts again and yesterday is forgotten.
 */
import { cancelTicket } from '../queue';
import { businessDate } from '../time';
import type { QueueParts } from './queue-parts';

export class DayRollover {
  constructor(private readonly q: QueueParts) {}

  /** Opens the book of the day `at` falls on (start-up). */
  async open(at: number): Promise<void> {
    await this.loadDay(businessDate(at, this.q.config.site.timezone));
  }

  async rollIfNeeded(at: number): Promise<void> {
    const { q } = this;
    const day = businessDate(at, q.config.site.timezone);
    if (day === q.book.day) return;
    const left = [...q.book.all()].filter((t) => t.status === 'waiting' || t.status === 'called');
    for (const t of left) {
      const closed = cancelTicket(t, { by: { type: 'system' }, at, note: 'business day closed' });
      await q.store.saveTicket(closed);
    }
    await q.counters.closeAll(at);
    await this.loadDay(day);
    q.events.emit('day.rolled', { day });
    q.events.emit('board.changed', {});
    for (const c of q.counters.all.values()) q.events.emit('counter.changed', { counterId: c.id });
  }

  private async loadDay(day: string): Promise<void> {
    const tickets = await this.q.store.ticketsOfDay(day);
    this.q.book.load(day, tickets, this.q.now());
    this.q.recent.load(this.q.book.all(), this.q.config.counters);
  }
}
