/**
 * The board's per-counter part: every counter with the ticket it calls or serves now, read from
 * the counter's own state — so a no-show, a finish, a transfer, a pause or a close clears the
 * board exactly when it clears the counter screen and the visitor's phone.
 */
import type { BoardCounter, CounterServiceLink, CounterStateName, Localized, Ticket } from '../protocol';

export interface BoardCounterSource {
  id: string;
  name: Localized;
  services: readonly CounterServiceLink[];
  state: { state: CounterStateName; currentTicketId?: string | undefined };
}

/** The last time the ticket was called or recalled at this counter, and whether that was a recall. */
function lastCall(t: Ticket, counterId: string): { at: number; recall: boolean } | null {
  for (let i = t.events.length - 1; i >= 0; i--) {
    const e = t.events[i];
    if (e && (e.type === 'called' || e.type === 'recalled') && (e.counterId === undefined || e.counterId === counterId))
      return { at: e.at, recall: e.type === 'recalled' };
  }
  return null;
}

export function boardCounters(
  counters: Iterable<BoardCounterSource>,
  ticket: (id: string) => Ticket | undefined,
  shown: (t: Ticket) => { name?: string; nameOnly?: boolean } = () => ({}),
): BoardCounter[] {
  const out: BoardCounter[] = [];
  for (const c of counters) {
    const t = c.state.currentTicketId ? ticket(c.state.currentTicketId) : undefined;
    const live = t && (t.status === 'called' || t.status === 'serving') ? t : undefined;
    const call = live ? lastCall(live, c.id) : null;
    out.push({
      id: c.id,
      name: c.name,
      state: c.state.state,
      services: c.services.map((s) => s.serviceId),
      current:
        live && call
          ? {
              number: live.number,
              serviceId: live.serviceId,
              status: live.status,
              calledAt: call.at,
              recall: call.recall,
              ...shown(live),
            }
          : null,
    });
  }
  return out;
}
