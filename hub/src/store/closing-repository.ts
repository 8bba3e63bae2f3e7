/** Supervisors' changes to a service's closing time for one day (closings.db), so that a restart keeps them. */
import type { ClosingDoc, Store } from './store';

export type { ClosingDoc };

export class ClosingRepository {
  constructor(private readonly store: Store) {}

  /** The changes of this business day and later (older ones no longer matter). */
  since(day: string): Promise<ClosingDoc[]> {
    return this.store.closings.findAsync({ day: { $gte: day } });
  }

  /** Stores the day's change for the service, replacing an earlier one; resolves once it is written. */
  async put(doc: ClosingDoc): Promise<void> {
    await this.store.closings.updateAsync({ _id: doc._id }, doc, { upsert: true });
  }

  /** Forgets the changes of days before `day`. */
  async dropBefore(day: string): Promise<void> {
    await this.store.closings.removeAsync({ day: { $lt: day } }, { multi: true });
  }
}
