/**
 * Day roll-over: at the first operation of a new business day numbering starts a new day and
 * yesterday's closed tickets leave the book. Nobody waiting is dropped by the calendar: tickets
 * of the day before still waiting, called or in service in a service open at that moment are
 * carried into the new day with their ids, numbers, places and tracking codes (their
 * `businessDate` stays the day they were issued), and each service's new numbers continue after
 * the highest number still held. Counters are closed only when the room is empty; while carried
 * tickets remain they stay as they are.
 *
 * A service may start its own day later than the site (`dayStartsAt` on the service: an evening
 * clinic working to 04:00 in a hall whose day ends at midnight). Its tickets are dated by its own
 * day, its numbers run on through the site's roll and start their new day at its own boundary,
 * where the same rule applies: carried if it is open then, started afresh if it is closed.
 */
import type { Service, Ticket } from '../protocol';
import { closeUnservedTicket, heldSeqByService, isWithinHours } from '../queue';
import { lastSeqByService } from '../store';
import { addDays, businessDate, dayStartMinutes, localToEpoch, serviceDayStart } from '../time';
import { OPEN_STATUSES } from './day-book';
import type { QueueParts } from './queue-parts';

export class DayRollover {
  constructor(private readonly q: QueueParts) {}

  /** The business day the instant `at` belongs to, under the site's day boundary. */
  dayOf(at: number): string {
    return businessDate(at, this.q.config.site.timezone, this.q.config.site.dayStartsAt);
  }

  /** The business day of `at` for this service (its own day start, or the site's): the day its tickets are dated. */
  serviceDayOf(service: Pick<Service, 'dayStartsAt'>, at: number): string {
    return businessDate(at, this.q.config.site.timezone, this.startOf(service));
  }

  private startOf(service: Pick<Service, 'dayStartsAt'>): string | undefined {
    return serviceDayStart(this.q.config.site.dayStartsAt, service.dayStartsAt);
  }

  /** Opens the book of the day `at` falls on (start-up), with the tickets carried from the day before. */
  async open(at: number): Promise<void> {
    await this.loadDay(this.dayOf(at));
  }

  async rollIfNeeded(at: number): Promise<void> {
    const { q } = this;
    const day = this.dayOf(at);
    const services = [...q.catalogue.services.values()];
    const rolled = new Map(
      services.filter((s) => this.serviceDayOf(s, at) !== q.book.serviceDay(s.id)).map((s) => [s.id, s] as const),
    );
    if (day === q.book.day && rolled.size === 0) return;
    const open = [...q.book.all()].filter((t) => OPEN_STATUSES.has(t.status));
    // A service that keeps opening hours and is closed when its day turns (a service hall at
    // midnight) starts the new day afresh, as it always has: whoever is left in its line is
    // closed as "not served — closed" and its numbers start again. One open across the boundary
    // (no hours, or hours that include the moment its new day starts: a 24-hour clinic) carries
    // its visitors; one whose own day has not ended yet keeps them as they are.
    const tz = q.config.site.timezone;
    let kept = 0;
    for (const t of open) {
      const service = rolled.get(t.serviceId);
      if (!service || isWithinHours(service.hours, this.boundaryOf(service, at), tz)) {
        kept++;
        continue;
      }
      const after = closeUnservedTicket(t, { by: { type: 'system' }, at, note: 'business day closed' });
      await q.store.saveTicket(after);
      if (day === q.book.day) this.replace(t, after);
    }
    if (day !== q.book.day) {
      if (kept === 0) await q.counters.closeAll(at);
      await this.loadDay(day);
      q.events.emit('day.rolled', { day });
    } else {
      // Only a service's own day turned: its numbers continue after those still held, else start again.
      const held = heldSeqByService(
        [...q.book.all()].filter((t) => OPEN_STATUSES.has(t.status)),
        services,
      );
      for (const s of rolled.values()) q.book.startServiceDay(s.id, this.serviceDayOf(s, at), held.get(s.id));
    }
    q.events.emit('board.changed', {});
    for (const c of q.counters.all.values()) q.events.emit('counter.changed', { counterId: c.id });
  }

  /** The instant this service's current day (at `at`) started. */
  private boundaryOf(service: Service, at: number): number {
    const start = this.startOf(service);
    return localToEpoch(this.serviceDayOf(service, at), dayStartMinutes(start), this.q.config.site.timezone);
  }

  private replace(before: Ticket, after: Ticket): void {
    this.q.book.replace(before, after);
    this.q.counters.release(after);
    this.q.events.emit('ticket.changed', { ticket: after });
  }

  private async loadDay(day: string): Promise<void> {
    const now = this.q.now();
    const [tickets, carried, before] = await Promise.all([
      this.q.store.ticketsOfDay(day),
      this.q.store.carriedInto(day),
      this.q.store.ticketsOfDay(addDays(day, -1)),
    ]);
    const services = [...this.q.catalogue.services.values()];
    const closedBefore = before.filter((t) => !OPEN_STATUSES.has(t.status));
    // Each service numbers on after its own day's tickets (a later day start: some are dated
    // the day before) and after every number still held in the room.
    const serviceDays = new Map(services.map((s) => [s.id, this.serviceDayOf(s, now)]));
    const seqs = heldSeqByService(carried, services);
    const ofServiceDay = [...tickets, ...carried, ...closedBefore].filter((t) => t.businessDate === serviceDays.get(t.serviceId));
    for (const [id, seq] of lastSeqByService(ofServiceDay)) if (seq > (seqs.get(id) ?? 0)) seqs.set(id, seq);
    this.q.book.load(day, tickets, now, carried, seqs, closedBefore, serviceDays);
    // Masked names on screens are kept for one day only (screen-names.ts).
    this.q.names.forgetAll(day);
    this.q.recent.load(this.q.book.all(), this.q.config.counters);
  }
}
