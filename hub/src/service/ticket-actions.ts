/**
 * What a clerk does with a ticket once it is called: recall, start, finish, no-show, cancel,
 * transfer to another service, and re-queue a no-show. Each checks that the caller may act on
 * the ticket, applies the pure transition, frees the counter, persists and audits.
 */
import { randomUUID } from 'node:crypto';
import type { Ticket } from '../protocol';
import {
  cancelTicket,
  finishTicket,
  noAnswerTicket,
  noShowTicket,
  recallTicket,
  requeueLimits,
  requeueTicket,
  startTicket,
  type TransferMode,
  transferModeFor,
  transferTicket,
} from '../queue';
import type { Caller } from './caller';
import type { ClerkCalls } from './clerk-calls';
import { assertOwnsTicket } from './counter-access';
import { outcomeRequired } from './outcome-rule';
import type { QueueAction } from './principals';
import type { QueueParts } from './queue-parts';

export class TicketActions {
  constructor(
    private readonly q: QueueParts,
    private readonly calls: ClerkCalls,
  ) {}

  async recall(id: string, caller: Caller): Promise<Ticket> {
    const at = this.q.now();
    const t = this.q.book.require(id);
    assertOwnsTicket(this.q.counters, t, caller, 'recall');
    const after = recallTicket(t, { by: caller.actor, at, maxRecalls: this.q.config.queue.maxRecalls });
    this.q.book.replace(t, after);
    await Promise.all([
      this.q.store.saveTicket(after),
      this.q.audit.record(caller, 'ticket.recall', id, { recalls: after.recalls }),
    ]);
    const c = after.counterId ? this.q.counters.get(after.counterId) : undefined;
    if (c) this.calls.announceCall(after, c, true, at);
    return after;
  }

  async start(id: string, caller: Caller): Promise<Ticket> {
    return this.simple(id, caller, 'start', 'ticket.start', (t, at) => startTicket(t, { by: caller.actor, at }));
  }

  /** Finishes the visit at this counter; a multi-stop visit goes on to its next stop (`next`, stored with it). */
  async finish(id: string, caller: Caller, outcome?: string, note?: string): Promise<{ ticket: Ticket; next?: Ticket }> {
    let next: Ticket | undefined;
    const after = await this.simple(
      id,
      caller,
      'finish',
      'ticket.finish',
      (t, at) => {
        // The state machine speaks first: finishing a waiting ticket is an illegal transition, whatever the outcome.
        const done = finishTicket(t, { by: caller.actor, at, ...(outcome ? { outcome } : {}), ...(note ? { note } : {}) });
        if (!outcome && this.q.catalogue.outcomeRequired) throw outcomeRequired(t);
        const followed = this.calls.stops.follow(done, caller.actor, at);
        next = followed.next;
        return followed.done;
      },
      () => this.calls.stops.store(next),
    );
    this.calls.stops.announce(next);
    this.q.stats.finished++;
    return next ? { ticket: after, next } : { ticket: after };
  }

  async noShow(id: string, caller: Caller, note?: string): Promise<Ticket> {
    const after = await this.simple(id, caller, 'no-show', 'ticket.no_show', (t, at) =>
      noShowTicket(t, { by: caller.actor, at, ...(note ? { note } : {}) }),
    );
    this.q.stats.noShows++;
    return after;
  }

  async cancel(id: string, caller: Caller, note?: string): Promise<Ticket> {
    const after = await this.simple(id, caller, 'cancel', 'ticket.cancel', (t, at) =>
      cancelTicket(t, { by: caller.actor, at, ...(note ? { note } : {}) }),
    );
    this.q.stats.cancelled++;
    return after;
  }

  /**
   * Transfer to another service. Where the visitor joins the new line: `mode` if given, else
   * `keepArrival: false` means the back, `true` the original arrival time, and neither means the
   * policy's transfer mode for the target service (default: keep).
   */
  async transfer(id: string, caller: Caller, serviceId: string, keepArrival?: boolean, note?: string, mode?: TransferMode) {
    const at = this.q.now();
    const t = this.q.book.require(id);
    assertOwnsTicket(this.q.counters, t, caller, 'transfer');
    this.q.catalogue.service(serviceId);
    const how: TransferMode =
      mode ??
      (keepArrival === false ? 'back' : keepArrival === true ? 'keep' : transferModeFor(this.q.catalogue.policy, serviceId));
    const { from, continuation } = transferTicket(t, {
      by: caller.actor,
      at,
      serviceId,
      continuationId: randomUUID(),
      keepArrival: how !== 'back',
      head: how === 'head',
      ...(note ? { note } : {}),
    });
    this.q.book.replace(t, from);
    this.q.counters.release(from);
    this.q.forecaster.learn(from, at);
    await Promise.all([
      this.q.store.saveTicket(from),
      this.q.store.insertTicket(continuation),
      this.q.audit.record(caller, 'ticket.transfer', id, {
        to: serviceId,
        continuation: continuation.id,
        keepArrival: how !== 'back',
        mode: how,
      }),
      ...this.q.counters.writesFor(from),
    ]);
    this.q.book.index(continuation);
    this.q.stats.transfers++;
    this.q.events.emit('ticket.changed', { ticket: from });
    this.q.events.emit('ticket.issued', { ticket: continuation });
    this.q.events.emit('board.changed', {});
    if (from.counterId) this.q.events.emit('counter.changed', { counterId: from.counterId });
    return { from, continuation };
  }

  /** Puts a no-show back at the back of its line, within the policy's re-queue window. */
  async requeue(id: string, caller: Caller, note?: string): Promise<Ticket> {
    const rule = this.q.catalogue.policy.noShow;
    const after = await this.simple(id, caller, 'requeue', 'ticket.requeue', (t, at) =>
      requeueTicket(t, { by: caller.actor, at, ...requeueLimits(t, rule, at), ...(note ? { note } : {}) }),
    );
    return after;
  }

  /**
   * A callback nobody answered (docs/phone.md): back in its line, not called again for
   * `retryMs`; at the `maxAttempts`-th unanswered call it finishes as unreachable. The counter
   * is free either way.
   */
  async noAnswer(id: string, caller: Caller, retryMs: number, maxAttempts: number): Promise<Ticket> {
    const at = this.q.now();
    const t = this.q.book.require(id);
    assertOwnsTicket(this.q.counters, t, caller, 'finish');
    const after = noAnswerTicket(t, { at, by: caller.actor, retryMs, maxAttempts });
    this.q.book.replace(t, after);
    const c = t.counterId ? this.q.counters.get(t.counterId) : undefined;
    if (c?.state.currentTicketId === t.id) c.state = (({ currentTicketId: _id, ...rest }) => rest)(c.state);
    if (after.status === 'done') {
      this.q.forecaster.learn(after, at);
      this.q.stats.finished++;
    }
    await Promise.all([
      this.q.store.saveTicket(after),
      this.q.audit.record(caller, 'ticket.callback_no_answer', id, {
        attempts: after.callback?.attempts,
        ...(after.status === 'done' ? { unreachable: true } : { retryAt: after.callback?.notBefore }),
      }),
      ...(c ? [this.q.counters.save(c)] : []),
    ]);
    this.q.events.emit('ticket.changed', { ticket: after });
    this.q.events.emit('board.changed', {});
    if (c) this.q.events.emit('counter.changed', { counterId: c.id });
    return after;
  }

  private async simple(
    id: string,
    caller: Caller,
    what: QueueAction,
    action: string,
    apply: (t: Ticket, at: number) => Ticket,
    more: () => Promise<void>[] = () => [],
  ): Promise<Ticket> {
    const at = this.q.now();
    const t = this.q.book.require(id);
    assertOwnsTicket(this.q.counters, t, caller, what);
    const after = apply(t, at);
    this.q.book.replace(t, after);
    this.q.counters.release(after);
    if (t.status === 'called' || t.status === 'serving') this.q.forecaster.learn(after, at);
    await Promise.all([
      this.q.store.saveTicket(after),
      this.q.audit.record(caller, action, id),
      ...this.q.counters.writesFor(after),
      ...more(),
    ]);
    this.q.events.emit('ticket.changed', { ticket: after });
    this.q.events.emit('board.changed', {});
    if (after.counterId) this.q.events.emit('counter.changed', { counterId: after.counterId });
    return after;
  }
}
