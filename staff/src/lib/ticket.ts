import type { CounterStateName, TicketStatus, TicketView } from '@callboard/hub/client';

/** Whole minutes the visitor waited: from arrival to the first call (or to `now` if not called yet). */
export function waitedMinutes(ticket: Pick<TicketView, 'arrivalAt' | 'events'>, now: number): number {
  const calledAt = ticket.events.find((e) => e.type === 'called')?.at ?? now;
  return Math.max(0, Math.round((calledAt - ticket.arrivalAt) / 60_000));
}

export interface Actions {
  callNext: boolean;
  recall: boolean;
  start: boolean;
  finish: boolean;
  noShow: boolean;
}

/**
 * Which console buttons make sense, following the ticket states
 * (waiting → called → serving → done; called → no_show). A counter calls the next visitor only
 * when it is open and nobody is still called or being served there.
 */
export function actionsFor(counterState: CounterStateName | undefined, status: TicketStatus | undefined): Actions {
  const busy = status === 'called' || status === 'serving';
  return {
    callNext: counterState === 'open' && !busy,
    recall: status === 'called',
    start: status === 'called',
    finish: status === 'serving',
    noShow: status === 'called',
  };
}
