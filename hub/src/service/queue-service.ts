/**
 * The hub's queue: today's tickets and the counters, in memory, backed by the store.
 * Each operation (1) checks and applies a pure transition from `hub/src/queue` synchronously,
 * so two counters pressing "call next" at once can never get the same ticket, (2) persists the
 * result and the audit record, and only then (3) answers and emits its events on the hub's
 * event bus (hub/src/events), which the live publisher and the other services listen to.
 * Who is called next, positions and estimates follow the site's queue policy
 * (queue/policy.ts, docs/queue-policy.md).
 *
 * This class only assembles the parts, each owning its state: the catalogue (services, policy,
 * set-up version), the counters, the day book (tickets, lines, indexes), day roll-over, the
 * issuer, the clerk's calls and ticket actions, ratings, the forecaster, the views, the board's
 * recent calls and the audit log.
 */
import type { HubConfig } from '../config';
import type { HubEvents } from '../events';
import {
  type BoardSnapshot,
  type CallbackInfo,
  CallboardError,
  type CounterStateName,
  type IssuedTicket,
  type Service,
  type StoredIdentity,
  type Ticket,
  trackTokenFromScan,
} from '../protocol';
import { Forecaster, rangeUse, type TransferMode } from '../queue';
import { ClosingRepository, CounterStateRepository, type Store } from '../store';
import type { AuditLog } from './audit-log';
import type { Caller } from './caller';
import { Catalogue } from './catalogue';
import { ClerkCalls } from './clerk-calls';
import { ClosingTime } from './closing-time';
import { assertOwnsTicket } from './counter-access';
import { type CounterRuntime, Counters } from './counters';
import { DayBook, OPEN_STATUSES } from './day-book';
import { DayRollover } from './day-rollover';
import { DoorCalls } from './door-calls';
import { forgetTodaysIdentity } from './identity-erasure';
import { type IssueRequest, Issuer } from './issuer';
import { moveBackByToken } from './late-moves';
import { requeueByVisitor } from './missed-calls';
import { type CodeSender, PhoneCodes } from './phone-codes';
import { mayWorkAt, type Principal, type QueueAction } from './principals';
import { newQueueStats, type QueueParts, type QueueStats } from './queue-parts';
import { QueueViews } from './queue-views';
import { Ratings } from './ratings';
import { RecentCalls } from './recent-calls';
import { RemoteJoin } from './remote-join';
import { boardMoves } from './route-views';
import { ScreenNames } from './screen-names';
import { TicketActions } from './ticket-actions';
import { cancelByToken } from './visitor-cancel';

export type { Caller } from './caller';
export type { CounterRuntime } from './counters';
export type { IssueRequest } from './issuer';

export class QueueService {
  readonly catalogue: Catalogue;
  readonly views: QueueViews;
  /** Opening hours with today's changes (extend, close early) and the closing-time sweep. */
  readonly closing: ClosingTime;
  /** The join page's service: remote tickets, phone codes, the site network (remote-join.ts). */
  readonly remote: RemoteJoin;
  /** What sends phone codes by SMS, once the notification outbox is set up (`useCodeSender`). */
  private codeSender: CodeSender | undefined;
  readonly stats: QueueStats = newQueueStats();
  /** Masked names of today's visitors (memory only) and staff names, for screens and the voice. */
  readonly names = new ScreenNames();
  private readonly parts: QueueParts;
  private readonly counterBook: Counters;
  private readonly book: DayBook;
  private readonly rollover: DayRollover;
  private readonly issuer: Issuer;
  private readonly calls: ClerkCalls;
  private readonly doors: DoorCalls;
  private readonly actions: TicketActions;
  private readonly ratings: Ratings;

  constructor(
    private readonly config: HubConfig,
    store: Store,
    secret: string,
    private readonly now: () => number,
    private readonly events: HubEvents,
    readonly audit: AuditLog,
    onSiteNetwork: (ip: string | undefined) => boolean = () => false,
  ) {
    this.catalogue = new Catalogue(config);
    const forecaster = new Forecaster(config.services);
    this.counterBook = new Counters(new CounterStateRepository(store));
    this.book = new DayBook(this.catalogue.policy, forecaster);
    this.parts = {
      config,
      store,
      now,
      events,
      audit: this.audit,
      catalogue: this.catalogue,
      counters: this.counterBook,
      book: this.book,
      forecaster,
      recent: new RecentCalls(() => config.queue.boardHistory),
      stats: this.stats,
      names: this.names,
    };
    this.closing = new ClosingTime(this.parts, new ClosingRepository(store));
    this.views = new QueueViews(this.parts, this.closing);
    this.rollover = new DayRollover(this.parts);
    this.calls = new ClerkCalls(this.parts, this.rollover);
    this.doors = new DoorCalls(this.parts, this.rollover, this.calls);
    this.issuer = new Issuer(this.parts, secret, this.rollover, this.calls, this.views, this.closing);
    this.actions = new TicketActions(this.parts, this.calls);
    this.ratings = new Ratings(this.parts);
    const codes = new PhoneCodes(secret, () => this.codeSender);
    this.remote = new RemoteJoin(this.parts, this.issuer, this.views, codes, onSiteNetwork);
  }

  /** The SMS sender of one-time phone codes (the notification outbox); none = joining needs the site network. */
  useCodeSender(sender: CodeSender | undefined): void {
    this.codeSender = sender;
  }

  /** The services offered (read-only: a new set-up goes through `applySetup`). */
  get services(): ReadonlyMap<string, Service> {
    return this.catalogue.services;
  }

  /** The counters at work (read-only). */
  get counters(): ReadonlyMap<string, CounterRuntime> {
    return this.counterBook.all;
  }

  get setupVersion(): number {
    return this.catalogue.setupVersion;
  }

  get businessDate(): string {
    return this.book.day;
  }

  /** Loads today's tickets and the counters' state; numbering continues after the highest persisted number. */
  async load(): Promise<void> {
    const at = this.now();
    await this.rollover.open(at);
    await this.calls.stops.repair();
    await this.closing.load(at);
    await this.counterBook.load(this.config, at, (id) => this.book.get(id) !== undefined);
  }

  /**
   * Takes up the set-up `config` now holds (services, counters, queue policy) as `version`,
   * without a restart: a counter keeps its state, a new one starts closed (the set-up service
   * has made sure a removed one was closed and a removed service had no open tickets), the
   * waiting lines are rebuilt under the new policy, and screens are told.
   */
  applySetup(version: number): void {
    this.catalogue.apply(this.config, version);
    this.parts.forecaster.applyServices(this.config.services);
    const touched = this.counterBook.apply(this.config, this.now());
    this.book.applyPolicy(this.catalogue.policy);
    this.parts.recent.trim();
    this.events.emit('setup.changed', { version });
    for (const counterId of touched) this.events.emit('counter.changed', { counterId });
    this.events.emit('board.changed', {});
  }

  /** Today's open (waiting, called, serving) tickets per service and per requested priority class. */
  openTickets(): { byService: Map<string, number>; byPriority: Map<string, number> } {
    const byService = new Map<string, number>();
    const byPriority = new Map<string, number>();
    for (const t of this.book.all()) {
      if (!OPEN_STATUSES.has(t.status)) continue;
      byService.set(t.serviceId, (byService.get(t.serviceId) ?? 0) + 1);
      byPriority.set(t.priority, (byPriority.get(t.priority) ?? 0) + 1);
    }
    return { byService, byPriority };
  }

  /** How much of its number range each service has used today (1 and above: wider numbers in use). */
  numberRangeUse(): { serviceId: string; use: number }[] {
    return [...this.catalogue.services.values()].map((s) => ({
      serviceId: s.id,
      use: rangeUse(this.book.lastSeqOf(s.id), s.numberRange),
    }));
  }

  /** Services whose hourly cap on anonymous tickets refused someone in the last hour. */
  anonymousIssueLimited(): { serviceId: string; at: number }[] {
    return this.issuer.anonymousQuota.limited(this.now());
  }

  // ---------------- operations (each in its own module) ----------------

  issue(req: IssueRequest, caller: Caller): Promise<IssuedTicket> {
    return this.issuer.issue(req, caller);
  }

  callNext(counterId: string, caller: Caller): Promise<Ticket> {
    return this.calls.callNext(counterId, caller);
  }

  callSpecific(counterId: string, ticketId: string, caller: Caller, reason: string): Promise<Ticket> {
    return this.calls.callSpecific(counterId, ticketId, caller, reason);
  }

  /** Two-step calling: the next visitor to this room's door (door-calls.ts). */
  callToDoor(counterId: string, caller: Caller): Promise<Ticket> {
    return this.doors.callToDoor(counterId, caller);
  }

  /** Two-step calling: the first visitor at this room's door into the room. */
  callIn(counterId: string, caller: Caller): Promise<Ticket> {
    return this.doors.callIn(counterId, caller);
  }

  setCounterState(counterId: string, state: CounterStateName, caller: Caller, reason?: string): Promise<CounterRuntime> {
    return this.calls.setCounterState(counterId, state, caller, reason);
  }

  recall(id: string, caller: Caller): Promise<Ticket> {
    return this.actions.recall(id, caller);
  }

  start(id: string, caller: Caller): Promise<Ticket> {
    return this.actions.start(id, caller);
  }

  async finish(id: string, caller: Caller, outcome?: string, note?: string): Promise<Ticket> {
    return (await this.actions.finish(id, caller, outcome, note)).ticket;
  }

  /** Finish, and (a multi-stop visit) the same number's ticket now waiting at its next stop. */
  finishStop(id: string, caller: Caller, outcome?: string, note?: string): Promise<{ ticket: Ticket; next?: Ticket }> {
    return this.actions.finish(id, caller, outcome, note);
  }

  /** The clerk serving a ticket, or a supervisor, changes the stops still to come (stops.ts). */
  changeRoute(id: string, stops: readonly string[], caller: Caller, note?: string): Promise<Ticket> {
    return this.calls.stops.change(id, stops, caller, note);
  }

  noShow(id: string, caller: Caller, note?: string): Promise<Ticket> {
    return this.actions.noShow(id, caller, note);
  }

  cancel(id: string, caller: Caller, note?: string): Promise<Ticket> {
    return this.actions.cancel(id, caller, note);
  }

  transfer(id: string, caller: Caller, serviceId: string, keepArrival?: boolean, note?: string, mode?: TransferMode) {
    return this.actions.transfer(id, caller, serviceId, keepArrival, note, mode);
  }

  /** "No answer — try again later" on a callback ticket (docs/phone.md). */
  callbackNoAnswer(id: string, caller: Caller, retryMs: number, maxAttempts: number): Promise<Ticket> {
    return this.actions.noAnswer(id, caller, retryMs, maxAttempts);
  }

  /** A callback ticket for a phone caller; the phone service has checked who asks and protected the number. */
  issueCallback(serviceId: string, caller: Caller, phone: StoredIdentity, callback: CallbackInfo): Promise<IssuedTicket> {
    return this.issuer.issueCallback(serviceId, caller, phone, callback);
  }

  /** The ticket, if `caller` may act on it (their skills; at a clerk's counter, that clerk): the phone service's dial. */
  ticketFor(id: string, caller: Caller, action: QueueAction): Ticket {
    const t = this.book.require(id);
    assertOwnsTicket(this.counterBook, t, caller, action);
    return t;
  }

  /** Today's tickets (every status), for lookups such as the IVR's by number and phone digits. */
  todaysTickets(): IterableIterator<Ticket> {
    return this.book.all();
  }

  requeue(id: string, caller: Caller, note?: string): Promise<Ticket> {
    return this.actions.requeue(id, caller, note);
  }

  ratePad(counterId: string | undefined, score: number, caller: Caller): Promise<Ticket | undefined> {
    return this.ratings.ratePad(counterId, score, caller);
  }

  rateByToken(token: string, score: number, caller: Caller): Promise<Ticket> {
    return this.ratings.rateByToken(token, score, caller);
  }

  /** The visitor cancels their own waiting ticket by its tracking token (the phone page). */
  cancelByToken(token: string, caller: Caller): Promise<Ticket> {
    return cancelByToken(this.parts, token, caller);
  }

  /** "I'm running late": the visitor moves their own waiting ticket back (late-moves.ts). */
  async moveBackByToken(token: string, places: number | 'end', caller: Caller): Promise<Ticket> {
    await this.lapseDue();
    return moveBackByToken(this.parts, token, places, caller);
  }

  /** "I'm here" on the phone page (the route has checked the site network). */
  async arrivedByToken(token: string, caller: Caller): Promise<Ticket> {
    const t = this.book.byTrackToken(token);
    if (!t) throw new CallboardError('TICKET_NOT_FOUND', 'no ticket with this tracking code today');
    return this.calls.arrivals.checkIn(t, 'phone', caller);
  }

  /**
   * A kiosk (or staff) checks a remote visitor in from the QR on their phone: the code is the
   * tracking link or `CBT1:<token>`. Undefined when the code is not one of ours.
   */
  async arrivedByScan(code: string, caller: Caller): Promise<Ticket | undefined> {
    const token = trackTokenFromScan(code);
    const t = token ? this.book.byTrackToken(token) : undefined;
    if (!t) return undefined;
    // A visitor who missed their call scans their ticket at a kiosk: checking in again puts them back.
    if (t.status === 'no_show' && caller.principal.kind === 'device') return requeueByVisitor(this.parts, t, caller);
    return this.calls.arrivals.checkIn(t, 'kiosk', caller);
  }

  /**
   * "I missed my call" at a kiosk (missed-calls.ts): the scanned ticket, a no-show, goes back in
   * the line under the re-queue rules. Undefined when the code is not a ticket of today.
   */
  async requeueByScan(code: string, caller: Caller): Promise<Ticket | undefined> {
    const token = trackTokenFromScan(code);
    const t = token ? this.book.byTrackToken(token) : undefined;
    if (!t) return undefined;
    await this.rollover.rollIfNeeded(this.now());
    return requeueByVisitor(this.parts, this.book.get(t.id) ?? t, caller);
  }

  /** Lapses unconfirmed remote tickets whose grace is over (lazy: at calls and phone-page looks). */
  lapseDue(): Promise<void> {
    return this.calls.arrivals.sweep(this.now());
  }

  /**
   * Closes the tickets left open past closing time and its grace (a timer runs this every minute);
   * rolls the day first, as every operation does.
   */
  async sweepClosingTime(): Promise<Ticket[]> {
    const at = this.now();
    await this.rollover.rollIfNeeded(at);
    return this.closing.sweep(at);
  }

  ticket(id: string): Ticket {
    return this.book.require(id);
  }

  /** Today's ticket with this tracking token (the visitor's phone page), if any. */
  ticketByToken(token: string): Ticket | undefined {
    return this.book.byTrackToken(token);
  }

  /** A person's erasure: today's tickets of this identity lose it (refused while one is still open). */
  forgetIdentity(hmac: string): Promise<number> {
    return forgetTodaysIdentity(this.parts, hmac);
  }

  /**
   * Whether this staff member may work at this counter: a clerk with skills only at a counter
   * serving at least one of them; supervisors, admins and clerks without skills anywhere.
   */
  mayUseCounter(counterId: string, who: Principal): boolean {
    const c = this.counterBook.get(counterId);
    return c !== undefined && mayWorkAt(who, c.services);
  }

  /** The live board snapshot (the publisher's, and tests'). */
  board(notices: BoardSnapshot['notices'] = []): BoardSnapshot {
    const board = this.views.board(notices);
    const moved = this.calls.stops.recentMoves();
    if (moved.length > 0) board.moves = boardMoves(moved, this.catalogue.services, (id) => this.book.get(id));
    return board;
  }

  ticketCount(): number {
    return this.book.size;
  }
}
