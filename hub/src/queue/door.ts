/**
 * Two-step calling (docs/queue-policy.md "Two-step calling"), pure: a clinic calls a visitor first
 * to the door of a room — a small sub-waiting area that holds at most `doorSize` visitors — and
 * then into the room. At the door the ticket is still `waiting` (it left the line: the policy
 * picked it) with `door` set and a `door_called` event; "call in" is the ordinary `call`
 * transition from there, at that room only, and clears `door`.
 *
 *   waiting (in line) ──call to door──▶ waiting (at the door of room R) ──call in at R──▶ called
 *   waiting (at the door) ──cancel──▶ cancelled   (the visitor left; `door` stays as a record)
 */
import { type Actor, CallboardError, type CallStep, type Ticket } from '../protocol';
import { callTicket } from './state-machine';

/** A ticket waiting at a room's door (not in the line any more). */
export function atDoor(t: Ticket): boolean {
  return t.status === 'waiting' && t.door !== undefined;
}

/** A ticket in its service's waiting line (the policy may pick it). */
export function inLine(t: Ticket): boolean {
  return t.status === 'waiting' && t.door === undefined;
}

export function callToDoor(
  t: Ticket,
  p: { counterId: string; by: Actor; at: number; doorCount: number; doorSize: number },
): Ticket {
  if (!inLine(t)) {
    const where = t.door ? `already at the door of ${t.door.counterId}` : t.status;
    throw new CallboardError('ILLEGAL_TRANSITION', `cannot call ticket ${t.number} to a door: it is ${where}`, {
      from: t.status,
      action: 'call_to_door',
      ticketId: t.id,
    });
  }
  if (p.doorCount >= p.doorSize)
    throw new CallboardError('DOOR_FULL', `the door of ${p.counterId} holds ${p.doorSize}: call one of them in first`, {
      counterId: p.counterId,
      doorSize: p.doorSize,
    });
  return {
    ...t,
    door: { counterId: p.counterId, at: p.at },
    events: [...t.events, { type: 'door_called', at: p.at, by: p.by, counterId: p.counterId }],
  };
}

/** Calls the visitor at the door of `counterId` into the room: the `call` transition, door cleared. */
export function callIn(t: Ticket, p: { counterId: string; staffId?: string; by: Actor; at: number }): Ticket {
  if (!atDoor(t) || t.door?.counterId !== p.counterId)
    throw new CallboardError('NOT_AT_DOOR', `ticket ${t.number} is not waiting at the door of ${p.counterId}`, {
      ticketId: t.id,
      counterId: p.counterId,
    });
  const { door: _door, ...rest } = t;
  return callTicket(rest, p);
}

/** A room's door list in calling order: first called to the door, first in. */
export function doorOrder(tickets: Iterable<Ticket>): Ticket[] {
  return [...tickets].sort((a, b) => (a.door?.at ?? 0) - (b.door?.at ?? 0) || a.seq - b.seq);
}

/** Which step a call of this ticket announces: `door` while at a door, `in` once called in after one. */
export function callStep(t: Ticket): CallStep | undefined {
  if (atDoor(t)) return 'door';
  return t.events.some((e) => e.type === 'door_called') ? 'in' : undefined;
}
