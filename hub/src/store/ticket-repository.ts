/** Tickets still in the hot store, read by date (today's live ledger is the queue's, in memory). */
import type { Ticket } from '../protocol';
import type { Store } from './store';

export class TicketRepository {
  constructor(private readonly store: Store) {}

  /** Tickets of the hot store with a business date in [from, to] (today, and a finished day until day close moves it). */
  async between(from: string, to: string): Promise<Ticket[]> {
    const docs = await this.store.tickets.findAsync({ businessDate: { $gte: from, $lte: to } });
    return docs.map(({ _id, ...t }) => t as Ticket);
  }
}
