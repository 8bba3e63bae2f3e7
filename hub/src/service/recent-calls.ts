/** The board's list of recent calls, newest first, as long as the site's `queue.boardHistory`. */
import type { BoardCall, CounterConfig, Localized, Ticket } from '../protocol';

export class RecentCalls {
  private calls: BoardCall[] = [];

  constructor(private readonly limit: () => number) {}

  /** Rebuilds the list from the day's tickets (at start-up and at a new day). */
  load(tickets: Iterable<Ticket>, counters: readonly Pick<CounterConfig, 'id' | 'name'>[]): void {
    const calls: BoardCall[] = [];
    for (const t of tickets)
      for (const e of t.events) {
        if ((e.type !== 'called' && e.type !== 'recalled') || !e.counterId) continue;
        const counter = counters.find((c) => c.id === e.counterId);
        if (counter)
          calls.push({
            number: t.number,
            serviceId: t.serviceId,
            counterId: counter.id,
            counterName: counter.name,
            recall: e.type === 'recalled',
            at: e.at,
          });
      }
    calls.sort((a, b) => b.at - a.at);
    this.calls = calls.slice(0, this.limit());
  }

  add(t: Ticket, counter: { id: string; name: Localized }, recall: boolean, at: number): void {
    this.calls.unshift({
      number: t.number,
      serviceId: t.serviceId,
      counterId: counter.id,
      counterName: counter.name,
      recall,
      at,
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
