/**
 * Ticket state machine (ARCHITECTURE.md §3). Pure: every function takes the ticket and the
 * time/actor of the change and returns a new ticket; nothing here reads a clock or mutates input.
 *
 *   waiting → called → serving → done
 *   called → called (recall)      called → no_show
 *   waiting|called → cancelled    serving → transferred (+ a waiting continuation elsewhere)
 *   no_show → waiting (re-queued within the policy's window)
 */
import {
  type Actor,
  CallboardError,
  type Lang,
  NOT_SERVED_CLOSED,
  type OutOfTurn,
  type StoredIdentity,
  type Ticket,
  type TicketEvent,
  type TicketEventType,
  type TicketSource,
  type TicketStatus,
} from '../protocol';

export type TicketAction = 'call' | 'recall' | 'start' | 'finish' | 'no_show' | 'cancel' | 'transfer' | 'requeue';

export const TRANSITIONS: Readonly<Record<TicketAction, { from: readonly TicketStatus[]; to: TicketStatus }>> = Object.freeze({
  call: { from: ['waiting'], to: 'called' },
  recall: { from: ['called'], to: 'called' },
  start: { from: ['called'], to: 'serving' },
  finish: { from: ['serving'], to: 'done' },
  no_show: { from: ['called'], to: 'no_show' },
  cancel: { from: ['waiting', 'called'], to: 'cancelled' },
  transfer: { from: ['serving'], to: 'transferred' },
  requeue: { from: ['no_show'], to: 'waiting' },
} as const);

const EVENT_OF: Readonly<Record<TicketAction, TicketEventType>> = {
  call: 'called',
  recall: 'recalled',
  start: 'started',
  finish: 'finished',
  no_show: 'no_show',
  cancel: 'cancelled',
  transfer: 'transferred',
  requeue: 'requeued',
};

export function canApply(status: TicketStatus, action: TicketAction): boolean {
  return TRANSITIONS[action].from.includes(status);
}

function assertCan(t: Ticket, action: TicketAction): void {
  if (canApply(t.status, action)) return;
  const needs = TRANSITIONS[action].from.join(' or ');
  throw new CallboardError(
    'ILLEGAL_TRANSITION',
    `cannot ${action} ticket ${t.number}: it is ${t.status}, ${action} needs ${needs}`,
    { from: t.status, action, ticketId: t.id },
  );
}

/**
 * Builds an event without undefined-valued keys: the store is NeDB and the API schemas are
 * strict (additionalProperties/undefined round-trips badly), so absent means absent.
 */
function event(type: TicketEventType, at: number, by: Actor, counterId?: string, note?: string): TicketEvent {
  const e: TicketEvent = { type, at, by };
  if (counterId !== undefined) e.counterId = counterId;
  if (note !== undefined) e.note = note;
  return e;
}

/**
 * Applies a legal transition: new status plus one appended event. The event carries the
 * ticket's counter (once it has one) so reports can attribute every step to a counter
 * without replaying the history.
 */
function apply(
  t: Ticket,
  action: TicketAction,
  p: { by: Actor; at: number; note?: string },
  patch: Partial<Ticket> = {},
): Ticket {
  assertCan(t, action);
  const next: Ticket = { ...t, ...patch, status: TRANSITIONS[action].to };
  next.events = [...t.events, event(EVENT_OF[action], p.at, p.by, next.counterId, p.note)];
  return next;
}

export function callTicket(
  t: Ticket,
  p: { counterId: string; staffId?: string; by: Actor; at: number; outOfTurn?: OutOfTurn },
): Ticket {
  const patch: Partial<Ticket> = { counterId: p.counterId };
  if (p.staffId !== undefined) patch.staffId = p.staffId;
  const called = apply(t, 'call', { by: p.by, at: p.at }, patch);
  if (p.outOfTurn === undefined) return called;
  // A supervisor's pick: the reason stays on the call itself (the fairness record).
  const events = [...called.events];
  events[events.length - 1] = { ...(events[events.length - 1] as TicketEvent), outOfTurn: { ...p.outOfTurn } };
  return { ...called, events };
}

export function recallTicket(t: Ticket, p: { by: Actor; at: number; maxRecalls: number }): Ticket {
  // State first: recalling a waiting ticket is an illegal transition, not a recall-limit issue.
  assertCan(t, 'recall');
  if (t.recalls >= p.maxRecalls) {
    throw new CallboardError(
      'RECALL_LIMIT',
      `cannot recall ticket ${t.number}: already recalled ${t.recalls} time(s), limit is ${p.maxRecalls}`,
      { ticketId: t.id, recalls: t.recalls, maxRecalls: p.maxRecalls },
    );
  }
  return apply(t, 'recall', p, { recalls: t.recalls + 1 });
}

export function startTicket(t: Ticket, p: { by: Actor; at: number }): Ticket {
  return apply(t, 'start', p);
}

export function finishTicket(t: Ticket, p: { by: Actor; at: number; outcome?: string; note?: string }): Ticket {
  return apply(t, 'finish', p, { outcome: p.outcome ?? 'resolved' });
}

export function noShowTicket(t: Ticket, p: { by: Actor; at: number; note?: string }): Ticket {
  return apply(t, 'no_show', p);
}

export function cancelTicket(t: Ticket, p: { by: Actor; at: number; note?: string }): Ticket {
  return apply(t, 'cancel', p);
}

/**
 * Closes a ticket nobody served by closing time (waiting or called once the service closed and the
 * grace passed): the cancel transition, with the outcome "not served — closed" so reports and the
 * visitor's phone page tell it apart from a visitor who left.
 */
export function closeUnservedTicket(t: Ticket, p: { by: Actor; at: number; note?: string }): Ticket {
  return apply(t, 'cancel', { ...p, note: p.note ?? 'closing time' }, { outcome: NOT_SERVED_CLOSED });
}

/**
 * Puts a no-show back in the line, at the back (arrival = now): a visitor who missed their
 * call and comes back within `withinMs` need not take a new number. Recalls start again and
 * the counter is forgotten, since the next call may come from any counter. With `intoClass` the
 * visitor waits in that class (e.g. `missed`, which a ratio gives its own turns); `maxRequeues`
 * limits how often one ticket may come back (its `requeued` events count).
 */
export function requeueTicket(
  t: Ticket,
  p: { by: Actor; at: number; noShowAt: number; withinMs: number; maxRequeues?: number; intoClass?: string; note?: string },
): Ticket {
  assertCan(t, 'requeue');
  const done = t.events.filter((e) => e.type === 'requeued').length;
  if (p.maxRequeues !== undefined && done >= p.maxRequeues) {
    throw new CallboardError(
      'REQUEUE_LIMIT',
      `ticket ${t.number} was already put back ${done} time(s); the limit is ${p.maxRequeues}: take a new ticket`,
      { ticketId: t.id, requeues: done, maxRequeues: p.maxRequeues },
    );
  }
  if (p.at - p.noShowAt > p.withinMs) {
    throw new CallboardError(
      'REQUEUE_EXPIRED',
      `ticket ${t.number} missed its call ${Math.round((p.at - p.noShowAt) / 60_000)} min ago; re-queueing is allowed for ${Math.round(p.withinMs / 60_000)} min`,
      { ticketId: t.id, noShowAt: p.noShowAt, withinMs: p.withinMs },
    );
  }
  const { counterId: _c, staffId: _s, atHead: _h, ...rest } = t;
  const next: Ticket = { ...rest, status: 'waiting', arrivalAt: p.at, recalls: 0 };
  if (p.intoClass !== undefined) next.priority = p.intoClass;
  next.events = [...t.events, event('requeued', p.at, p.by, undefined, p.note)];
  return next;
}

/**
 * Ends the ticket in its service and opens a waiting continuation in another one. The
 * continuation keeps the visitor-facing identity (number, track token, priority...) because
 * the visitor keeps their paper ticket and phone page; with keepArrival it also keeps its
 * place in time, so a transferred visitor is not sent to the back of the next queue; with
 * `head` it is called next in the new service (the visit is already under way).
 */
export function transferTicket(
  t: Ticket,
  p: { by: Actor; at: number; serviceId: string; continuationId: string; keepArrival: boolean; head?: boolean; note?: string },
): { from: Ticket; continuation: Ticket } {
  assertCan(t, 'transfer');
  if (p.serviceId === t.serviceId) {
    throw new CallboardError('TRANSFER_SAME_SERVICE', `cannot transfer ticket ${t.number} to its own service`, {
      ticketId: t.id,
      serviceId: p.serviceId,
    });
  }
  const from = apply(t, 'transfer', p, { transferredTo: p.continuationId });
  const continuation: Ticket = {
    id: p.continuationId,
    number: t.number,
    seq: t.seq,
    serviceId: p.serviceId,
    businessDate: t.businessDate,
    status: 'waiting',
    source: t.source,
    priority: t.priority,
    lang: t.lang,
    issuedAt: p.at,
    arrivalAt: p.keepArrival ? t.arrivalAt : p.at,
    recalls: 0,
    transferredFrom: t.id,
    trackToken: t.trackToken,
    events: [event('issued', p.at, p.by, undefined, p.note)],
  };
  if (t.identity !== undefined) continuation.identity = t.identity;
  if (p.head) continuation.atHead = true;
  // A multi-stop visit keeps its stops still to come: the transfer replaces this stop's service.
  if (t.route !== undefined) continuation.route = t.route;
  if (t.stop !== undefined) continuation.stop = t.stop;
  return { from, continuation };
}

export function newTicket(p: {
  id: string;
  serviceId: string;
  seq: number;
  number: string;
  businessDate: string;
  source: TicketSource;
  priority: string;
  lang: Lang;
  identity?: StoredIdentity;
  appointmentId?: string;
  appointmentAt?: number;
  trackToken: string;
  at: number;
  by: Actor;
}): Ticket {
  const t: Ticket = {
    id: p.id,
    number: p.number,
    seq: p.seq,
    serviceId: p.serviceId,
    businessDate: p.businessDate,
    status: 'waiting',
    source: p.source,
    priority: p.priority,
    lang: p.lang,
    issuedAt: p.at,
    arrivalAt: p.at,
    recalls: 0,
    trackToken: p.trackToken,
    events: [event('issued', p.at, p.by)],
  };
  if (p.identity !== undefined) t.identity = p.identity;
  if (p.appointmentId !== undefined) t.appointmentId = p.appointmentId;
  if (p.appointmentAt !== undefined) t.appointmentAt = p.appointmentAt;
  return t;
}
