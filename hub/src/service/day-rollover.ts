/**
 * Day roll-over: at the first operation of a new business day numbering starts a new day and
 * yesterday's closed tickets leave the book. Nobody waiting is dropped by the calendar: tickets
 * of the day before still waiting, called or in service in a service open at that moment are
 * carried into the new day with their ids, numbers,
 * places and tracking codes (their `businessDate` stays the day they were issued), and each
 * service's new numbers continue after the highest number still held. Counters are closed only
 * when the room is empty; while carried tickets remain they stay as they are.
 */
import { closeUnservedTicket, heldSeqByService, isWithinHours } from '../queue';
import { addDays, businessDate, dayStartMinutes, localToEpoch } from '../time';
import { OPEN_STATUSES } from './day-book';
import type { QueueParts } from './queue-parts';

export class DayRollover {
  constructor(private readonly q: QueueParts) {}

  /** The business day the instant `at` belongs to, under the site's day boundary. */
  dayOf(at: number): string {
    return businessDate(at, this.q.config.site.timezone, this.q.config.site.dayStartsAt);
  }

  /** Opens the book of the day `at` falls on (start-up), with the tickets carried from the day before. */
  async open(at: number): Promise<void> {
    await this.loadDay(this.dayOf(at));
  }

  async rollIfNeeded(at: number): Promise<void> {
    const { q } = this;
    const day = this.dayOf(at);
    if (day === q.book.day) return;
    const open = [...q.book.all()].filter((t) => t.status === 'waiting' || t.status === 'called' || t.status === 'serving');
    // A service that keeps opening hours and is closed when the day turns (a service hall at
    // midnight) starts the new day afresh, as it always has: whoever is left in its line is
    // closed as "not served — closed" and its numbers start again. One open across the boundary (no hours, or hours
    // that include the moment the new day starts: a 24-hour clinic) carries its visitors.
    const tz = q.config.site.timezone;
    const boundary = localToEpoch(day, dayStartMinutes(q.config.site.dayStartsAt), tz);
    let carried = 0;
    for (const t of open) {
      const service = q.catalogue.services.get(t.serviceId);
      if (service && isWithinHours(service.hours, boundary, tz)) {
        carried++;
        continue;
      }
      await q.store.saveTicket(closeUnservedTicket(t, { by: { type: 'system' }, at, note: 'business day closed' }));
    }
    if (carried === 0) await q.counters.closeAll(at);
    await this.loadDay(day);
    q.events.emit('day.rolled', { day });
    q.events.emit('board.changed', {});
    for (const c of q.counters.all.values()) q.events.emit('counter.changed', { counterId: c.id });
  }

  private async loadDay(day: string): Promise<void> {
    const [tickets, carried, before] = await Promise.all([
      this.q.store.ticketsOfDay(day),
      this.q.store.carriedInto(day),
      this.q.store.ticketsOfDay(addDays(day, -1)),
    ]);
    const held = heldSeqByService(carried, this.q.catalogue.services.values());
    const closedBefore = before.filter((t) => !OPEN_STATUSES.has(t.status));
    this.q.book.load(day, tickets, this.q.now(), carried, held, closedBefore);
    this.q.recent.load(this.q.book.all(), this.q.config.counters);
  }
}
