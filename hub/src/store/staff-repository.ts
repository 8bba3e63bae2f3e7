/** Staff accounts as the read routes need them: names for the ids found in tickets and the audit log. */
import type { StaffDoc, Store } from './store';

export class StaffRepository {
  constructor(private readonly store: Store) {}

  /** Staff id → display name (`name`) or login (`username`), disabled accounts included: old records name them. */
  async namesById(field: 'name' | 'username'): Promise<Map<string, string>> {
    const all: StaffDoc[] = await this.store.staff.findAsync({});
    return new Map(all.map((s) => [s._id, s[field]]));
  }
}
