/**
 * The day book: today's tickets, the waiting lines and the indexes the queue looks tickets up
 * by (tracking code, idempotency key, visitor identity), and each service's last number.
 * Every change of a ticket goes through `index` (new) or `replace` (after a transition), so the
 * indexes and the forecaster's arrival rates stay in step.
 */
import { CallboardError, type Ticket } from '../protocol';
import { atDoor, CalledIndex, doorOrder, type Forecaster, inLine, type QueuePolicy } from '../queue';
import { lastSeqByService } from '../store';
import { WaitingLines } from './waiting-lines';

export const OPEN_STATUSES: ReadonlySet<string> = new Set(['waiting', 'called', 'serving']);
/** Events that end a visit at a counter (its counter time is a service-time sample). */
const RELEASES = new Set(['finished', 'no_show', 'transferred', 'cancelled']);

export class DayBook {
  private tickets = new Map<string, Ticket>();
  private waiting: WaitingLines;
  private readonly byToken = new Map<string, string>();
  private readonly byRequestKey = new Map<string, string>();
  private readonly byIdentity = new Map<string, Set<string>>();
  /** Two-step calling: the tickets waiting at each room's (counter's) door. */
  private readonly doors = new Map<string, Set<string>>();
  private lastSeq = new Map<string, number>();
  /** Per service, the tickets called since their arrival, in arrival order (the fairness record's). */
  private readonly called = new CalledIndex();
  private currentDay = '';
  private serviceDays = new Map<string, string>();
  /** The day before's closed tickets, by id and tracking code: rated late, shown on the phone page. */
  private previous = new Map<string, Ticket>();
  private readonly previousByToken = new Map<string, string>();

  constructor(
    private policy: QueuePolicy,
    private readonly forecaster: Forecaster,
  ) {
    this.waiting = new WaitingLines(policy);
  }

  /** The business day the book holds ('' before the first load). */
  get day(): string {
    return this.currentDay;
  }

  get lines(): WaitingLines {
    return this.waiting;
  }

  /**
   * Opens the book of `day` with its tickets (any order) and those carried over from earlier days
   * (still open); `lastSeq` is each service's last sequence (after its own day's tickets and every
   * number still held; default: after `ofDay`'s), `serviceDays` the day each service's numbering
   * is on. `now` starts the arrival rates of an empty day.
   */
  load(
    day: string,
    ofDay: Ticket[],
    now: number,
    carried: Ticket[] = [],
    lastSeq?: Map<string, number>,
    closedDayBefore: Ticket[] = [],
    serviceDays = new Map<string, string>(),
  ): void {
    this.serviceDays = new Map(serviceDays);
    this.previous = new Map(closedDayBefore.map((t) => [t.id, t]));
    this.previousByToken.clear();
    for (const t of closedDayBefore) if (!t.transferredTo) this.previousByToken.set(t.trackToken, t.id);
    const tickets = [...carried, ...ofDay];
    tickets.sort((a, b) => a.issuedAt - b.issuedAt);
    this.currentDay = day;
    this.tickets = new Map();
    this.waiting.clear();
    this.byToken.clear();
    this.byRequestKey.clear();
    this.byIdentity.clear();
    this.doors.clear();
    this.called.clear();
    this.forecaster.startDay(tickets[0]?.issuedAt ?? now);
    for (const t of tickets) {
      this.index(t);
      const last = t.events[t.events.length - 1];
      if (last && RELEASES.has(last.type)) this.forecaster.learn(t, last.at);
    }
    this.waiting.restoreTurns(tickets);
    this.lastSeq = new Map(lastSeq ?? lastSeqByService(ofDay));
  }

  /** The business day each service's numbering is on (its own day start, or the site's). */
  serviceDay(serviceId: string): string | undefined {
    return this.serviceDays.get(serviceId);
  }

  /** A service's own day turned (a later day start than the site's): numbers go on after `heldSeq`, or start again. */
  startServiceDay(serviceId: string, day: string, heldSeq: number | undefined): void {
    this.serviceDays.set(serviceId, day);
    if (heldSeq === undefined) this.lastSeq.delete(serviceId);
    else this.lastSeq.set(serviceId, heldSeq);
  }

  /** A new queue policy: the waiting lines are rebuilt under it. */
  applyPolicy(policy: QueuePolicy): void {
    this.policy = policy;
    this.waiting = new WaitingLines(policy);
    for (const t of this.tickets.values()) if (inLine(t)) this.waiting.add(t);
    this.waiting.restoreTurns([...this.tickets.values()]);
  }

  /** Adds a new ticket (issued, a transfer's continuation, or loaded). */
  index(t: Ticket): void {
    this.called.set(this.tickets.get(t.id), t);
    this.tickets.set(t.id, t);
    if (t.requestKey) this.byRequestKey.set(t.requestKey, t.id);
    // Every ticket joined a line once; the rates only look back half an hour anyway.
    this.forecaster.recordArrival(t, this.policy, t.issuedAt, t.arrivalAt);
    if (inLine(t)) this.waiting.add(t);
    this.fileDoor(undefined, t);
    if (!t.transferredTo) this.byToken.set(t.trackToken, t.id);
    if (t.identity && OPEN_STATUSES.has(t.status)) {
      const set = this.byIdentity.get(t.identity.hmac) ?? new Set<string>();
      set.add(t.id);
      this.byIdentity.set(t.identity.hmac, set);
    }
  }

  /** Replaces a ticket after a transition and keeps the indexes in step. */
  replace(before: Ticket, after: Ticket): void {
    // Still waiting but moved back ("I'm late") or checked in: the line re-files it. A ticket
    // called to a room's door leaves the line (two-step calling: queue/door.ts).
    if (inLine(before)) this.waiting.remove(before);
    if (inLine(after)) this.waiting.add(after);
    if (before.status !== 'waiting' && after.status === 'waiting')
      this.forecaster.recordArrival(after, this.policy, after.arrivalAt);
    this.fileDoor(before, after);
    this.called.set(this.tickets.get(after.id) ?? before, after);
    this.tickets.set(after.id, after);
    if (after.identity) {
      const hmac = after.identity.hmac;
      if (!OPEN_STATUSES.has(after.status)) this.byIdentity.get(hmac)?.delete(after.id);
      else if (!OPEN_STATUSES.has(before.status))
        this.byIdentity.set(hmac, (this.byIdentity.get(hmac) ?? new Set()).add(after.id));
    }
  }

  private fileDoor(before: Ticket | undefined, after: Ticket): void {
    if (before && atDoor(before) && before.door) this.doors.get(before.door.counterId)?.delete(before.id);
    if (atDoor(after) && after.door) {
      const set = this.doors.get(after.door.counterId) ?? new Set<string>();
      set.add(after.id);
      this.doors.set(after.door.counterId, set);
    }
  }

  /** Two-step calling: the tickets waiting at this counter's (room's) door, first called first. */
  doorOf(counterId: string): Ticket[] {
    const ids = this.doors.get(counterId);
    if (!ids || ids.size === 0) return [];
    return doorOrder([...ids].map((id) => this.tickets.get(id)).filter((t): t is Ticket => t !== undefined && atDoor(t)));
  }

  /** Stores a ticket whose status did not change (a rating), of today or of the day before. */
  update(t: Ticket): void {
    if (!this.tickets.has(t.id) && this.previous.has(t.id)) this.previous.set(t.id, t);
    else {
      this.called.set(this.tickets.get(t.id), t);
      this.tickets.set(t.id, t);
    }
  }

  /** The day before's closed tickets (for a rating pad's late score). */
  closedDayBefore(): IterableIterator<Ticket> {
    return this.previous.values();
  }

  get(id: string): Ticket | undefined {
    return this.tickets.get(id);
  }

  require(id: string): Ticket {
    const t = this.tickets.get(id);
    if (!t) throw new CallboardError('TICKET_NOT_FOUND', `no ticket "${id}" today`);
    return t;
  }

  /** Today's ticket with this tracking code, else the day before's closed one (its phone page still answers). */
  byTrackToken(token: string): Ticket | undefined {
    const id = this.byToken.get(token);
    if (id) return this.tickets.get(id);
    const before = this.previousByToken.get(token);
    return before ? this.previous.get(before) : undefined;
  }

  byRequest(key: string): Ticket | undefined {
    const id = this.byRequestKey.get(key);
    return id ? this.tickets.get(id) : undefined;
  }

  /** The ticket this visitor already waits with (or was called with) for this service, if any. */
  heldBy(hmac: string, serviceId: string): Ticket | undefined {
    for (const id of this.byIdentity.get(hmac) ?? []) {
      const t = this.tickets.get(id);
      if (t && t.serviceId === serviceId && (t.status === 'waiting' || t.status === 'called')) return t;
    }
    return undefined;
  }

  /** The service's last number today (undefined before its first ticket). */
  lastSeqOf(serviceId: string): number | undefined {
    return this.lastSeq.get(serviceId);
  }

  /** Reserves a number: call synchronously with reading it, no await in between. */
  takeSeq(serviceId: string, seq: number): void {
    this.lastSeq.set(serviceId, seq);
  }

  /** Today's tickets of x's service that arrived after x and were called since: all `calledBefore` needs. */
  calledAfter(x: Ticket): readonly Ticket[] {
    return this.called.after(x);
  }

  all(): IterableIterator<Ticket> {
    return this.tickets.values();
  }

  get size(): number {
    return this.tickets.size;
  }
}
