/** Staff accounts (staff.db): the sign-in service's records and the names the read routes show. */
import type { StaffDoc, Store } from './store';

export type { StaffDoc };

export class StaffRepository {
  constructor(private readonly store: Store) {}

  all(): Promise<StaffDoc[]> {
    return this.store.staff.findAsync({});
  }

  async byUsername(username: string): Promise<StaffDoc | undefined> {
    return (await this.store.staff.findOneAsync({ username })) ?? undefined;
  }

  /** Staff id → display name (`name`) or login (`username`), disabled accounts included: old records name them. */
  async namesById(field: 'name' | 'username'): Promise<Map<string, string>> {
    return new Map((await this.all()).map((s) => [s._id, s[field]]));
  }

  /** Resolves once the account is appended to staff.db (a taken username is refused by its unique index). */
  async add(doc: StaffDoc): Promise<void> {
    await this.store.staff.insertAsync(doc);
  }

  async replace(doc: StaffDoc): Promise<void> {
    await this.store.staff.updateAsync({ _id: doc._id }, doc, {});
  }
}
