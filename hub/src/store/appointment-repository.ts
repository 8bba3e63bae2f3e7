/** The appointment book's documents (appointments.db) and service suspensions (suspensions.db). */
import type { AppointmentDoc, Store, SuspensionDoc } from './store';

export type { AppointmentDoc, SuspensionDoc };

export class AppointmentRepository {
  constructor(private readonly store: Store) {}

  /** Appointments on `date` or later (the book keeps the recent past in memory too). */
  from(date: string): Promise<AppointmentDoc[]> {
    return this.store.appointments.findAsync({ date: { $gte: date } });
  }

  /** Every appointment of this identity, whatever its date (a person's request). */
  ofIdentity(hmac: string): Promise<AppointmentDoc[]> {
    return this.store.appointments.findAsync({ $or: [{ 'identity.hmac': hmac }, { phoneHmac: hmac }] });
  }

  /** Rewrites appointments.db without superseded lines (after a change that must leave no trace). */
  async compact(): Promise<void> {
    await this.store.appointments.compactDatafileAsync();
  }

  async add(doc: AppointmentDoc): Promise<void> {
    await this.store.appointments.insertAsync(doc);
  }

  /** Replaces an appointment's document after a change of status, slot or history. */
  async replace(doc: AppointmentDoc): Promise<void> {
    await this.store.appointments.updateAsync({ _id: doc._id }, doc, {});
  }

  /**
   * Rewrites the appointments dated before `date` that `change` alters (undefined: leave it) and
   * compacts the file, so no superseded line keeps the old values. Returns how many changed. Only
   * for days the book no longer holds in memory (it keeps a week).
   */
  async rewriteBefore(date: string, change: (doc: AppointmentDoc) => AppointmentDoc | undefined): Promise<number> {
    let changed = 0;
    for (const doc of await this.store.appointments.findAsync({ date: { $lt: date } })) {
      const next = change(doc);
      if (!next) continue;
      await this.store.appointments.updateAsync({ _id: doc._id }, next, {});
      changed++;
    }
    if (changed > 0) await this.store.appointments.compactDatafileAsync();
    return changed;
  }

  /** How many appointments of a service are booked to start after `at`. */
  bookedAfter(serviceId: string, at: number): Promise<number> {
    return this.store.appointments.countAsync({ serviceId, status: 'booked', start: { $gt: at } });
  }

  /** Suspensions still in force, or ended after `at`. */
  suspensionsEndingAfter(at: number): Promise<SuspensionDoc[]> {
    return this.store.suspensions.findAsync({ to: { $gt: at } });
  }

  async addSuspension(doc: SuspensionDoc): Promise<void> {
    await this.store.suspensions.insertAsync(doc);
  }
}
