/**
 * Arrival confirmation for tickets taken away from the site (docs/queue-policy.md "Arrival
 * confirmation"). A remote ticket that needs it keeps its place in the line but is not called
 * until the visitor confirms they are here (a kiosk scans the QR on their phone, or they press
 * "I'm here" on the site's network). Its grace starts the first time its turn comes — the first
 * call that had to skip it — so a visitor who joined two hours ahead is not punished for the
 * line being long; once the grace is over the ticket lapses. Pure: time is an argument.
 */
import { type Actor, type ArrivalCheck, CallboardError, type Ticket, type TicketEvent } from '../protocol';

/** True while the ticket may not be called: it needs a confirmation it has not had. */
export function awaitsArrival(t: Ticket): boolean {
  return t.arrival !== undefined && t.arrival.confirmedAt === undefined && t.arrival.lapsedAt === undefined;
}

/** The arrival check a new remote ticket starts with (undefined when the service does not ask for one). */
export function arrivalCheckFor(confirmation: boolean, graceMin: number): ArrivalCheck | undefined {
  return confirmation ? { graceMs: graceMin * 60_000 } : undefined;
}

/**
 * Notes that a counter would have called this ticket at `at` had it been confirmed: its grace
 * starts now. Later skips keep the first time (the grace does not restart).
 */
export function markTurnReached(t: Ticket, at: number): Ticket {
  const check = pendingCheck(t);
  if (check === undefined || check.turnAt !== undefined) return t;
  return { ...t, arrival: { ...check, turnAt: at } };
}

/** The arrival check of a ticket that awaits arrival; undefined for any other. */
function pendingCheck(t: Ticket): ArrivalCheck | undefined {
  return awaitsArrival(t) ? t.arrival : undefined;
}

/** When the ticket lapses if nobody confirms it (undefined: its turn has not come yet, or no check). */
export function lapsesAt(t: Ticket): number | undefined {
  const check = pendingCheck(t);
  if (check?.turnAt === undefined) return undefined;
  return check.turnAt + check.graceMs;
}

/** Whether an unconfirmed waiting ticket's grace is over at `now`. */
export function arrivalLapsed(t: Ticket, now: number): boolean {
  return t.status === 'waiting' && now >= (lapsesAt(t) ?? Number.POSITIVE_INFINITY);
}

/**
 * The visitor is here: the ticket may be called from now on, in the place it kept. Confirming a
 * ticket that needs no confirmation, or twice, changes nothing (a retried scan or tap).
 */
export function confirmArrival(t: Ticket, p: { at: number; by: Actor; via: 'kiosk' | 'phone' }): Ticket {
  if (t.status !== 'waiting')
    throw new CallboardError('ILLEGAL_TRANSITION', `ticket ${t.number} is ${t.status}: only a waiting ticket checks in`, {
      from: t.status,
      action: 'check-in',
      ticketId: t.id,
    });
  if (!awaitsArrival(t)) return t;
  const event: TicketEvent = { type: 'arrived', at: p.at, by: p.by, note: `checked in at the ${p.via}` };
  return { ...t, arrival: { ...(t.arrival as ArrivalCheck), confirmedAt: p.at, via: p.via }, events: [...t.events, event] };
}

/**
 * Ends a ticket whose grace ran out: it is cancelled by the system, and `arrival.lapsedAt` says
 * why, so the phone page can explain it and reports count it as a visitor who did not come.
 */
export function lapseTicket(t: Ticket, p: { at: number; by: Actor }): Ticket {
  if (!arrivalLapsed(t, p.at))
    throw new CallboardError('ILLEGAL_TRANSITION', `ticket ${t.number} has not lapsed`, { ticketId: t.id, action: 'lapse' });
  const event: TicketEvent = {
    type: 'cancelled',
    at: p.at,
    by: p.by,
    note: 'lapsed: the visitor did not confirm arrival in time',
  };
  return {
    ...t,
    status: 'cancelled',
    arrival: { ...(t.arrival as ArrivalCheck), lapsedAt: p.at },
    events: [...t.events, event],
  };
}
