/**
 * The hub's queue: today's tickets and the counters, in memory, backed by the store.
 * Each operation (1) checks and applies a pure transition from `hub/src/queue` synchronously,
 * so two counters pressing "call next" at once can never get the same ticket, (2) persists the
 * result and the audit record, and only then (3) answers and publishes to screens.
 */
import { randomUUID } from 'node:crypto';
import type { HubConfig } from '../config';
import {
  type Actor,
  type BoardCall,
  type BoardSnapshot,
  CallboardError,
  type CounterMessage,
  type CounterServiceLink,
  type CounterStateName,
  type CounterView,
  type IdentityInput,
  type IssuedTicket,
  type Lang,
  type Localized,
  type Service,
  type ServiceQueue,
  type Ticket,
  type TicketSource,
  type TicketView,
  type TrackView,
} from '../protocol';
import {
  businessDate,
  callTicket,
  cancelTicket,
  effectiveServers,
  estimateWaitSec,
  ewma,
  finishTicket,
  formatNumber,
  isWithinHours,
  newTicket,
  nextSeq,
  noShowTicket,
  numberWidth,
  pickNext,
  recallTicket,
  startTicket,
  transferTicket,
} from '../queue';
import { protectIdentity } from '../security';
import { type CounterStateDoc, lastSeqByService, type Store } from '../store';
import { WaitingLines } from './waiting-lines';

export interface Caller {
  actor: Actor;
  ip?: string;
  /** Set for staff sessions: used for skill routing and counter ownership. */
  staff?: { id: string; role: 'clerk' | 'supervisor' | 'admin'; skills: string[] };
}

interface CounterRuntime {
  id: string;
  name: Localized;
  services: CounterServiceLink[];
  state: CounterStateDoc;
}

export interface QueueEvents {
  call(ticket: Ticket, counter: { id: string; name: Localized }, recall: boolean, at: number): void;
  boardChanged(): void;
  counterChanged(counterId: string): void;
}

export interface IssueRequest {
  serviceId: string;
  source?: TicketSource;
  identity?: IdentityInput;
  priority?: string;
  lang?: Lang;
}

const OPEN_STATUSES = new Set(['waiting', 'called', 'serving']);

export class QueueService {
  readonly services = new Map<string, Service>();
  readonly counters = new Map<string, CounterRuntime>();
  private tickets = new Map<string, Ticket>();
  private readonly lines = new WaitingLines();
  private readonly byToken = new Map<string, string>();
  private readonly byIdentity = new Map<string, Set<string>>();
  private lastSeq = new Map<string, number>();
  private readonly avgServiceSec = new Map<string, number>();
  private recentCalls: BoardCall[] = [];
  private day = '';
  readonly stats = { issued: 0, calls: 0, finished: 0, noShows: 0, cancelled: 0, transfers: 0 };

  constructor(
    private readonly config: HubConfig,
    private readonly store: Store,
    private readonly secret: string,
    private readonly now: () => number,
    private readonly events: QueueEvents,
  ) {
    for (const s of config.services) {
      this.services.set(s.id, s);
      this.avgServiceSec.set(s.id, s.avgServiceSec);
    }
  }

  get businessDate(): string {
    return this.day;
  }

  /** Loads today's tickets and the counters' state; numbering continues after the highest persisted number. */
  async load(): Promise<void> {
    const at = this.now();
    this.day = businessDate(at, this.config.site.timezone);
    await this.loadDay(this.day);
    const saved = new Map((await this.store.counters.findAsync({})).map((d) => [d._id, d]));
    for (const c of this.config.counters) {
      const state = saved.get(c.id) ?? { _id: c.id, state: 'closed' as const, since: at };
      // A current ticket that no longer exists today (day changed while down) is dropped.
      if (state.currentTicketId && !this.tickets.has(state.currentTicketId)) delete state.currentTicketId;
      this.counters.set(c.id, { id: c.id, name: c.name, services: c.services, state });
    }
  }

  private async loadDay(day: string): Promise<void> {
    const tickets = await this.store.ticketsOfDay(day);
    tickets.sort((a, b) => a.issuedAt - b.issuedAt);
    this.tickets = new Map();
    this.lines.clear();
    this.byToken.clear();
    this.byIdentity.clear();
    this.recentCalls = [];
    const calls: BoardCall[] = [];
    for (const t of tickets) {
      this.index(t);
      for (const e of t.events) {
        if ((e.type === 'called' || e.type === 'recalled') && e.counterId) {
          const counter = this.config.counters.find((c) => c.id === e.counterId);
          if (counter)
            calls.push({
              number: t.number,
              serviceId: t.serviceId,
              counterId: counter.id,
              counterName: counter.name,
              recall: e.type === 'recalled',
              at: e.at,
            });
        }
        if (e.type === 'finished') this.learnServiceTime(t, e.at);
      }
    }
    calls.sort((a, b) => b.at - a.at);
    this.recentCalls = calls.slice(0, this.config.queue.boardHistory);
    this.lastSeq = lastSeqByService(tickets);
  }

  private index(t: Ticket): void {
    this.tickets.set(t.id, t);
    if (t.status === 'waiting') this.lines.add(t);
    if (!t.transferredTo) this.byToken.set(t.trackToken, t.id);
    if (t.identity && OPEN_STATUSES.has(t.status)) {
      const set = this.byIdentity.get(t.identity.hmac) ?? new Set<string>();
      set.add(t.id);
      this.byIdentity.set(t.identity.hmac, set);
    }
  }

  /** Replaces a ticket after a transition and keeps the indexes in step. */
  private replace(before: Ticket, after: Ticket): void {
    if (before.status === 'waiting' && after.status !== 'waiting') this.lines.remove(before);
    this.tickets.set(after.id, after);
    if (after.identity && !OPEN_STATUSES.has(after.status)) this.byIdentity.get(after.identity.hmac)?.delete(after.id);
  }

  /** At the first operation of a new business day: start numbering again and forget yesterday. */
  private async rollDayIfNeeded(at: number): Promise<void> {
    const day = businessDate(at, this.config.site.timezone);
    if (day === this.day) return;
    const left = [...this.tickets.values()].filter((t) => t.status === 'waiting' || t.status === 'called');
    this.day = day;
    for (const t of left) {
      const closed = cancelTicket(t, { by: { type: 'system' }, at, note: 'business day closed' });
      await this.store.saveTicket(closed);
    }
    for (const c of this.counters.values()) {
      delete c.state.currentTicketId;
      c.state.state = 'closed';
      delete c.state.staffId;
      c.state.since = at;
      await this.saveCounter(c);
    }
    await this.loadDay(day);
    this.events.boardChanged();
    for (const c of this.counters.values()) this.events.counterChanged(c.id);
  }

  // ---------------- issue ----------------

  async issue(req: IssueRequest, caller: Caller): Promise<IssuedTicket> {
    const at = this.now();
    await this.rollDayIfNeeded(at);
    const service = this.services.get(req.serviceId);
    if (!service) throw new CallboardError('UNKNOWN_SERVICE', `no service "${req.serviceId}" at this site`);
    const source = this.sourceFor(req.source, caller);
    if (source !== 'appointment' && !service.walkIns)
      throw new CallboardError('SERVICE_CLOSED', `service ${service.id} takes appointments only`);
    if (!isWithinHours(service.hours, at, this.config.site.timezone))
      throw new CallboardError('SERVICE_CLOSED', `service ${service.id} is outside its opening hours`);
    const priority = req.priority ?? 'normal';
    if (!this.config.queue.priorities.includes(priority))
      throw new CallboardError(
        'VALIDATION_FAILED',
        `unknown priority "${priority}" (known: ${this.config.queue.priorities.join(', ')})`,
      );
    const identity = req.identity ? protectIdentity(req.identity, this.secret) : undefined;
    if (identity) {
      const existing = [...(this.byIdentity.get(identity.hmac) ?? [])]
        .map((id) => this.tickets.get(id))
        .find((t) => t && t.serviceId === service.id && (t.status === 'waiting' || t.status === 'called'));
      if (existing)
        throw new CallboardError(
          'ALREADY_WAITING',
          `this visitor already holds ticket ${existing.number} for service ${service.id}`,
          {
            ticket: this.issued(existing),
          },
        );
    }
    // Reserve the number synchronously: no await between reading and bumping the sequence.
    const seq = nextSeq(this.lastSeq.get(service.id), service.numberRange, service.id);
    this.lastSeq.set(service.id, seq);
    const ticket = newTicket({
      id: randomUUID(),
      serviceId: service.id,
      seq,
      number: formatNumber(service.prefix, seq, numberWidth(service.numberRange)),
      businessDate: this.day,
      source,
      priority,
      lang: req.lang ?? 'zh',
      ...(identity ? { identity } : {}),
      trackToken: randomUUID().replaceAll('-', ''),
      at,
      by: caller.actor,
    });
    await Promise.all([
      this.store.insertTicket(ticket),
      this.audit(caller, 'ticket.issue', ticket.id, { number: ticket.number, serviceId: service.id, source }),
    ]);
    this.index(ticket);
    this.stats.issued++;
    this.events.boardChanged();
    return this.issued(ticket);
  }

  private sourceFor(requested: TicketSource | undefined, caller: Caller): TicketSource {
    if (caller.staff) return requested ?? 'staff';
    if (caller.actor.type === 'device') return 'kiosk';
    // Anonymous callers may say they are a kiosk page or an API client, nothing more.
    return requested === 'kiosk' ? 'kiosk' : 'api';
  }

  // ---------------- counters ----------------

  private counter(id: string): CounterRuntime {
    const c = this.counters.get(id);
    if (!c) throw new CallboardError('COUNTER_NOT_FOUND', `no counter "${id}"`);
    return c;
  }

  private assertMayOperate(c: CounterRuntime, caller: Caller): void {
    const staff = caller.staff;
    if (!staff) throw new CallboardError('FORBIDDEN', 'only signed-in staff may operate a counter');
    if (staff.role === 'clerk' && c.state.staffId && c.state.staffId !== staff.id && c.state.state !== 'closed')
      throw new CallboardError('COUNTER_TAKEN', `counter ${c.id} is signed in by another clerk`);
  }

  async callNext(counterId: string, caller: Caller): Promise<Ticket> {
    const at = this.now();
    await this.rollDayIfNeeded(at);
    const c = this.counter(counterId);
    this.assertMayOperate(c, caller);
    if (c.state.state === 'paused') throw new CallboardError('COUNTER_PAUSED', `counter ${c.id} is paused: resume it first`);
    const allowed = caller.staff?.role === 'clerk' && caller.staff.skills.length > 0 ? new Set(caller.staff.skills) : undefined;
    const heads = c.services.map((l) => this.lines.head(l.serviceId)).filter((t): t is Ticket => t !== undefined);
    const next = pickNext(heads, c.services, allowed);
    if (!next) throw new CallboardError('QUEUE_EMPTY', `nobody is waiting for counter ${c.id}`);

    const writes: Promise<void>[] = [];
    // "Call next" while a visitor is still at the counter completes that visit first.
    const current = c.state.currentTicketId ? this.tickets.get(c.state.currentTicketId) : undefined;
    if (current && (current.status === 'called' || current.status === 'serving')) {
      const started = current.status === 'called' ? startTicket(current, { by: caller.actor, at }) : current;
      const done = finishTicket(started, { by: caller.actor, at, outcome: 'resolved', note: 'completed by call-next' });
      this.replace(current, done);
      this.learnServiceTime(done, at);
      this.stats.finished++;
      writes.push(this.store.saveTicket(done), this.audit(caller, 'ticket.finish', done.id, { auto: true, counterId: c.id }));
    }
    const called = callTicket(next, {
      counterId: c.id,
      ...(caller.staff ? { staffId: caller.staff.id } : {}),
      by: caller.actor,
      at,
    });
    this.replace(next, called);
    const wasClosed = c.state.state === 'closed';
    c.state = { ...c.state, state: 'open', currentTicketId: called.id, since: wasClosed ? at : c.state.since };
    if (caller.staff) c.state.staffId = caller.staff.id;
    if (wasClosed) writes.push(this.audit(caller, 'counter.open', c.id, { implicit: true }));
    writes.push(
      this.store.saveTicket(called),
      this.saveCounter(c),
      this.audit(caller, 'ticket.call', called.id, { number: called.number, counterId: c.id }),
    );
    await Promise.all(writes);
    this.stats.calls++;
    this.announceCall(called, c, false, at);
    return called;
  }

  async setCounterState(counterId: string, state: CounterStateName, caller: Caller, reason?: string): Promise<CounterRuntime> {
    const at = this.now();
    await this.rollDayIfNeeded(at);
    const c = this.counter(counterId);
    this.assertMayOperate(c, caller);
    const next: CounterStateDoc = { ...c.state, state, since: at };
    delete next.pauseReason;
    if (state === 'paused' && reason) next.pauseReason = reason;
    if (state === 'open' && caller.staff && !next.staffId) next.staffId = caller.staff.id;
    if (state === 'closed') delete next.staffId;
    c.state = next;
    await Promise.all([this.saveCounter(c), this.audit(caller, `counter.${state}`, c.id, reason ? { reason } : undefined)]);
    this.events.counterChanged(c.id);
    this.events.boardChanged();
    return c;
  }

  private saveCounter(c: CounterRuntime): Promise<void> {
    return this.store.counters.updateAsync({ _id: c.id }, c.state, { upsert: true }).then(() => undefined);
  }

  // ---------------- ticket transitions ----------------

  ticket(id: string): Ticket {
    const t = this.tickets.get(id);
    if (!t) throw new CallboardError('TICKET_NOT_FOUND', `no ticket "${id}" today`);
    return t;
  }

  /** A clerk may act only on the tickets of the counter they are signed in at; supervisors on any. */
  private assertOwnsTicket(t: Ticket, caller: Caller): void {
    const staff = caller.staff;
    if (!staff) throw new CallboardError('FORBIDDEN', 'only signed-in staff may change a ticket');
    if (staff.role !== 'clerk' || !t.counterId) return;
    const c = this.counters.get(t.counterId);
    if (c?.state.staffId && c.state.staffId !== staff.id)
      throw new CallboardError(
        'NOT_COUNTER_TICKET',
        `ticket ${t.number} belongs to counter ${t.counterId}, signed in by another clerk`,
      );
  }

  async recall(id: string, caller: Caller): Promise<Ticket> {
    const at = this.now();
    const t = this.ticket(id);
    this.assertOwnsTicket(t, caller);
    const after = recallTicket(t, { by: caller.actor, at, maxRecalls: this.config.queue.maxRecalls });
    this.replace(t, after);
    await Promise.all([this.store.saveTicket(after), this.audit(caller, 'ticket.recall', id, { recalls: after.recalls })]);
    const c = after.counterId ? this.counters.get(after.counterId) : undefined;
    if (c) this.announceCall(after, c, true, at);
    return after;
  }

  async start(id: string, caller: Caller): Promise<Ticket> {
    return this.simple(id, caller, 'ticket.start', (t, at) => startTicket(t, { by: caller.actor, at }));
  }

  async finish(id: string, caller: Caller, outcome?: string, note?: string): Promise<Ticket> {
    const after = await this.simple(id, caller, 'ticket.finish', (t, at) =>
      finishTicket(t, { by: caller.actor, at, ...(outcome ? { outcome } : {}), ...(note ? { note } : {}) }),
    );
    this.learnServiceTime(after, after.events[after.events.length - 1]?.at ?? this.now());
    this.stats.finished++;
    return after;
  }

  async noShow(id: string, caller: Caller, note?: string): Promise<Ticket> {
    const after = await this.simple(id, caller, 'ticket.no_show', (t, at) =>
      noShowTicket(t, { by: caller.actor, at, ...(note ? { note } : {}) }),
    );
    this.stats.noShows++;
    return after;
  }

  async cancel(id: string, caller: Caller, note?: string): Promise<Ticket> {
    const after = await this.simple(id, caller, 'ticket.cancel', (t, at) =>
      cancelTicket(t, { by: caller.actor, at, ...(note ? { note } : {}) }),
    );
    this.stats.cancelled++;
    return after;
  }

  async transfer(id: string, caller: Caller, serviceId: string, keepArrival = true, note?: string) {
    const at = this.now();
    const t = this.ticket(id);
    this.assertOwnsTicket(t, caller);
    if (!this.services.has(serviceId)) throw new CallboardError('UNKNOWN_SERVICE', `no service "${serviceId}" at this site`);
    const { from, continuation } = transferTicket(t, {
      by: caller.actor,
      at,
      serviceId,
      continuationId: randomUUID(),
      keepArrival,
      ...(note ? { note } : {}),
    });
    this.replace(t, from);
    this.releaseCounter(from);
    await Promise.all([
      this.store.saveTicket(from),
      this.store.insertTicket(continuation),
      this.audit(caller, 'ticket.transfer', id, { to: serviceId, continuation: continuation.id, keepArrival }),
      ...this.counterWrites(from),
    ]);
    this.index(continuation);
    this.stats.transfers++;
    this.events.boardChanged();
    if (from.counterId) this.events.counterChanged(from.counterId);
    return { from, continuation };
  }

  private async simple(id: string, caller: Caller, action: string, apply: (t: Ticket, at: number) => Ticket): Promise<Ticket> {
    const at = this.now();
    const t = this.ticket(id);
    this.assertOwnsTicket(t, caller);
    const after = apply(t, at);
    this.replace(t, after);
    this.releaseCounter(after);
    await Promise.all([this.store.saveTicket(after), this.audit(caller, action, id), ...this.counterWrites(after)]);
    this.events.boardChanged();
    if (after.counterId) this.events.counterChanged(after.counterId);
    return after;
  }

  /** A finished/no-show/cancelled/transferred ticket no longer occupies its counter. */
  private releaseCounter(t: Ticket): void {
    if (!t.counterId || OPEN_STATUSES.has(t.status)) return;
    const c = this.counters.get(t.counterId);
    if (c?.state.currentTicketId === t.id) c.state = (({ currentTicketId, ...rest }) => rest)(c.state);
  }

  private counterWrites(t: Ticket): Promise<void>[] {
    const c = t.counterId ? this.counters.get(t.counterId) : undefined;
    return c ? [this.saveCounter(c)] : [];
  }

  private learnServiceTime(t: Ticket, finishedAt: number): void {
    const started = [...t.events].reverse().find((e) => e.type === 'started' || e.type === 'called');
    if (!started) return;
    const sample = (finishedAt - started.at) / 1000;
    if (sample <= 0 || sample > 4 * 3600) return; // a counter left open overnight teaches nothing
    const prev = this.avgServiceSec.get(t.serviceId) ?? sample;
    this.avgServiceSec.set(t.serviceId, ewma(prev, sample));
  }

  private announceCall(t: Ticket, c: CounterRuntime, recall: boolean, at: number): void {
    this.recentCalls.unshift({ number: t.number, serviceId: t.serviceId, counterId: c.id, counterName: c.name, recall, at });
    this.recentCalls.length = Math.min(this.recentCalls.length, this.config.queue.boardHistory);
    this.events.call(t, { id: c.id, name: c.name }, recall, at);
    this.events.counterChanged(c.id);
    this.events.boardChanged();
  }

  /** Audit records for actions outside the queue (sign-in, sign-out, administration). */
  auditRaw(caller: Caller, action: string, target?: string, details?: Record<string, unknown>): Promise<void> {
    return this.audit(caller, action, target, details);
  }

  private audit(caller: Caller, action: string, target?: string, details?: Record<string, unknown>): Promise<void> {
    return this.store.appendAudit({
      at: this.now(),
      actor: caller.actor,
      action,
      ...(target ? { target } : {}),
      ...(caller.ip ? { ip: caller.ip } : {}),
      ...(details ? { details } : {}),
    });
  }

  // ---------------- views ----------------

  private servers(serviceId: string): number {
    const open = [...this.counters.values()].filter((c) => c.state.state === 'open');
    return effectiveServers(serviceId, open);
  }

  private openCounterCount(serviceId: string): number {
    let n = 0;
    for (const c of this.counters.values())
      if (c.state.state === 'open' && c.services.some((l) => l.serviceId === serviceId)) n++;
    return n;
  }

  estimate(serviceId: string, ahead: number): number {
    return estimateWaitSec({ ahead, avgServiceSec: this.avgServiceSec.get(serviceId) ?? 300, servers: this.servers(serviceId) });
  }

  private issued(t: Ticket): IssuedTicket {
    const position = t.status === 'waiting' ? this.lines.position(t) : 0;
    const view: IssuedTicket = {
      id: t.id,
      number: t.number,
      serviceId: t.serviceId,
      status: t.status,
      priority: t.priority,
      position,
      estimatedWaitSec: t.status === 'waiting' ? this.estimate(t.serviceId, position) : 0,
      issuedAt: t.issuedAt,
      trackUrl: `${this.config.site.publicUrl}/t/${t.trackToken}`,
    };
    if (t.identity) view.identityMasked = t.identity.masked;
    return view;
  }

  /** Position is the count ahead in the line; for the board it is enough to know the line length. */
  issuedView(t: Ticket): IssuedTicket {
    return this.issued(t);
  }

  view(t: Ticket): TicketView {
    const { identity, trackToken, seq, appointmentId, ...rest } = t;
    const v: TicketView = { ...rest };
    if (identity) {
      v.identityMasked = identity.masked;
      v.identityKind = identity.kind;
    }
    if (t.status === 'waiting') {
      v.position = this.lines.position(t);
      v.estimatedWaitSec = this.estimate(t.serviceId, v.position);
    }
    return v;
  }

  track(token: string): TrackView {
    const id = this.byToken.get(token);
    const t = id ? this.tickets.get(id) : undefined;
    if (!t) throw new CallboardError('TICKET_NOT_FOUND', 'no ticket with this tracking code today');
    const service = this.services.get(t.serviceId) as Service;
    const position = t.status === 'waiting' ? this.lines.position(t) : 0;
    const view: TrackView = {
      number: t.number,
      serviceId: t.serviceId,
      serviceName: service.name,
      status: t.status,
      position,
      estimatedWaitSec: t.status === 'waiting' ? this.estimate(t.serviceId, position) : 0,
      issuedAt: t.issuedAt,
    };
    const counter = t.counterId ? this.counters.get(t.counterId) : undefined;
    if (counter && (t.status === 'called' || t.status === 'serving')) view.counterName = counter.name;
    if (t.identity) view.identityMasked = t.identity.masked;
    return view;
  }

  counterView(c: CounterRuntime): CounterView {
    const v: CounterView = { id: c.id, name: c.name, services: c.services, state: c.state.state, since: c.state.since };
    if (c.state.staffId) v.staffId = c.state.staffId;
    if (c.state.pauseReason) v.pauseReason = c.state.pauseReason;
    const current = c.state.currentTicketId ? this.tickets.get(c.state.currentTicketId) : undefined;
    if (current) v.current = this.view(current);
    return v;
  }

  counterMessage(id: string): CounterMessage {
    const c = this.counter(id);
    const current = c.state.currentTicketId ? this.tickets.get(c.state.currentTicketId) : undefined;
    return {
      v: 1,
      id: c.id,
      name: c.name,
      state: c.state.state,
      current: current ? { number: current.number, serviceId: current.serviceId, status: current.status } : null,
      at: this.now(),
    };
  }

  queueSummary(): ServiceQueue[] {
    const at = this.now();
    return [...this.services.values()].map((s) => {
      const waiting = this.lines.count(s.id);
      const head = this.lines.head(s.id);
      return {
        serviceId: s.id,
        name: s.name,
        waiting,
        estimatedWaitSec: this.estimate(s.id, waiting),
        openCounters: this.openCounterCount(s.id),
        longestWaitSec: head ? Math.max(0, Math.round((at - head.arrivalAt) / 1000)) : 0,
        open: isWithinHours(s.hours, at, this.config.site.timezone),
      };
    });
  }

  board(notices: BoardSnapshot['notices'] = []): BoardSnapshot {
    return {
      v: 1,
      siteId: this.config.site.id,
      siteName: this.config.site.name,
      at: this.now(),
      businessDate: this.day,
      calls: this.recentCalls,
      services: [...this.services.values()].map((s) => {
        const waiting = this.lines.count(s.id);
        return {
          id: s.id,
          name: s.name,
          prefix: s.prefix,
          waiting,
          estimatedWaitSec: this.estimate(s.id, waiting),
          openCounters: this.openCounterCount(s.id),
        };
      }),
      notices,
    };
  }

  waitingTotal(): Map<string, number> {
    return new Map([...this.services.keys()].map((id) => [id, this.lines.count(id)]));
  }

  ticketCount(): number {
    return this.tickets.size;
  }
}
