/** Staff sessions (sessions.db), keyed by the SHA-256 of the session token, so that they survive a restart. */
import type { SessionDoc, Store } from './store';

export type { SessionDoc };

export class SessionRepository {
  constructor(private readonly store: Store) {}

  /** Deletes the sessions expired before `at` and returns the others. */
  async live(at: number): Promise<SessionDoc[]> {
    await this.store.sessions.removeAsync({ expiresAt: { $lt: at } }, { multi: true });
    return this.store.sessions.findAsync({});
  }

  async add(doc: SessionDoc): Promise<void> {
    await this.store.sessions.insertAsync(doc);
  }

  async remove(key: string): Promise<void> {
    await this.store.sessions.removeAsync({ _id: key }, {});
  }

  async removeOfStaff(staffId: string): Promise<void> {
    await this.store.sessions.removeAsync({ staffId }, { multi: true });
  }
}
