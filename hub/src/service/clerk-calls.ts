/**
 * Calling visitors to counters and opening, pausing and closing counters: "call next" under the
 * policy, a supervisor's call out of turn, and the lazy no-show timeout. Each call is announced
 * (recent calls on the board, the `ticket.called` event).
 */
import { CallboardError, type CounterStateName, type OutOfTurn, type Ticket } from '../protocol';
import {
  atDoor,
  callStep,
  callTicket,
  canApply,
  finishTicket,
  noShowReason,
  noShowTicket,
  selectNext,
  startTicket,
} from '../queue';
import type { CounterStateDoc } from '../store';
import { Arrivals } from './arrivals';
import { type Caller, SYSTEM } from './caller';
import { assertCounterAllowed, assertMayOperate } from './counter-access';
import type { CounterRuntime } from './counters';
import type { DayRollover } from './day-rollover';
import { outcomeRequired } from './outcome-rule';
import { actingStaff, may, skillsOf } from './principals';
import type { QueueParts } from './queue-parts';
import { Stops } from './stops';

export class ClerkCalls {
  /** Remote tickets waiting for their visitor to check in: skipped, then lapsed (arrivals.ts). */
  readonly arrivals: Arrivals;
  /** Multi-stop visits: a finished stop queues the next one (stops.ts). */
  readonly stops: Stops;

  constructor(
    private readonly q: QueueParts,
    private readonly rollover: DayRollover,
  ) {
    this.arrivals = new Arrivals(q);
    this.stops = new Stops(q);
  }

  async callNext(counterId: string, caller: Caller): Promise<Ticket> {
    const at = this.q.now();
    await this.rollover.rollIfNeeded(at);
    const c = this.q.counters.require(counterId);
    await assertCounterAllowed(this.q.audit, c, caller, 'call-next');
    assertMayOperate(c, caller, 'call-next');
    if (c.state.state === 'paused') throw new CallboardError('COUNTER_PAUSED', `counter ${c.id} is paused: resume it first`);
    await this.expireCalled(at);
    await this.arrivals.sweep(at);
    this.assertCurrentMayEnd(c, at);
    const allowed = skillsOf(caller.principal);
    const chosen = selectNext({
      links: c.services,
      rotation: c.rotation,
      now: at,
      line: (id) => this.q.book.lines.line(id),
      allowed,
    });
    if (!chosen) throw new CallboardError('QUEUE_EMPTY', `nobody is waiting for counter ${c.id}`);
    c.rotation = chosen.rotation;
    // Unconfirmed remote tickets this call passes over: their grace starts now. The book changes
    // synchronously (nothing awaited between the pick and the call); the writes are awaited after.
    const skipped = this.q.book.lines.line(chosen.ticket.serviceId)?.skippedBy(chosen.ticket, at) ?? [];
    const noted = this.arrivals.noteSkipped(skipped, at);
    const called = await this.performCall(c, chosen.ticket, caller, at, 'ticket.call', {});
    await noted;
    return called;
  }

  /**
   * Supervisor override: call this waiting ticket at this counter now, whatever the policy would
   * pick. Audited as `ticket.call_override` with how many tickets the policy had ahead of it.
   * It does not use up a round-robin turn. The counter must serve the ticket's service: calling
   * a visitor to a counter that cannot help them is a transfer, not a call. The reason is kept on
   * the call (`outOfTurn`, the fairness record) and in the audit record, with the clerk served.
   */
  async callSpecific(counterId: string, ticketId: string, caller: Caller, reason: string): Promise<Ticket> {
    const at = this.q.now();
    await this.rollover.rollIfNeeded(at);
    if (!may(caller.principal, 'call-specific').ok)
      throw new CallboardError('FORBIDDEN', 'only a supervisor may call a specific ticket out of turn');
    const c = this.q.counters.require(counterId);
    assertMayOperate(c, caller, 'call-specific');
    if (c.state.state === 'paused') throw new CallboardError('COUNTER_PAUSED', `counter ${c.id} is paused: resume it first`);
    await this.expireCalled(at);
    this.assertCurrentMayEnd(c, at);
    const t = this.q.book.require(ticketId);
    // Not waiting: let the state machine refuse it, with its usual ILLEGAL_TRANSITION error.
    if (!canApply(t.status, 'call')) callTicket(t, { counterId: c.id, by: caller.actor, at });
    if (!c.services.some((l) => l.serviceId === t.serviceId))
      throw new CallboardError('COUNTER_NOT_SERVING_SERVICE', `counter ${c.id} does not serve service ${t.serviceId}`, {
        counterId: c.id,
        serviceId: t.serviceId,
      });
    const bypassed = this.q.book.lines.position(t, at);
    const outOfTurn = { reason: reason.trim(), bypassed };
    return this.performCall(c, t, caller, at, 'ticket.call_override', outOfTurn, outOfTurn);
  }

  /**
   * A call at a counter with a visitor still there ends that visit (`performCall`). At a site that
   * requires outcomes it may only end it as a no-show: a visit to finish is refused before
   * anything changes, so the clerk finishes it with an outcome first.
   */
  assertCurrentMayEnd(c: CounterRuntime, at: number): void {
    if (!this.q.catalogue.outcomeRequired || !c.state.currentTicketId) return;
    const current = this.q.book.get(c.state.currentTicketId);
    if (!current || (current.status !== 'called' && current.status !== 'serving')) return;
    if (!noShowReason(current, at, this.q.catalogue.policy.noShow, true)) throw outcomeRequired(current);
  }

  /** Calls `next` at `c` (ending the visit there first); `transition` is the call (`callIn` from a room's door). */
  async performCall(
    c: CounterRuntime,
    next: Ticket,
    caller: Caller,
    at: number,
    action: string,
    details: Record<string, unknown>,
    outOfTurn?: OutOfTurn,
    transition: typeof callTicket = callTicket,
  ): Promise<Ticket> {
    const staff = actingStaff(caller.principal);
    if (staff) c.skills = skillsOf(caller.principal);
    const writes: Promise<void>[] = [];
    // "Call next" while a visitor is still at the counter completes that visit first — or, if the
    // visitor never came after the policy's number of recalls, records a no-show.
    const current = c.state.currentTicketId ? this.q.book.get(c.state.currentTicketId) : undefined;
    let nextStop: Ticket | undefined;
    if (current && (current.status === 'called' || current.status === 'serving')) {
      const reason = noShowReason(current, at, this.q.catalogue.policy.noShow, true);
      let ended: Ticket;
      if (reason) {
        ended = noShowTicket(current, { by: caller.actor, at, note: `no-show: ${reason}` });
        this.q.stats.noShows++;
        writes.push(this.q.audit.record(caller, 'ticket.no_show', ended.id, { auto: true, reason, counterId: c.id }));
      } else {
        const started = current.status === 'called' ? startTicket(current, { by: caller.actor, at }) : current;
        const finished = finishTicket(started, { by: caller.actor, at, outcome: 'resolved', note: 'completed by call-next' });
        // A multi-stop visit goes on to its next stop, written with this call (stops.ts).
        const followed = this.stops.follow(finished, caller.actor, at);
        ended = followed.done;
        nextStop = followed.next;
        writes.push(...this.stops.store(nextStop));
        this.q.stats.finished++;
        writes.push(this.q.audit.record(caller, 'ticket.finish', ended.id, { auto: true, counterId: c.id }));
      }
      this.q.book.replace(current, ended);
      this.q.forecaster.learn(ended, at);
      writes.push(this.q.store.saveTicket(ended));
    }
    // A supervisor calling for a clerk's counter leaves it signed in by that clerk, who serves the visitor.
    const forHolder = staff && staff.role !== 'clerk' && c.state.staffId && c.state.staffId !== staff.id;
    const servedBy = forHolder ? c.state.staffId : staff?.id;
    const called = transition(next, {
      counterId: c.id,
      ...(servedBy ? { staffId: servedBy } : {}),
      by: caller.actor,
      at,
      ...(outOfTurn ? { outOfTurn } : {}),
    });
    // A visitor called in from a room's door used up their ratio turn when called to the door.
    if (!atDoor(next)) this.q.book.lines.recordCall(next, at);
    this.q.book.replace(next, called);
    const wasClosed = c.state.state === 'closed';
    c.state = { ...c.state, state: 'open', currentTicketId: called.id, since: wasClosed ? at : c.state.since };
    if (servedBy) c.state.staffId = servedBy;
    if (wasClosed) writes.push(this.q.audit.record(caller, 'counter.open', c.id, { implicit: true }));
    writes.push(
      this.q.store.saveTicket(called),
      this.q.counters.save(c),
      this.q.audit.record(caller, action, called.id, {
        number: called.number,
        counterId: c.id,
        ...details,
        ...(outOfTurn && servedBy ? { staffId: servedBy } : {}),
      }),
    );
    await Promise.all(writes);
    this.stops.announce(nextStop);
    this.q.stats.calls++;
    this.announceCall(called, c, false, at);
    return called;
  }

  async setCounterState(counterId: string, state: CounterStateName, caller: Caller, reason?: string): Promise<CounterRuntime> {
    const at = this.q.now();
    await this.rollover.rollIfNeeded(at);
    const c = this.q.counters.require(counterId);
    await assertCounterAllowed(this.q.audit, c, caller, state === 'open' ? 'open' : state === 'paused' ? 'pause' : 'close');
    assertMayOperate(c, caller, 'operate-counter');
    const staff = actingStaff(caller.principal);
    if (staff) c.skills = skillsOf(caller.principal);
    const next: CounterStateDoc = { ...c.state, state, since: at };
    delete next.pauseReason;
    if (state === 'paused' && reason) next.pauseReason = reason;
    if (state === 'open' && staff && !next.staffId) next.staffId = staff.id;
    if (state === 'closed') delete next.staffId;
    c.state = next;
    await Promise.all([
      this.q.counters.save(c),
      this.q.audit.record(caller, `counter.${state}`, c.id, reason ? { reason } : undefined),
    ]);
    this.q.events.emit('counter.changed', { counterId: c.id });
    this.q.events.emit('board.changed', {});
    return c;
  }

  /**
   * Lazy no-show timeout (policy `noShow.afterMs`): checked at the start of each queue operation
   * rather than by a timer, so the core needs no clock and a stopped hub leaves nothing running.
   * Only counters' current tickets can be called, so this costs one look per counter.
   */
  async expireCalled(at: number): Promise<void> {
    if (this.q.catalogue.policy.noShow.afterMs === undefined) return;
    const system = SYSTEM;
    for (const c of this.q.counters.all.values()) {
      const t = c.state.currentTicketId ? this.q.book.get(c.state.currentTicketId) : undefined;
      if (!t || noShowReason(t, at, this.q.catalogue.policy.noShow, false) !== 'timeout') continue;
      const after = noShowTicket(t, { by: system.actor, at, note: 'no-show: timeout' });
      this.q.book.replace(t, after);
      this.q.counters.release(after);
      this.q.forecaster.learn(after, at);
      this.q.stats.noShows++;
      await Promise.all([
        this.q.store.saveTicket(after),
        this.q.counters.save(c),
        this.q.audit.record(system, 'ticket.no_show', after.id, { auto: true, reason: 'timeout', counterId: c.id }),
      ]);
      this.q.events.emit('counter.changed', { counterId: c.id });
      this.q.events.emit('board.changed', {});
    }
  }

  announceCall(t: Ticket, c: CounterRuntime, recall: boolean, at: number): void {
    // A callback is made by phone (docs/phone.md): nobody in the waiting room is called to the counter.
    if (!t.callback) {
      // Two-step calling says which step; a service that shows names adds the visitor's masked name.
      const step = callStep(t);
      const extra = {
        ...(step ? { step } : {}),
        ...this.q.names.shown(t, this.q.catalogue.services.get(t.serviceId)?.namesOnScreens),
      };
      this.q.recent.add(t, c, recall, at, extra);
      this.q.events.emit('ticket.called', { ticket: t, counter: { id: c.id, name: c.name }, recall, at, ...extra });
    }
    this.q.events.emit('counter.changed', { counterId: c.id });
    this.q.events.emit('board.changed', {});
  }
}
