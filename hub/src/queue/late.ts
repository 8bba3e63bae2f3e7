/**
 * "I'm running late" (docs/queue-policy.md): the visitor moves their own waiting ticket back by
 * N places, or to the end of the line. The line's order comes from the policy (class, protection,
 * arrival), so the move is made in its terms: the ticket takes an arrival time just after the
 * visitor it lets pass last, so that the policy itself puts it behind them — the board, positions
 * and estimates follow without anything else to update. Moving to the end takes the arrival time
 * `now` (like a re-queue). A later arrival also restarts the ticket's protection time: the visitor
 * asked to wait longer. Pure: the line (in calling order) and the time are arguments.
 */
import { type Actor, CallboardError, type Ticket, type TicketEvent } from '../protocol';

export interface LateLimits {
  /** Most places one move may go back. */
  maxPlaces: number;
  /** Most moves per ticket. */
  maxMoves: number;
}

export function moveBack(
  t: Ticket,
  p: { line: readonly Ticket[]; places: number | 'end'; at: number; by: Actor; limits: LateLimits },
): Ticket {
  if (t.status !== 'waiting')
    throw new CallboardError('ILLEGAL_TRANSITION', `ticket ${t.number} is ${t.status}: only a waiting ticket can move back`, {
      from: t.status,
      action: 'move-back',
      ticketId: t.id,
    });
  // Called to a room's door, the visitor has left the line: there is no place to move back from.
  if (t.door)
    throw new CallboardError('ILLEGAL_TRANSITION', `ticket ${t.number} is called to a room's door: it cannot move back`, {
      from: 'door',
      action: 'move-back',
      ticketId: t.id,
    });
  const moves = t.lateMoves ?? 0;
  if (moves >= p.limits.maxMoves)
    throw new CallboardError('LATE_LIMIT', `ticket ${t.number} was already moved back ${moves} time(s)`, {
      moves,
      maxMoves: p.limits.maxMoves,
    });
  if (p.places !== 'end' && (!Number.isInteger(p.places) || p.places < 1 || p.places > p.limits.maxPlaces))
    throw new CallboardError('VALIDATION_FAILED', `a ticket may move back 1 to ${p.limits.maxPlaces} places`, {
      maxPlaces: p.limits.maxPlaces,
    });
  const i = p.line.findIndex((x) => x.id === t.id);
  const behind = i < 0 ? [] : p.line.slice(i + 1);
  let arrivalAt: number;
  let note: string;
  if (p.places === 'end') {
    arrivalAt = Math.max(t.arrivalAt, p.at, ...behind.map((x) => x.arrivalAt + 1));
    note = 'to the end';
  } else {
    // Just after the last visitor it lets pass (nobody behind: it stays where it is).
    const passed = Math.min(p.places, behind.length);
    const last = behind[passed - 1];
    arrivalAt = last ? Math.max(t.arrivalAt, last.arrivalAt + 1) : t.arrivalAt;
    note = `${passed} place(s)`;
  }
  const event: TicketEvent = { type: 'moved_back', at: p.at, by: p.by, note };
  return { ...t, arrivalAt, lateMoves: moves + 1, events: [...t.events, event] };
}
