/**
 * What the queue shows: tickets as visitors and staff see them, counters, the board, the
 * per-service summaries and today's service levels. Reads only; estimates come from the forecaster.
 */
import {
  type BoardSnapshot,
  CallboardError,
  type CounterMessage,
  type CounterView,
  type IssuedTicket,
  NOT_SERVED_CLOSED,
  type Service,
  type ServiceQueue,
  type Ticket,
  type TicketView,
  type TrackView,
} from '../protocol';
import {
  calledBefore,
  type FloorNow,
  inLine,
  lapsesAt,
  type PromiseAccuracy,
  promiseAccuracy,
  requeueDeadline,
  type WaitRange,
  waitRange,
} from '../queue';
import { boardCounters } from './board-counters';
import type { ClosingTime } from './closing-time';
import type { CounterRuntime } from './counters';
import { OPEN_STATUSES } from './day-book';
import type { QueueParts } from './queue-parts';
import { stopView, trackRoute } from './route-views';

export class QueueViews {
  constructor(
    private readonly q: QueueParts,
    private readonly closing: ClosingTime,
  ) {}

  /** What the forecaster needs to know of the floor for this service right now. */
  private floor(serviceId: string): FloorNow {
    const lines = this.q.book.lines;
    return { open: this.q.counters.open(), hasWaiting: (id) => lines.count(id) > 0, idle: this.idle(serviceId) };
  }

  /** A counter that could call this service is open and has nobody called or being served. */
  private idle(serviceId: string): boolean {
    for (const c of this.q.counters.all.values()) {
      if (c.state.state !== 'open' || !c.services.some((l) => l.serviceId === serviceId)) continue;
      if (c.skills && !c.skills.has(serviceId)) continue;
      const cur = c.state.currentTicketId ? this.q.book.get(c.state.currentTicketId) : undefined;
      if (!cur || !OPEN_STATUSES.has(cur.status)) return true;
    }
    return false;
  }

  /** The wait to promise this waiting ticket (queue/forecaster.ts); 0 once it is no longer waiting. */
  estimateFor(t: Ticket): number {
    const line = this.q.book.lines.line(t.serviceId);
    if (t.status !== 'waiting' || !line) return 0;
    return this.q.forecaster.ticketWait(t, {
      now: this.q.now(),
      line,
      policy: this.q.catalogue.policy,
      floor: this.floor(t.serviceId),
    });
  }

  /** The wait a normal walk-in arriving now would face (board, kiosk tiles, GET /queue). */
  estimateNewArrival(serviceId: string): number {
    const now = this.q.now();
    const lines = this.q.book.lines;
    return this.q.forecaster.newArrivalWait(serviceId, {
      now,
      waiting: lines.count(serviceId),
      protected: lines.protectedCount(serviceId, now),
      policy: this.q.catalogue.policy,
      floor: this.floor(serviceId),
    });
  }

  /**
   * The range to show a ticket about to be issued, and to keep on it (`promisedWait`): the
   * estimate as if it were already in its line (it is not yet: it is stored first).
   */
  promiseFor(t: Ticket): WaitRange {
    const lines = this.q.book.lines;
    lines.add(t);
    try {
      return waitRange(this.estimateFor(t));
    } finally {
      lines.remove(t);
    }
  }

  /** Tickets the policy calls before this one now (0 = next, or not waiting). */
  position(t: Ticket): number {
    // At a room's door (two-step calling) the visitor is next: out of the line, position 0.
    return inLine(t) ? this.q.book.lines.position(t, this.q.now()) : 0;
  }

  /** What a visitor-facing client gets for a ticket: number, position, estimate, tracking URL. */
  issuedView(t: Ticket): IssuedTicket {
    const position = this.position(t);
    const estimatedWaitSec = this.estimateFor(t);
    const view: IssuedTicket = {
      id: t.id,
      number: t.number,
      serviceId: t.serviceId,
      status: t.status,
      priority: t.priority,
      position,
      estimatedWaitSec,
      issuedAt: t.issuedAt,
      trackUrl: `${this.q.config.site.publicUrl}/t/${t.trackToken}`,
    };
    if (t.status === 'waiting') view.estimatedWaitRange = waitRange(estimatedWaitSec);
    if (t.identity) view.identityMasked = t.identity.masked;
    if (t.appointmentAt !== undefined) view.appointmentAt = t.appointmentAt;
    if (t.route?.length) view.route = t.route.map((id) => stopView(id, this.q.catalogue.services));
    return view;
  }

  view(t: Ticket): TicketView {
    const { identity, trackToken, seq, appointmentId, ...rest } = t;
    const v: TicketView = { ...rest };
    if (identity) {
      v.identityMasked = identity.masked;
      v.identityKind = identity.kind;
    }
    if (t.status === 'waiting') {
      v.position = this.position(t);
      v.estimatedWaitSec = this.estimateFor(t);
      v.estimatedWaitRange = waitRange(v.estimatedWaitSec);
      v.queueClass = this.q.book.lines.queueClass(t, this.q.now());
    }
    return v;
  }

  track(token: string): TrackView {
    const t = this.q.book.byTrackToken(token);
    if (!t) throw new CallboardError('TICKET_NOT_FOUND', 'no ticket with this tracking code today');
    const service = this.q.catalogue.services.get(t.serviceId) as Service;
    const position = this.position(t);
    const view: TrackView = {
      number: t.number,
      serviceId: t.serviceId,
      serviceName: service.name,
      status: t.status,
      position,
      estimatedWaitSec: this.estimateFor(t),
      issuedAt: t.issuedAt,
    };
    if (t.status === 'waiting') {
      view.estimatedWaitRange = waitRange(view.estimatedWaitSec);
      view.calledBefore = calledBefore(t, this.q.book.calledAfter(t), this.q.catalogue.policy);
    }
    const counter = t.counterId ? this.q.counters.get(t.counterId) : undefined;
    if (counter && (t.status === 'called' || t.status === 'serving')) view.counterName = counter.name;
    const room = t.status === 'waiting' && t.door ? this.q.counters.get(t.door.counterId) : undefined;
    if (room) view.doorOf = room.name;
    if (t.identity) view.identityMasked = t.identity.masked;
    if (t.rating) view.ratingScore = t.rating.score;
    if (t.arrival) {
      const at = lapsesAt(t);
      view.arrival = {
        confirmed: t.arrival.confirmedAt !== undefined,
        lapsed: t.arrival.lapsedAt !== undefined,
        graceMin: Math.round(t.arrival.graceMs / 60_000),
        ...(at !== undefined ? { lapsesAt: at } : {}),
      };
    }
    const late = this.q.config.visitors.late;
    const movesLeft = late.maxMoves - (t.lateMoves ?? 0);
    if (t.status === 'waiting' && !t.door && movesLeft > 0) view.late = { maxPlaces: late.maxPlaces, movesLeft };
    if (t.status === 'cancelled' && t.outcome === NOT_SERVED_CLOSED) view.closedUnserved = true;
    const requeueUntil = requeueDeadline(t, this.q.catalogue.policy.noShow);
    if (requeueUntil !== undefined && requeueUntil > this.q.now()) view.requeueUntil = requeueUntil;
    const route = trackRoute(t, this.q.catalogue.services, (id) => this.q.book.get(id));
    if (route) view.route = route;
    return view;
  }

  /**
   * A counter as staff see it, or (`forPublic`) as anyone on the LAN may: who works there, why it
   * is paused and who is being served (masked identity, clerk, outcome, history) are staff business;
   * the public gets the current ticket's number, service and status.
   */
  counterView(c: CounterRuntime, forPublic = false): CounterView {
    const v: CounterView = { id: c.id, name: c.name, services: c.services, state: c.state.state, since: c.state.since };
    if (!forPublic && c.state.staffId) v.staffId = c.state.staffId;
    if (!forPublic && c.state.pauseReason) v.pauseReason = c.state.pauseReason;
    const current = c.state.currentTicketId ? this.q.book.get(c.state.currentTicketId) : undefined;
    if (current && !forPublic) v.current = this.view(current);
    else if (current) {
      const { id, number, serviceId, businessDate, status, source, priority, lang, issuedAt, arrivalAt, recalls } = current;
      v.current = {
        id,
        number,
        serviceId,
        businessDate,
        status,
        source,
        priority,
        lang,
        issuedAt,
        arrivalAt,
        recalls,
        events: [],
      };
      if (current.counterId) v.current.counterId = current.counterId;
    }
    const sizes = c.services.map((l) => this.q.catalogue.services.get(l.serviceId)?.twoStep?.doorSize ?? 0).filter((n) => n > 0);
    if (sizes.length > 0) {
      v.doorSize = Math.min(...sizes);
      v.door = this.q.book.doorOf(c.id).map((t) => ({ number: t.number, serviceId: t.serviceId, at: t.door?.at ?? 0 }));
    }
    return v;
  }

  counterMessage(id: string): CounterMessage {
    const c = this.q.counters.require(id);
    const current = c.state.currentTicketId ? this.q.book.get(c.state.currentTicketId) : undefined;
    const msg: CounterMessage = {
      v: 1,
      id: c.id,
      name: c.name,
      state: c.state.state,
      current: current
        ? { number: current.number, serviceId: current.serviceId, status: current.status, ...this.shown(current) }
        : null,
      at: this.q.now(),
    };
    // A room (a counter serving a two-step service): who waits at its door, and who works in it.
    if (c.services.some((l) => this.q.catalogue.services.get(l.serviceId)?.twoStep)) {
      msg.door = this.q.book
        .doorOf(c.id)
        .map((t) => ({ number: t.number, serviceId: t.serviceId, at: t.door?.at ?? 0, ...this.shown(t) }));
      const staffName = c.state.staffId ? this.q.names.staffName(c.state.staffId) : undefined;
      if (staffName) msg.staffName = staffName;
    }
    return msg;
  }

  /** The masked name a screen shows for this ticket, by its service's setting (nothing: number only). */
  shown(t: Ticket): { name?: string; nameOnly?: boolean } {
    return this.q.names.shown(t, this.q.catalogue.services.get(t.serviceId)?.namesOnScreens);
  }

  queueSummary(): ServiceQueue[] {
    const at = this.q.now();
    return [...this.q.catalogue.services.values()].map((s) => {
      const waiting = this.q.book.lines.count(s.id);
      const head = this.q.book.lines.oldest(s.id);
      const next = this.closing.nextOpening(s, at);
      const estimatedWaitSec = this.estimateNewArrival(s.id);
      return {
        serviceId: s.id,
        name: s.name,
        waiting,
        estimatedWaitSec,
        estimatedWaitRange: waitRange(estimatedWaitSec),
        openCounters: this.q.counters.openCount(s.id),
        longestWaitSec: head ? Math.max(0, Math.round((at - head.arrivalAt) / 1000)) : 0,
        open: this.closing.isOpen(s, at),
        ...(next !== undefined ? { nextOpenAt: next } : {}),
      };
    });
  }

  board(notices: BoardSnapshot['notices'] = []): BoardSnapshot {
    return {
      v: 1,
      siteId: this.q.config.site.id,
      siteName: this.q.config.site.name,
      at: this.q.now(),
      businessDate: this.q.book.day,
      ...(this.q.catalogue.setupVersion > 0 ? { setupVersion: this.q.catalogue.setupVersion } : {}),
      timeZone: this.q.config.site.timezone,
      calls: this.q.recent.list(),
      counters: boardCounters(
        this.q.counters.all.values(),
        (id) => this.q.book.get(id),
        (t) => this.shown(t),
      ),
      services: [...this.q.catalogue.services.values()].map((s) => {
        const waiting = this.q.book.lines.count(s.id);
        const estimatedWaitSec = this.estimateNewArrival(s.id);
        return {
          id: s.id,
          name: s.name,
          prefix: s.prefix,
          waiting,
          estimatedWaitSec,
          estimatedWaitRange: waitRange(estimatedWaitSec),
          openCounters: this.q.counters.openCount(s.id),
        };
      }),
      notices,
    };
  }

  waitingTotal(): Map<string, number> {
    return new Map([...this.q.catalogue.services.keys()].map((id) => [id, this.q.book.lines.count(id)]));
  }

  ticketCount(): number {
    return this.q.book.size;
  }

  /** The waiting tickets of these services, each line in the order the policy calls them now. */
  waitingInOrder(serviceIds: readonly string[]): { serviceId: string; tickets: TicketView[] }[] {
    const now = this.q.now();
    return serviceIds.map((serviceId) => ({
      serviceId,
      tickets: this.q.book.lines.ordered(serviceId, now).map((t) => this.view(t)),
    }));
  }

  /** Today's tickets (any status) of the visitor with this identity HMAC; never leaves the hub. */
  ticketsOfIdentity(hmac: string): Ticket[] {
    const found: Ticket[] = [];
    for (const t of this.q.book.all()) if (t.identity?.hmac === hmac) found.push(t);
    return found;
  }

  /**
   * Per service today: first calls, how many of them came within the service's target wait, and
   * how many within the wait range the visitor was shown at issue (`promises`).
   */
  serviceLevels(): {
    serviceId: string;
    targetWaitMin: number;
    called: number;
    withinTarget: number;
    promises: PromiseAccuracy;
  }[] {
    const acc = new Map([...this.q.catalogue.services.values()].map((s) => [s.id, { called: 0, withinTarget: 0 }]));
    const promised = new Map<string, { range: WaitRange; actualSec: number }[]>();
    for (const t of this.q.book.all()) {
      if (t.transferredFrom) continue; // a transfer's second line is not a new arrival
      // Carried from an earlier day: counted there (a service's own later day start dates its evening on its day).
      if (t.businessDate !== (this.q.book.serviceDay(t.serviceId) ?? this.q.book.day)) continue;
      const called = t.events.find((e) => e.type === 'called');
      const a = acc.get(t.serviceId);
      const service = this.q.catalogue.services.get(t.serviceId);
      if (!called || !a || !service) continue;
      a.called++;
      if (called.at - t.arrivalAt <= service.targetWaitMin * 60_000) a.withinTarget++;
      if (t.promisedWait) {
        const list = promised.get(t.serviceId) ?? [];
        list.push({ range: t.promisedWait, actualSec: (called.at - t.issuedAt) / 1000 });
        promised.set(t.serviceId, list);
      }
    }
    return [...this.q.catalogue.services.values()].map((s) => ({
      serviceId: s.id,
      targetWaitMin: s.targetWaitMin,
      ...(acc.get(s.id) ?? { called: 0, withinTarget: 0 }),
      promises: promiseAccuracy(promised.get(s.id) ?? []),
    }));
  }
}
