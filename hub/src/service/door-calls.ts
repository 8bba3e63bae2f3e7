/**
 * Two-step calling at a clinic room (docs/queue-policy.md "Two-step calling"): "call to door" picks
 * the next visitor under the policy, from the room's two-step services, into the room's door list
 * (at most `doorSize`); "call in" calls the first visitor at the door into the room, ending the
 * visit in the room first as "call next" does. Both are announced (board, room screen, voice) and
 * audited (`ticket.call_to_door`, `ticket.call_in`).
 */
import { CallboardError, type Service, type Ticket } from '../protocol';
import { callIn, callToDoor, selectNext } from '../queue';
import type { Caller } from './caller';
import type { ClerkCalls } from './clerk-calls';
import { assertCounterAllowed, assertMayOperate } from './counter-access';
import type { CounterRuntime } from './counters';
import type { DayRollover } from './day-rollover';
import { skillsOf } from './principals';
import type { QueueParts } from './queue-parts';

export class DoorCalls {
  constructor(
    private readonly q: QueueParts,
    private readonly rollover: DayRollover,
    private readonly calls: ClerkCalls,
  ) {}

  /** The two-step services this counter serves (none: it is no room). */
  private twoStepServices(c: CounterRuntime): Service[] {
    return c.services
      .map((l) => this.q.catalogue.services.get(l.serviceId))
      .filter((s): s is Service => s?.twoStep !== undefined);
  }

  /** Checks shared by both steps: the clerk at this counter (or a supervisor), the counter open or closed. */
  private async counterFor(counterId: string, caller: Caller, action: string, at: number): Promise<CounterRuntime> {
    await this.rollover.rollIfNeeded(at);
    const c = this.q.counters.require(counterId);
    await assertCounterAllowed(this.q.audit, c, caller, action);
    assertMayOperate(c, caller, 'call-next');
    if (c.state.state === 'paused') throw new CallboardError('COUNTER_PAUSED', `counter ${c.id} is paused: resume it first`);
    return c;
  }

  async callToDoor(counterId: string, caller: Caller): Promise<Ticket> {
    const at = this.q.now();
    const c = await this.counterFor(counterId, caller, 'call-to-door', at);
    const services = this.twoStepServices(c);
    if (services.length === 0)
      throw new CallboardError('TWO_STEP_OFF', `counter ${c.id} serves no service with two-step calling`, { counterId: c.id });
    await this.calls.expireCalled(at);
    await this.calls.arrivals.sweep(at);
    const two = new Set(services.map((s) => s.id));
    const chosen = selectNext({
      links: c.services.filter((l) => two.has(l.serviceId)),
      rotation: c.rotation,
      now: at,
      line: (id) => this.q.book.lines.line(id),
      allowed: skillsOf(caller.principal),
    });
    if (!chosen) throw new CallboardError('QUEUE_EMPTY', `nobody is waiting for counter ${c.id}`);
    // The smallest door of the room's two-step services bounds its list.
    const doorSize = Math.min(...services.map((s) => s.twoStep?.doorSize ?? 1));
    const after = callToDoor(chosen.ticket, {
      counterId: c.id,
      by: caller.actor,
      at,
      doorCount: this.q.book.doorOf(c.id).length,
      doorSize,
    });
    c.rotation = chosen.rotation;
    const skipped = this.q.book.lines.line(after.serviceId)?.skippedBy(chosen.ticket, at) ?? [];
    const noted = this.calls.arrivals.noteSkipped(skipped, at);
    // The policy's turn is used here, where the policy chose; "call in" only takes from the door.
    this.q.book.lines.recordCall(chosen.ticket, at);
    this.q.book.replace(chosen.ticket, after);
    await Promise.all([
      this.q.store.saveTicket(after),
      this.q.counters.save(c),
      this.q.audit.record(caller, 'ticket.call_to_door', after.id, { number: after.number, counterId: c.id, doorSize }),
      noted,
    ]);
    this.calls.announceCall(after, c, false, at);
    return after;
  }

  async callIn(counterId: string, caller: Caller): Promise<Ticket> {
    const at = this.q.now();
    const c = await this.counterFor(counterId, caller, 'call-in', at);
    const first = this.q.book.doorOf(c.id)[0];
    if (!first) throw new CallboardError('NOT_AT_DOOR', `nobody waits at the door of ${c.id}: call one to the door first`);
    this.calls.assertCurrentMayEnd(c, at);
    return this.calls.performCall(c, first, caller, at, 'ticket.call_in', {}, undefined, callIn);
  }
}
