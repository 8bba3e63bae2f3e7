/**
 * The hub's queue: today's tickets and the counters, in memory, backed by the store.
 * Each operation (1) checks and applies a pure transition from `hub/src/queue` synchronously,
 * so two counters pressing "call next" at once can never get the same ticket, (2) persists the
 * result and the audit record, and only then (3) answers and publishes to screens.
 * Who is called next, positions and estimates follow the site's queue policy
 * (queue/policy.ts, docs/queue-policy.md).
 */
import { randomUUID } from 'node:crypto';
import type { HubConfig } from '../config';
import {
  type Actor,
  type AppointmentRef,
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
  ArrivalRates,
  ageOn,
  assertRateableByVisitor,
  birthDateFromIdNumber,
  businessDate,
  callTicket,
  canApply,
  cancelTicket,
  ewma,
  finishTicket,
  formatNumber,
  initialClass,
  isWithinHours,
  NEW_ROTATION,
  newArrivalWaitSec,
  newTicket,
  nextSeq,
  noShowAt,
  noShowReason,
  noShowTicket,
  numberWidth,
  occupancySec,
  padRatingTarget,
  type QueuePolicy,
  type Rotation,
  rateTicket,
  recallTicket,
  requeueTicket,
  SERVICE_TIME_ALPHA,
  selectNext,
  servingCapacity,
  standing,
  startTicket,
  type TransferMode,
  ticketWaitSec,
  transferModeFor,
  transferTicket,
} from '../queue';
import { protectIdentity, sha256 } from '../security';
import { type CounterStateDoc, lastSeqByService, type Store } from '../store';
import { boardCounters } from './board-counters';
import { WaitingLines } from './waiting-lines';

export interface Caller {
  actor: Actor;
  ip?: string;
  /** Set for staff sessions: used for skill routing and counter ownership. */
  staff?: { id: string; role: 'clerk' | 'supervisor' | 'admin'; skills: string[] };
}

/**
 * A clerk may work at a counter when at least one of its services is among their skills (no
 * skills = every service); supervisors and admins at any counter; non-staff at none.
 */
export function counterAllowed(services: readonly CounterServiceLink[], staff: Caller['staff']): boolean {
  if (!staff) return false;
  const skills = skillsOf(staff);
  return skills === undefined || services.some((l) => skills.has(l.serviceId));
}

/** The services a staff member may serve: a clerk with skills only those; anyone else every service (undefined). */
function skillsOf(staff: Caller['staff']): ReadonlySet<string> | undefined {
  return staff?.role === 'clerk' && staff.skills.length > 0 ? new Set(staff.skills) : undefined;
}

interface CounterRuntime {
  id: string;
  name: Localized;
  services: CounterServiceLink[];
  state: CounterStateDoc;
  /** Weighted round-robin state (memory only: a restart starts a new round). */
  rotation: Rotation;
  /** Skills of the clerk last seen operating it (undefined = any service); used by estimates. */
  skills?: ReadonlySet<string>;
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
  appointment?: AppointmentRef;
  /** The client's `Idempotency-Key`: the same key from the same caller today returns the same ticket. */
  idempotencyKey?: string;
}

const OPEN_STATUSES = new Set(['waiting', 'called', 'serving']);
/** Events that end a visit at a counter (its counter time is a service-time sample). */
const RELEASES = new Set(['finished', 'no_show', 'transferred', 'cancelled']);

export class QueueService {
  readonly services = new Map<string, Service>();
  readonly counters = new Map<string, CounterRuntime>();
  private tickets = new Map<string, Ticket>();
  private policy: QueuePolicy;
  private lines: WaitingLines;
  private readonly byToken = new Map<string, string>();
  private readonly byRequestKey = new Map<string, string>();
  private readonly issuing = new Map<string, Promise<IssuedTicket>>();
  private readonly byIdentity = new Map<string, Set<string>>();
  private lastSeq = new Map<string, number>();
  private readonly avgServiceSec = new Map<string, number>();
  /** Recent arrivals per service and class, for the wait forecast's expected overtakers. */
  private readonly rates = new ArrivalRates();
  /** First arrival of the business day (arrival rates are not measured from before it). */
  private dayStart = 0;
  private recentCalls: BoardCall[] = [];
  private day = '';
  /** Version of the set-up in effect (services, counters, policy); kiosks reload their service list when it changes. */
  setupVersion = 0;
  readonly stats = { issued: 0, calls: 0, finished: 0, noShows: 0, cancelled: 0, transfers: 0 };

  constructor(
    private readonly config: HubConfig,
    private readonly store: Store,
    private readonly secret: string,
    private readonly now: () => number,
    private readonly events: QueueEvents,
  ) {
    this.policy = config.queue.policy;
    this.lines = new WaitingLines(this.policy);
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
      this.counters.set(c.id, { id: c.id, name: c.name, services: c.services, state, rotation: NEW_ROTATION });
    }
  }

  /**
   * Takes up a new set-up (services, counters, queue policy) that `config` now holds, without a
   * restart: services and counters are re-read (a counter keeps its state; a new one starts
   * closed; the set-up service has made sure a removed one was closed and a removed service had
   * no open tickets), the waiting lines are rebuilt under the new policy, and screens are told.
   */
  reconfigure(): void {
    this.policy = this.config.queue.policy;
    const learned = new Map(this.avgServiceSec);
    this.services.clear();
    this.avgServiceSec.clear();
    for (const s of this.config.services) {
      this.services.set(s.id, s);
      this.avgServiceSec.set(s.id, learned.get(s.id) ?? s.avgServiceSec);
    }
    const at = this.now();
    const before = new Map(this.counters);
    this.counters.clear();
    for (const c of this.config.counters) {
      const prev = before.get(c.id);
      const state = prev?.state ?? { _id: c.id, state: 'closed' as const, since: at };
      const runtime: CounterRuntime = { id: c.id, name: c.name, services: c.services, state, rotation: NEW_ROTATION };
      if (prev?.skills) runtime.skills = prev.skills;
      this.counters.set(c.id, runtime);
    }
    this.lines = new WaitingLines(this.policy);
    for (const t of this.tickets.values()) if (t.status === 'waiting') this.lines.add(t);
    this.recentCalls.length = Math.min(this.recentCalls.length, this.config.queue.boardHistory);
    for (const id of new Set([...before.keys(), ...this.counters.keys()])) this.events.counterChanged(id);
    this.events.boardChanged();
  }

  /** Today's open (waiting, called, serving) tickets per service and per requested priority class. */
  openTickets(): { byService: Map<string, number>; byPriority: Map<string, number> } {
    const byService = new Map<string, number>();
    const byPriority = new Map<string, number>();
    for (const t of this.tickets.values()) {
      if (!OPEN_STATUSES.has(t.status)) continue;
      byService.set(t.serviceId, (byService.get(t.serviceId) ?? 0) + 1);
      byPriority.set(t.priority, (byPriority.get(t.priority) ?? 0) + 1);
    }
    return { byService, byPriority };
  }

  private async loadDay(day: string): Promise<void> {
    const tickets = await this.store.ticketsOfDay(day);
    tickets.sort((a, b) => a.issuedAt - b.issuedAt);
    this.tickets = new Map();
    this.lines.clear();
    this.byToken.clear();
    this.byRequestKey.clear();
    this.byIdentity.clear();
    this.rates.clear();
    this.dayStart = tickets[0]?.issuedAt ?? this.now();
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
      }
      const last = t.events[t.events.length - 1];
      if (last && RELEASES.has(last.type)) this.learnServiceTime(t, last.at);
    }
    calls.sort((a, b) => b.at - a.at);
    this.recentCalls = calls.slice(0, this.config.queue.boardHistory);
    this.lastSeq = lastSeqByService(tickets);
  }

  private index(t: Ticket): void {
    this.tickets.set(t.id, t);
    if (t.requestKey) this.byRequestKey.set(t.requestKey, t.id);
    // Every ticket joined a line once; the rates only look back half an hour anyway.
    this.rates.record(t.serviceId, standing(t, t.arrivalAt, this.policy).classId, t.issuedAt);
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
    if (before.status !== 'waiting' && after.status === 'waiting') {
      this.lines.add(after);
      this.rates.record(after.serviceId, standing(after, after.arrivalAt, this.policy).classId, after.arrivalAt);
    }
    this.tickets.set(after.id, after);
    if (after.identity) {
      const hmac = after.identity.hmac;
      if (!OPEN_STATUSES.has(after.status)) this.byIdentity.get(hmac)?.delete(after.id);
      else if (!OPEN_STATUSES.has(before.status))
        this.byIdentity.set(hmac, (this.byIdentity.get(hmac) ?? new Set()).add(after.id));
    }
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
      c.rotation = NEW_ROTATION;
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
    if (req.idempotencyKey === undefined) return this.issueOnce(req, caller);
    // A kiosk that lost the answer (network, hub restart) retries with the same key: it gets the
    // ticket it already has, never a second one — also while the first request is still running.
    const who = caller.actor.type === 'anonymous' ? `ip:${caller.ip ?? ''}` : `${caller.actor.type}:${caller.actor.id ?? ''}`;
    const key = sha256(`${who}\n${req.idempotencyKey}`);
    const known = this.byRequestKey.get(key);
    const ticket = known ? this.tickets.get(known) : undefined;
    if (ticket) return this.issuedView(ticket);
    const running = this.issuing.get(key);
    if (running) return running;
    const p = this.issueOnce(req, caller, key);
    this.issuing.set(key, p);
    try {
      return await p;
    } finally {
      this.issuing.delete(key);
    }
  }

  private async issueOnce(req: IssueRequest, caller: Caller, requestKey?: string): Promise<IssuedTicket> {
    const at = this.now();
    await this.rollDayIfNeeded(at);
    await this.expireCalled(at);
    const service = this.services.get(req.serviceId);
    if (!service) throw new CallboardError('UNKNOWN_SERVICE', `no service "${req.serviceId}" at this site`);
    const source = this.sourceFor(req.source, caller, req.appointment !== undefined);
    if (source !== 'appointment' && !req.appointment && !service.walkIns)
      throw new CallboardError('SERVICE_CLOSED', `service ${service.id} takes appointments only`);
    if (!isWithinHours(service.hours, at, this.config.site.timezone))
      throw new CallboardError('SERVICE_CLOSED', `service ${service.id} is outside its opening hours`);
    this.checkAppointment(req.appointment, service, caller);
    const requested = req.priority ?? 'normal';
    if (!this.config.queue.priorities.includes(requested))
      throw new CallboardError(
        'VALIDATION_FAILED',
        `unknown priority "${requested}" (known: ${this.config.queue.priorities.join(', ')})`,
      );
    if (requested === this.policy.appointmentClass)
      throw new CallboardError(
        'VALIDATION_FAILED',
        `priority "${requested}" is given by an appointment time inside its window, not asked for: send appointment.at`,
      );
    const identity = req.identity ? protectIdentity(req.identity, this.secret) : undefined;
    // Age classes (e.g. 70+) from the ID card's birth date; only the class is kept, never the date.
    const priority = initialClass(this.policy, requested, this.ageOf(req.identity));
    if (identity) {
      let existing: Ticket | undefined;
      for (const id of this.byIdentity.get(identity.hmac) ?? []) {
        const t = this.tickets.get(id);
        if (t && t.serviceId === service.id && (t.status === 'waiting' || t.status === 'called')) {
          existing = t;
          break;
        }
      }
      if (existing)
        throw new CallboardError(
          'ALREADY_WAITING',
          `this visitor already holds ticket ${existing.number} for service ${service.id}`,
          {
            ticket: this.issuedView(existing),
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
      ...(req.appointment?.id !== undefined ? { appointmentId: req.appointment.id } : {}),
      ...(req.appointment ? { appointmentAt: req.appointment.at } : {}),
      trackToken: randomUUID().replaceAll('-', ''),
      at,
      by: caller.actor,
    });
    if (requestKey) ticket.requestKey = requestKey;
    await Promise.all([
      this.store.insertTicket(ticket),
      this.audit(caller, 'ticket.issue', ticket.id, {
        number: ticket.number,
        serviceId: service.id,
        source,
        ...(priority !== 'normal' ? { priority } : {}),
        ...(ticket.appointmentAt !== undefined ? { appointmentAt: ticket.appointmentAt } : {}),
      }),
    ]);
    this.index(ticket);
    this.stats.issued++;
    this.events.boardChanged();
    return this.issuedView(ticket);
  }

  private sourceFor(requested: TicketSource | undefined, caller: Caller, appointment: boolean): TicketSource {
    if (caller.staff) return requested ?? (appointment ? 'appointment' : 'staff');
    if (caller.actor.type === 'device') return 'kiosk';
    // Anonymous callers may say they are a kiosk page or an API client, nothing more.
    return requested === 'kiosk' ? 'kiosk' : 'api';
  }

  /**
   * An appointment time is trusted only from staff and paired devices (an anonymous caller could
   * otherwise jump the line), for a service that takes appointments, on the current business day.
   */
  private checkAppointment(appt: AppointmentRef | undefined, service: Service, caller: Caller): void {
    if (!appt) return;
    if (!caller.staff && caller.actor.type !== 'device')
      throw new CallboardError('FORBIDDEN', 'only staff and paired devices may issue appointment tickets');
    if (!service.appointments) throw new CallboardError('SERVICE_CLOSED', `service ${service.id} takes no appointments`);
    // `this.day` is the request's business day (the caller rolled the day first).
    if (businessDate(appt.at, this.config.site.timezone) !== this.day)
      throw new CallboardError('VALIDATION_FAILED', 'the appointment is not for today', { appointmentAt: appt.at });
  }

  private ageOf(identity: IdentityInput | undefined): number | undefined {
    if (identity?.kind !== 'id-card') return undefined;
    const birth = birthDateFromIdNumber(identity.value);
    return birth === undefined ? undefined : ageOn(birth, this.day);
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

  /**
   * Whether this staff member may work at this counter (issue 7): a clerk with skills only at a
   * counter serving at least one of them; supervisors, admins and clerks without skills anywhere.
   */
  mayUseCounter(counterId: string, staff: Caller['staff']): boolean {
    const c = this.counters.get(counterId);
    return c !== undefined && counterAllowed(c.services, staff);
  }

  /** Refuses (403 FORBIDDEN_COUNTER, audited as `counter.refused`) a clerk at a counter outside their skills. */
  private async assertCounterAllowed(c: CounterRuntime, caller: Caller, action: string): Promise<void> {
    if (!caller.staff || counterAllowed(c.services, caller.staff)) return;
    const services = c.services.map((l) => l.serviceId);
    await this.audit(caller, 'counter.refused', c.id, {
      action,
      code: 'FORBIDDEN_COUNTER',
      skills: [...caller.staff.skills],
      services,
    });
    throw new CallboardError('FORBIDDEN_COUNTER', `counter ${c.id} serves none of your services`, { counterId: c.id, services });
  }

  async callNext(counterId: string, caller: Caller): Promise<Ticket> {
    const at = this.now();
    await this.rollDayIfNeeded(at);
    const c = this.counter(counterId);
    await this.assertCounterAllowed(c, caller, 'call-next');
    this.assertMayOperate(c, caller);
    if (c.state.state === 'paused') throw new CallboardError('COUNTER_PAUSED', `counter ${c.id} is paused: resume it first`);
    await this.expireCalled(at);
    const allowed = skillsOf(caller.staff);
    const chosen = selectNext({ links: c.services, rotation: c.rotation, now: at, line: (id) => this.lines.line(id), allowed });
    if (!chosen) throw new CallboardError('QUEUE_EMPTY', `nobody is waiting for counter ${c.id}`);
    c.rotation = chosen.rotation;
    return this.performCall(c, chosen.ticket, caller, at, 'ticket.call', {});
  }

  /**
   * Supervisor override: call this waiting ticket at this counter now, whatever the policy would
   * pick. Audited as `ticket.call_override` with how many tickets the policy had ahead of it.
   * It does not use up a round-robin turn. The counter must serve the ticket's service: calling
   * a visitor to a counter that cannot help them is a transfer, not a call.
   */
  async callSpecific(counterId: string, ticketId: string, caller: Caller): Promise<Ticket> {
    const at = this.now();
    await this.rollDayIfNeeded(at);
    if (!caller.staff || caller.staff.role === 'clerk')
      throw new CallboardError('FORBIDDEN', 'only a supervisor may call a specific ticket out of turn');
    const c = this.counter(counterId);
    this.assertMayOperate(c, caller);
    if (c.state.state === 'paused') throw new CallboardError('COUNTER_PAUSED', `counter ${c.id} is paused: resume it first`);
    await this.expireCalled(at);
    const t = this.ticket(ticketId);
    // Not waiting: let the state machine refuse it, with its usual ILLEGAL_TRANSITION error.
    if (!canApply(t.status, 'call')) callTicket(t, { counterId: c.id, by: caller.actor, at });
    if (!c.services.some((l) => l.serviceId === t.serviceId))
      throw new CallboardError('COUNTER_NOT_SERVING_SERVICE', `counter ${c.id} does not serve service ${t.serviceId}`, {
        counterId: c.id,
        serviceId: t.serviceId,
      });
    const bypassed = this.lines.position(t, at);
    return this.performCall(c, t, caller, at, 'ticket.call_override', { bypassed });
  }

  private async performCall(
    c: CounterRuntime,
    next: Ticket,
    caller: Caller,
    at: number,
    action: string,
    details: Record<string, unknown>,
  ): Promise<Ticket> {
    if (caller.staff) c.skills = skillsOf(caller.staff);
    const writes: Promise<void>[] = [];
    // "Call next" while a visitor is still at the counter completes that visit first — or, if the
    // visitor never came after the policy's number of recalls, records a no-show.
    const current = c.state.currentTicketId ? this.tickets.get(c.state.currentTicketId) : undefined;
    if (current && (current.status === 'called' || current.status === 'serving')) {
      const reason = noShowReason(current, at, this.policy.noShow, true);
      let ended: Ticket;
      if (reason) {
        ended = noShowTicket(current, { by: caller.actor, at, note: `no-show: ${reason}` });
        this.stats.noShows++;
        writes.push(this.audit(caller, 'ticket.no_show', ended.id, { auto: true, reason, counterId: c.id }));
      } else {
        const started = current.status === 'called' ? startTicket(current, { by: caller.actor, at }) : current;
        ended = finishTicket(started, { by: caller.actor, at, outcome: 'resolved', note: 'completed by call-next' });
        this.stats.finished++;
        writes.push(this.audit(caller, 'ticket.finish', ended.id, { auto: true, counterId: c.id }));
      }
      this.replace(current, ended);
      this.learnServiceTime(ended, at);
      writes.push(this.store.saveTicket(ended));
    }
    // A supervisor calling for a clerk's counter leaves it signed in by that clerk, who serves the visitor.
    const forHolder = caller.staff && caller.staff.role !== 'clerk' && c.state.staffId && c.state.staffId !== caller.staff.id;
    const servedBy = forHolder ? c.state.staffId : caller.staff?.id;
    const called = callTicket(next, {
      counterId: c.id,
      ...(servedBy ? { staffId: servedBy } : {}),
      by: caller.actor,
      at,
    });
    this.replace(next, called);
    const wasClosed = c.state.state === 'closed';
    c.state = { ...c.state, state: 'open', currentTicketId: called.id, since: wasClosed ? at : c.state.since };
    if (servedBy) c.state.staffId = servedBy;
    if (wasClosed) writes.push(this.audit(caller, 'counter.open', c.id, { implicit: true }));
    writes.push(
      this.store.saveTicket(called),
      this.saveCounter(c),
      this.audit(caller, action, called.id, { number: called.number, counterId: c.id, ...details }),
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
    await this.assertCounterAllowed(c, caller, state === 'open' ? 'open' : state === 'paused' ? 'pause' : 'close');
    this.assertMayOperate(c, caller);
    if (caller.staff) c.skills = skillsOf(caller.staff);
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

  /**
   * Lazy no-show timeout (policy `noShow.afterMs`): checked at the start of each queue operation
   * rather than by a timer, so the core needs no clock and a stopped hub leaves nothing running.
   * Only counters' current tickets can be called, so this costs one look per counter.
   */
  private async expireCalled(at: number): Promise<void> {
    if (this.policy.noShow.afterMs === undefined) return;
    const system: Caller = { actor: { type: 'system' } };
    for (const c of this.counters.values()) {
      const t = c.state.currentTicketId ? this.tickets.get(c.state.currentTicketId) : undefined;
      if (!t || noShowReason(t, at, this.policy.noShow, false) !== 'timeout') continue;
      const after = noShowTicket(t, { by: system.actor, at, note: 'no-show: timeout' });
      this.replace(t, after);
      this.releaseCounter(after);
      this.learnServiceTime(after, at);
      this.stats.noShows++;
      await Promise.all([
        this.store.saveTicket(after),
        this.saveCounter(c),
        this.audit(system, 'ticket.no_show', after.id, { auto: true, reason: 'timeout', counterId: c.id }),
      ]);
      this.events.counterChanged(c.id);
      this.events.boardChanged();
    }
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

  /**
   * Transfer to another service. Where the visitor joins the new line: `mode` if given, else
   * `keepArrival: false` means the back, `true` the original arrival time, and neither means the
   * policy's transfer mode for the target service (default: keep).
   */
  async transfer(id: string, caller: Caller, serviceId: string, keepArrival?: boolean, note?: string, mode?: TransferMode) {
    const at = this.now();
    const t = this.ticket(id);
    this.assertOwnsTicket(t, caller);
    if (!this.services.has(serviceId)) throw new CallboardError('UNKNOWN_SERVICE', `no service "${serviceId}" at this site`);
    const how: TransferMode =
      mode ?? (keepArrival === false ? 'back' : keepArrival === true ? 'keep' : transferModeFor(this.policy, serviceId));
    const { from, continuation } = transferTicket(t, {
      by: caller.actor,
      at,
      serviceId,
      continuationId: randomUUID(),
      keepArrival: how !== 'back',
      head: how === 'head',
      ...(note ? { note } : {}),
    });
    this.replace(t, from);
    this.releaseCounter(from);
    this.learnServiceTime(from, at);
    await Promise.all([
      this.store.saveTicket(from),
      this.store.insertTicket(continuation),
      this.audit(caller, 'ticket.transfer', id, {
        to: serviceId,
        continuation: continuation.id,
        keepArrival: how !== 'back',
        mode: how,
      }),
      ...this.counterWrites(from),
    ]);
    this.index(continuation);
    this.stats.transfers++;
    this.events.boardChanged();
    if (from.counterId) this.events.counterChanged(from.counterId);
    return { from, continuation };
  }

  /** Puts a no-show back at the back of its line, within the policy's re-queue window. */
  async requeue(id: string, caller: Caller, note?: string): Promise<Ticket> {
    const after = await this.simple(id, caller, 'ticket.requeue', (t, at) =>
      requeueTicket(t, {
        by: caller.actor,
        at,
        noShowAt: noShowAt(t) ?? at,
        withinMs: this.policy.noShow.requeueWithinMs,
        ...(note ? { note } : {}),
      }),
    );
    return after;
  }

  private async simple(id: string, caller: Caller, action: string, apply: (t: Ticket, at: number) => Ticket): Promise<Ticket> {
    const at = this.now();
    const t = this.ticket(id);
    this.assertOwnsTicket(t, caller);
    const after = apply(t, at);
    this.replace(t, after);
    this.releaseCounter(after);
    if (t.status === 'called' || t.status === 'serving') this.learnServiceTime(after, at);
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

  /** Feeds the service's moving average with the counter time a released visit took. */
  private learnServiceTime(t: Ticket, releasedAt: number): void {
    if (OPEN_STATUSES.has(t.status)) return;
    const sample = occupancySec(t, releasedAt);
    if (sample === undefined) return;
    const prev = this.avgServiceSec.get(t.serviceId) ?? sample;
    this.avgServiceSec.set(t.serviceId, ewma(prev, sample, SERVICE_TIME_ALPHA));
  }

  private announceCall(t: Ticket, c: CounterRuntime, recall: boolean, at: number): void {
    this.recentCalls.unshift({ number: t.number, serviceId: t.serviceId, counterId: c.id, counterName: c.name, recall, at });
    this.recentCalls.length = Math.min(this.recentCalls.length, this.config.queue.boardHistory);
    this.events.call(t, { id: c.id, name: c.name }, recall, at);
    this.events.counterChanged(c.id);
    this.events.boardChanged();
  }

  // ---------------- ratings (queue/rating.ts) ----------------

  /**
   * A rating pad's score: attached to the counter's current ticket, else to the visit it ended
   * within the last few minutes (queue/rating.ts). Always audited (`ticket.rating`, with
   * `attached`); returns the rated ticket, or undefined when there was none to attach it to or
   * that ticket was rated already.
   */
  async ratePad(counterId: string | undefined, score: number, caller: Caller): Promise<Ticket | undefined> {
    const at = this.now();
    const c = counterId ? this.counters.get(counterId) : undefined;
    const current = c?.state.currentTicketId ? this.tickets.get(c.state.currentTicketId) : undefined;
    const target = c ? padRatingTarget(this.tickets.values(), { counterId: c.id, current, at }) : undefined;
    let after: Ticket | undefined;
    if (target && !target.rating) {
      after = rateTicket(target, { score, at, source: 'pad', ...(counterId ? { counterId } : {}) });
      this.tickets.set(after.id, after);
    }
    await Promise.all([
      ...(after ? [this.store.saveTicket(after)] : []),
      this.audit(caller, 'ticket.rating', target?.id, {
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
    const id = this.byToken.get(token);
    const t = id ? this.tickets.get(id) : undefined;
    if (!t) throw new CallboardError('TICKET_NOT_FOUND', 'no ticket with this tracking code today');
    assertRateableByVisitor(t);
    const after = rateTicket(t, { score, at: this.now(), source: 'screen' });
    if (after === t) return t;
    this.tickets.set(after.id, after);
    await Promise.all([
      this.store.saveTicket(after),
      this.audit(caller, 'ticket.rating', after.id, { score, source: 'screen', attached: true }),
    ]);
    return after;
  }

  /**
   * The visitor gives up their own waiting ticket from the phone page: the tracking token is the
   * proof of holding it. Only a waiting ticket; audited as `ticket.cancel` with `by: visitor`.
   */
  async cancelByToken(token: string, caller: Caller): Promise<Ticket> {
    const id = this.byToken.get(token);
    const t = id ? this.tickets.get(id) : undefined;
    if (!t) throw new CallboardError('TICKET_NOT_FOUND', 'no ticket with this tracking code today');
    if (t.status !== 'waiting')
      throw new CallboardError('ILLEGAL_TRANSITION', 'only a waiting ticket can be cancelled from the phone');
    const after = cancelTicket(t, { by: caller.actor, at: this.now(), note: 'cancelled by the visitor' });
    this.replace(t, after);
    this.stats.cancelled++;
    await Promise.all([this.store.saveTicket(after), this.audit(caller, 'ticket.cancel', after.id, { by: 'visitor' })]);
    this.events.boardChanged();
    return after;
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

  /** Open counters' share of this service (weights, clerk skills, and which lines have visitors). */
  private servers(serviceId: string): number {
    const open = [...this.counters.values()].filter((c) => c.state.state === 'open');
    return servingCapacity(serviceId, open, (id) => this.lines.count(id) > 0);
  }

  private openCounterCount(serviceId: string): number {
    let n = 0;
    for (const c of this.counters.values())
      if (c.state.state === 'open' && c.services.some((l) => l.serviceId === serviceId)) n++;
    return n;
  }

  /** A counter that could call this service is open and has nobody called or being served. */
  private idle(serviceId: string): boolean {
    for (const c of this.counters.values()) {
      if (c.state.state !== 'open' || !c.services.some((l) => l.serviceId === serviceId)) continue;
      if (c.skills && !c.skills.has(serviceId)) continue;
      const cur = c.state.currentTicketId ? this.tickets.get(c.state.currentTicketId) : undefined;
      if (!cur || !OPEN_STATUSES.has(cur.status)) return true;
    }
    return false;
  }

  private speed(serviceId: string) {
    return {
      avgServiceSec: this.avgServiceSec.get(serviceId) ?? 300,
      servers: this.servers(serviceId),
      idle: this.idle(serviceId),
    };
  }

  /** The wait to promise this waiting ticket (queue/forecast.ts); 0 once it is no longer waiting. */
  estimateFor(t: Ticket): number {
    const line = this.lines.line(t.serviceId);
    if (t.status !== 'waiting' || !line) return 0;
    const now = this.now();
    return ticketWaitSec({
      ticket: t,
      now,
      line,
      policy: this.policy,
      rates: this.rates,
      since: this.dayStart,
      ...this.speed(t.serviceId),
    });
  }

  /** The wait a normal walk-in arriving now would face (board, kiosk tiles, GET /queue). */
  estimateNewArrival(serviceId: string): number {
    const now = this.now();
    return newArrivalWaitSec({
      serviceId,
      classId: 'normal',
      waiting: this.lines.count(serviceId),
      protected: this.lines.protectedCount(serviceId, now),
      now,
      policy: this.policy,
      rates: this.rates,
      since: this.dayStart,
      ...this.speed(serviceId),
    });
  }

  /** Tickets the policy calls before this one now (0 = next, or not waiting). */
  position(t: Ticket): number {
    return t.status === 'waiting' ? this.lines.position(t, this.now()) : 0;
  }

  /** What a visitor-facing client gets for a ticket: number, position, estimate, tracking URL. */
  issuedView(t: Ticket): IssuedTicket {
    const position = this.position(t);
    const view: IssuedTicket = {
      id: t.id,
      number: t.number,
      serviceId: t.serviceId,
      status: t.status,
      priority: t.priority,
      position,
      estimatedWaitSec: this.estimateFor(t),
      issuedAt: t.issuedAt,
      trackUrl: `${this.config.site.publicUrl}/t/${t.trackToken}`,
    };
    if (t.identity) view.identityMasked = t.identity.masked;
    if (t.appointmentAt !== undefined) view.appointmentAt = t.appointmentAt;
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
      v.queueClass = this.lines.queueClass(t, this.now());
    }
    return v;
  }

  track(token: string): TrackView {
    const id = this.byToken.get(token);
    const t = id ? this.tickets.get(id) : undefined;
    if (!t) throw new CallboardError('TICKET_NOT_FOUND', 'no ticket with this tracking code today');
    const service = this.services.get(t.serviceId) as Service;
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
    const counter = t.counterId ? this.counters.get(t.counterId) : undefined;
    if (counter && (t.status === 'called' || t.status === 'serving')) view.counterName = counter.name;
    if (t.identity) view.identityMasked = t.identity.masked;
    if (t.rating) view.ratingScore = t.rating.score;
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
    const current = c.state.currentTicketId ? this.tickets.get(c.state.currentTicketId) : undefined;
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
      const head = this.lines.oldest(s.id);
      return {
        serviceId: s.id,
        name: s.name,
        waiting,
        estimatedWaitSec: this.estimateNewArrival(s.id),
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
      ...(this.setupVersion > 0 ? { setupVersion: this.setupVersion } : {}),
      timeZone: this.config.site.timezone,
      calls: this.recentCalls,
      counters: boardCounters(this.counters.values(), (id) => this.tickets.get(id)),
      services: [...this.services.values()].map((s) => {
        const waiting = this.lines.count(s.id);
        return {
          id: s.id,
          name: s.name,
          prefix: s.prefix,
          waiting,
          estimatedWaitSec: this.estimateNewArrival(s.id),
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

  // ---------------- staff console reads (issue 7) ----------------

  /** The waiting tickets of these services, each line in the order the policy calls them now. */
  waitingInOrder(serviceIds: readonly string[]): { serviceId: string; tickets: TicketView[] }[] {
    const now = this.now();
    return serviceIds.map((serviceId) => ({
      serviceId,
      tickets: this.lines.ordered(serviceId, now).map((t) => this.view(t)),
    }));
  }

  /** Today's tickets (any status) of the visitor with this identity HMAC; never leaves the hub. */
  ticketsOfIdentity(hmac: string): Ticket[] {
    const found: Ticket[] = [];
    for (const t of this.tickets.values()) if (t.identity?.hmac === hmac) found.push(t);
    return found;
  }

  /** Per service today: first calls, and how many of them came within the service's target wait. */
  serviceLevels(): { serviceId: string; targetWaitMin: number; called: number; withinTarget: number }[] {
    const acc = new Map([...this.services.values()].map((s) => [s.id, { called: 0, withinTarget: 0 }]));
    for (const t of this.tickets.values()) {
      if (t.transferredFrom) continue; // a transfer's second line is not a new arrival
      const called = t.events.find((e) => e.type === 'called');
      const a = acc.get(t.serviceId);
      const service = this.services.get(t.serviceId);
      if (!called || !a || !service) continue;
      a.called++;
      if (called.at - t.arrivalAt <= service.targetWaitMin * 60_000) a.withinTarget++;
    }
    return [...this.services.values()].map((s) => ({
      serviceId: s.id,
      targetWaitMin: s.targetWaitMin,
      ...(acc.get(s.id) ?? { called: 0, withinTarget: 0 }),
    }));
  }
}
