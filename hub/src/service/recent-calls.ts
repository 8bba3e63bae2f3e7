/** The board's list of recent calls, newest first, as long as the site's `queue.boardHistory`. */
import type { BoardCall, CallStep, CounterConfig, Localized, Ticket } from '../protocol';

/** What a call shows beside its number: the step of a two-step call, the masked name. */
export type CallExtra = { step?: CallStep; name?: string; nameOnly?: boolean };

export class RecentCalls {
  private calls: BoardCall[] = [];

  constructor(private readonly limit: () => number) {}

  /** Rebuilds the list from the day's tickets (at start-up and at a new day). */
  load(tickets: Iterable<Ticket>, counters: readonly Pick<CounterConfig, 'id' | 'name'>[]): void {
    const calls: BoardCall[] = [];
    for (const t of tickets)
      for (const e of t.events) {
        if ((e.type !== 'called' && e.type !== 'recalled' && e.type !== 'door_called') || !e.counterId) continue;
        const counter = counters.find((c) => c.id === e.counterId);
        // Two-step calling: the call to the door, then the call in (names are not kept across a restart).
        const step = e.type === 'door_called' ? 'door' : t.events.some((x) => x.type === 'door_called') ? 'in' : undefined;
        if (counter)
          calls.push({
            number: t.number,
            serviceId: t.serviceId,
            counterId: counter.id,
            counterName: counter.name,
            recall: e.type === 'recalled',
            at: e.at,
            ...(step ? { step } : {}),
          });
      }
    calls.sort((a, b) => b.at - a.at);
    this.calls = calls.slice(0, this.limit());
  }

  add(t: Ticket, counter: { id: string; name: Localized }, recall: boolean, at: number, extra: CallExtra = {}): void {
    this.calls.unshift({
      number: t.number,
      serviceId: t.serviceId,
      counterId: counter.id,
      counterName: counter.name,
      recall,
      at,
      ...extra,
    });
    this.trim();
  }

  /** Keeps the list within the (possibly new) limit. */
  trim(): void {
    this.calls.length = Math.min(this.calls.length, this.limit());
  }

  list(): BoardCall[] {
    return this.calls;
  }
}
