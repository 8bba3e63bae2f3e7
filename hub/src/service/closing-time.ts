/**
 * Closing time: whether a service issues tickets now and when it opens next (its opening hours,
 * changed for today by a supervisor who extends them or closes early), and the sweep that closes
 * the tickets still open once closing time and its grace have passed, as "not served — closed".
 * Those already waiting at closing are still served during the grace period.
 */
import { CallboardError, type Service, type Ticket } from '../protocol';
import {
  closedPastGrace,
  closeUnservedTicket,
  type DayBounds,
  type HoursChange,
  isOpenAt,
  isWithinHours,
  nextOpening,
} from '../queue';
import type { ClosingRepository } from '../store';
import { addDays, businessDayBounds, dayStartMinutes, localToEpoch, serviceDayStart } from '../time';
import { type Caller, SYSTEM } from './caller';
import type { QueueParts } from './queue-parts';

export class ClosingTime {
  /** Today's change per service (older days' changes are forgotten when loaded). */
  private readonly changes = new Map<string, HoursChange>();

  constructor(
    private readonly q: QueueParts,
    private readonly repo: ClosingRepository,
  ) {}

  async load(at: number): Promise<void> {
    const earliest = this.q.config.site.dayStartsAt;
    const today = businessDayBounds(at, this.q.config.site.timezone, earliest).day;
    // A service's own day may start later than the site's: keep the day before too; `dayOf` filters.
    const yesterday = businessDayBounds(at - 86_400_000, this.q.config.site.timezone, earliest).day;
    const since = yesterday < today ? yesterday : today;
    await this.repo.dropBefore(since);
    // The latest day's change per service (`changeOf` uses it only on its own day).
    for (const d of (await this.repo.since(since)).sort((a, b) => a.day.localeCompare(b.day))) {
      const { _id, by, ...change } = d;
      this.changes.set(change.serviceId, change);
    }
  }

  /** The business day of `at` for this service, under its own day start or the site's. */
  boundsOf(service: Pick<Service, 'dayStartsAt'>): (at: number) => DayBounds {
    const { timezone, dayStartsAt } = this.q.config.site;
    return (at) => businessDayBounds(at, timezone, serviceDayStart(dayStartsAt, service.dayStartsAt));
  }

  private changeOf(service: Service, at: number): HoursChange | undefined {
    const c = this.changes.get(service.id);
    return c && c.day === this.boundsOf(service)(at).day ? c : undefined;
  }

  isOpen(service: Service, at: number): boolean {
    const tz = this.q.config.site.timezone;
    // Most services have no change today: their hours alone answer (this runs on every issue).
    if (!this.changes.has(service.id)) return isWithinHours(service.hours, at, tz);
    return isOpenAt(service.hours, this.changeOf(service, at), at, tz, this.boundsOf(service)(at));
  }

  /** When a closed service opens next (undefined: open now, or not within a week). */
  nextOpening(service: Service, at: number): number | undefined {
    if (this.isOpen(service, at)) return undefined;
    return nextOpening(service.hours, this.changeOf(service, at), at, this.q.config.site.timezone, this.boundsOf(service));
  }

  /**
   * A supervisor's change to today's closing time: `extend` keeps the service open until `until`
   * ("HH:MM" site time, later than now), `close-early` stops issue from `until` (default now).
   * A time before the service's day start is on the next calendar date (its day runs past midnight).
   * Audited; answers the change and the service.
   */
  async change(
    serviceId: string,
    kind: HoursChange['kind'],
    untilHhmm: string | undefined,
    caller: Caller,
  ): Promise<{ change: HoursChange; service: Service }> {
    const at = this.q.now();
    const service = this.q.catalogue.service(serviceId);
    const bounds = this.boundsOf(service)(at);
    const until = untilHhmm === undefined ? at : this.instantOf(service, bounds.day, untilHhmm);
    if (until > bounds.end)
      throw new CallboardError('VALIDATION_FAILED', `the new closing time is after the end of the business day ${bounds.day}`);
    if (kind === 'extend' && until <= at) throw new CallboardError('VALIDATION_FAILED', 'an extension must end later than now');
    if (kind === 'close-early' && until < at - 60_000)
      throw new CallboardError('VALIDATION_FAILED', 'closing early cannot be in the past: give a time from now on');
    const change: HoursChange = { serviceId, day: bounds.day, kind, at, until: Math.max(until, at) };
    // An extension earlier today still counts as opening hours (the closing-time grace counts from the real close).
    const before = this.changeOf(service, at);
    const openFrom = before?.kind === 'extend' ? (before.openFrom ?? before.at) : kind === 'extend' ? at : undefined;
    if (openFrom !== undefined) change.openFrom = openFrom;
    await Promise.all([
      this.repo.put({ _id: `${change.day}/${serviceId}`, ...change, ...(caller.actor.id ? { by: caller.actor.id } : {}) }),
      this.q.audit.record(caller, kind === 'extend' ? 'service.extend' : 'service.close_early', serviceId, {
        day: change.day,
        until: change.until,
      }),
    ]);
    this.changes.set(serviceId, change);
    this.q.events.emit('board.changed', {});
    return { change, service };
  }

  /** The instant "HH:MM" (or "24:00") names within the service's business day `day`. */
  private instantOf(service: Service, day: string, hhmm: string): number {
    const tz = this.q.config.site.timezone;
    const start = dayStartMinutes(serviceDayStart(this.q.config.site.dayStartsAt, service.dayStartsAt));
    const [h, m] = hhmm.split(':');
    const minutes = Number(h) * 60 + Number(m);
    return minutes < start ? localToEpoch(addDays(day, 1), minutes, tz) : localToEpoch(day, minutes, tz);
  }

  /**
   * Closes the tickets still waiting or called in every service whose closing time passed more
   * than the grace period ago (and that does not open again today) as "not served — closed".
   * Visitors being served are left to their clerk. Answers the tickets it closed.
   */
  async sweep(at: number): Promise<Ticket[]> {
    const grace = this.q.config.queue.closingGraceMs;
    const tz = this.q.config.site.timezone;
    // Only services with someone still waiting or called are looked at (the check walks the grace minute by minute).
    const waiting = new Set<string>();
    for (const t of this.q.book.all()) if (t.status === 'waiting' || t.status === 'called') waiting.add(t.serviceId);
    const closing = new Set<string>();
    for (const s of this.q.catalogue.services.values())
      if (waiting.has(s.id) && closedPastGrace(s.hours, this.changeOf(s, at), at, grace, tz, this.boundsOf(s))) closing.add(s.id);
    if (closing.size === 0) return [];
    const closed: Ticket[] = [];
    for (const { id } of [...this.q.book.all()]) {
      // Read again at each step: a clerk may have called or finished it while the last one was written.
      const t = this.q.book.get(id);
      if (!t || !closing.has(t.serviceId) || (t.status !== 'waiting' && t.status !== 'called')) continue;
      closed.push(await this.closeUnserved(t, at));
    }
    if (closed.length > 0) {
      await this.q.audit.record(SYSTEM, 'ticket.close_unserved', undefined, {
        services: [...closing],
        tickets: closed.map((t) => t.number),
      });
      this.q.events.emit('board.changed', {});
    }
    return closed;
  }

  private async closeUnserved(t: Ticket, at: number): Promise<Ticket> {
    const after = closeUnservedTicket(t, { by: SYSTEM.actor, at });
    this.q.book.replace(t, after);
    this.q.counters.release(after);
    await Promise.all([this.q.store.saveTicket(after), ...this.q.counters.writesFor(after)]);
    this.q.stats.cancelled++;
    this.q.events.emit('ticket.changed', { ticket: after });
    if (after.counterId) this.q.events.emit('counter.changed', { counterId: after.counterId });
    return after;
  }
}
