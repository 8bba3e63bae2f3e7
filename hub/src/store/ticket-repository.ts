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

  /** Hot-store tickets of days before `date` carrying this identity (a person's request). */
  async ofIdentityBefore(hmac: string, date: string): Promise<Ticket[]> {
    const docs = await this.store.tickets.findAsync({ businessDate: { $lt: date }, 'identity.hmac': hmac });
    return docs.map(({ _id, ...t }) => t as Ticket);
  }

  /** Takes this identity off hot-store tickets of days before `date` (a person's erasure); compacts after. */
  async forgetIdentityBefore(hmac: string, date: string): Promise<number> {
    const n = await this.store.tickets.updateAsync(
      { businessDate: { $lt: date }, 'identity.hmac': hmac },
      { $unset: { identity: true } },
      { multi: true },
    );
    if (n.numAffected > 0) await this.store.tickets.compactDatafileAsync();
    return n.numAffected;
  }

  /**
   * Takes the identity off hot-store tickets of days before `date` (a day the queue no longer
   * holds: the hot store keeps today and a day still carried). The file is compacted after, so the
   * superseded lines that still name the identity leave the disk too. Returns how many changed.
   */
  async forgetIdentitiesBefore(date: string): Promise<number> {
    const n = await this.store.tickets.updateAsync(
      { businessDate: { $lt: date }, identity: { $exists: true } },
      { $unset: { identity: true } },
      { multi: true },
    );
    if (n.numAffected > 0) await this.store.tickets.compactDatafileAsync();
    return n.numAffected;
  }
}
