/**
 * Multi-stop visits (一票到底, docs/queue-policy.md "Multi-stop visits"). Pure: the clock, the
 * new ticket's id and the visit's first issue time are arguments.
 *
 * A ticket carries `route`, the services still to visit after its own, next first. When its stop
 * is finished, `continueVisit` ends it with a link to the next stop (`transferredTo`, the same
 * chain a transfer uses, so tracking, history and analytics see one visit) and opens the next
 * stop's ticket: same number, same tracking token, waiting in the next service, with the rest
 * of the route. Where it joins that line: at the finish time, or (`original`) at the visit's
 * first issue time.
 */
import {
  type Actor,
  CallboardError,
  MAX_ROUTE_STOPS,
  type StopArrival,
  type Ticket,
  type TicketEvent,
  type TicketStatus,
} from '../protocol';

export type RouteProblem = 'unknown_service' | 'too_long' | 'repeat';

function invalid(problem: RouteProblem, message: string, details: Record<string, unknown> = {}): CallboardError {
  return new CallboardError('ROUTE_INVALID', message, { problem, ...details });
}

/**
 * Checks the stops still to come after `currentServiceId`: every service known, at most `max`
 * stops, and no service twice in a row (the current one included: that would be a stop to
 * itself). A service may come back later (consultation → lab → consultation).
 */
export function checkRoute(
  stops: readonly string[],
  p: { currentServiceId?: string; known: (serviceId: string) => boolean; max?: number },
): void {
  const max = p.max ?? MAX_ROUTE_STOPS;
  if (stops.length > max) throw invalid('too_long', `a route has at most ${max} stops after the current one`, { max });
  let before = p.currentServiceId;
  for (const [index, serviceId] of stops.entries()) {
    if (!p.known(serviceId))
      throw invalid('unknown_service', `stop ${index + 1}: no service "${serviceId}" at this site`, { index, serviceId });
    if (serviceId === before) throw invalid('repeat', `stop ${index + 1}: "${serviceId}" twice in a row`, { index, serviceId });
    before = serviceId;
  }
}

/** The route fields of a new ticket of a service with a default route (none = a one-stop visit). */
export function routeAtIssue(serviceRoute: readonly string[] | undefined): { route?: string[]; stop?: number } {
  return serviceRoute && serviceRoute.length > 0 ? { route: [...serviceRoute], stop: 1 } : {};
}

const OPEN: readonly TicketStatus[] = ['waiting', 'called', 'serving'];

/**
 * The ticket with its remaining stops replaced (checked by the caller with `checkRoute`);
 * [] ends the visit at the current stop. Only while the ticket is open: a finished stop has
 * already moved on.
 */
export function setRoute(t: Ticket, stops: readonly string[]): Ticket {
  if (!OPEN.includes(t.status))
    throw new CallboardError('ILLEGAL_TRANSITION', `cannot change the route of ticket ${t.number}: it is ${t.status}`, {
      from: t.status,
      action: 'route',
      ticketId: t.id,
    });
  const { route: _old, ...rest } = t;
  const next: Ticket = { ...rest };
  if (stops.length > 0) {
    next.route = [...stops];
    next.stop = t.stop ?? 1;
  }
  return next;
}

/** The number of stops of the visit as planned now: those done, this one, and those to come. */
export function stopsOf(t: Ticket): { stop: number; stops: number } {
  const stop = t.stop ?? 1;
  return { stop, stops: stop + (t.route?.length ?? 0) };
}

/**
 * After a stop was finished (`done`, status `done`): when its route has more stops, the done
 * ticket linked to the next one and the next stop's waiting ticket. Without a route, `done`
 * unchanged and no next ticket.
 */
export function continueVisit(
  done: Ticket,
  p: {
    at: number;
    by: Actor;
    nextId: string;
    /** Where the next stop's line takes the visitor (that service's `stopArrival`). */
    arrival: StopArrival;
    /** When the visit's first ticket was issued (the head of the chain). */
    firstIssuedAt: number;
    /** The class at the next stop; default: the same as here. */
    priority?: string;
  },
): { done: Ticket; next?: Ticket } {
  const [serviceId, ...later] = done.route ?? [];
  if (serviceId === undefined) return { done };
  if (done.status !== 'done')
    throw new CallboardError('ILLEGAL_TRANSITION', `ticket ${done.number} is ${done.status}: only a finished stop moves on`, {
      from: done.status,
      action: 'next-stop',
      ticketId: done.id,
    });
  const stop = (done.stop ?? 1) + 1;
  const issued: TicketEvent = { type: 'issued', at: p.at, by: p.by, note: `stop ${stop} after ${done.serviceId}` };
  const next: Ticket = {
    id: p.nextId,
    number: done.number,
    seq: done.seq,
    serviceId,
    businessDate: done.businessDate,
    status: 'waiting',
    source: done.source,
    priority: p.priority ?? done.priority,
    lang: done.lang,
    issuedAt: p.at,
    arrivalAt: p.arrival === 'original' ? Math.min(p.firstIssuedAt, p.at) : p.at,
    recalls: 0,
    transferredFrom: done.id,
    trackToken: done.trackToken,
    stop,
    events: [issued],
  };
  if (later.length > 0) next.route = later;
  if (done.identity !== undefined) next.identity = done.identity;
  return { done: { ...done, transferredTo: p.nextId }, next };
}
