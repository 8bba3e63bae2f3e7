/** Supervisors' board notices (notices.db), kept until removed or expired, so that a restart puts them back. */
import type { NoticeDoc, Store } from './store';

export type { NoticeDoc };

export class NoticeRepository {
  constructor(private readonly store: Store) {}

  all(): Promise<NoticeDoc[]> {
    return this.store.notices.findAsync({});
  }

  /** Resolves once the notice is appended to notices.db. */
  async add(doc: NoticeDoc): Promise<void> {
    await this.store.notices.insertAsync(doc);
  }

  async remove(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.store.notices.removeAsync({ _id: { $in: [...ids] } }, { multi: true });
  }
}
