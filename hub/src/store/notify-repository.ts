/** The notifications' collections (phones.db, outbox.db, notify-subscriptions.db); see notify-docs.ts. */
import type { OutboxDoc, PhoneDoc, SubscriptionDoc } from './notify-docs';
import type { Store } from './store';

export type { OutboxDoc, OutboxState, PhoneDoc, SubscriptionDoc } from './notify-docs';

export class NotifyRepository {
  constructor(private readonly store: Store) {}

  phones(): Promise<PhoneDoc[]> {
    return this.store.phones.findAsync({});
  }

  async keepPhone(doc: PhoneDoc): Promise<void> {
    await this.store.phones.updateAsync({ _id: doc._id }, doc, { upsert: true });
  }

  /**
   * Erases phones and compacts the file at once: NeDB appends a change as a new line, and the
   * sealed number would otherwise stay in the file's older lines until the next compaction.
   */
  async erasePhones(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.store.phones.removeAsync({ _id: { $in: [...ids] } }, { multi: true });
    await this.store.phones.compactDatafileAsync();
  }

  /** Texts not finished (queued), oldest first. */
  pendingMessages(): Promise<OutboxDoc[]> {
    return this.store.outbox.findAsync({ state: 'queued' }).sort({ createdAt: 1 });
  }

  messages(since: number): Promise<OutboxDoc[]> {
    return this.store.outbox.findAsync({ createdAt: { $gte: since } }).sort({ createdAt: 1 });
  }

  async addMessage(doc: OutboxDoc): Promise<void> {
    await this.store.outbox.insertAsync(doc);
  }

  async saveMessage(doc: OutboxDoc): Promise<void> {
    await this.store.outbox.updateAsync({ _id: doc._id }, doc, {});
  }

  /** Drops finished texts older than `before` (the outbox keeps a day or so for the supervisor). */
  async pruneMessages(before: number): Promise<void> {
    await this.store.outbox.removeAsync({ state: { $ne: 'queued' }, createdAt: { $lt: before } }, { multi: true });
  }

  /** Every text kept that went (or was to go) to the phone with this keyed hash, oldest first. */
  messagesTo(hmac: string): Promise<OutboxDoc[]> {
    return this.store.outbox.findAsync({ toHmac: hmac }).sort({ createdAt: 1 });
  }

  /**
   * A person's erasure: the texts kept for them lose the link to their phone (hash, masked form,
   * any sealed number); the texts stay as anonymous records until pruned. Returns how many.
   */
  async forgetRecipient(hmac: string): Promise<number> {
    const n = await this.store.outbox.updateAsync(
      { toHmac: hmac },
      { $set: { toHmac: '', toMasked: '' }, $unset: { toSealed: true } },
      { multi: true },
    );
    await this.compactOutbox();
    return n.numAffected;
  }

  /** Rewrites outbox.db without superseded lines (which may still hold a sealed number). */
  async compactOutbox(): Promise<void> {
    await this.store.outbox.compactDatafileAsync();
  }

  subscriptions(): Promise<SubscriptionDoc[]> {
    return this.store.subscriptions.findAsync({});
  }

  async saveSubscription(doc: SubscriptionDoc): Promise<void> {
    await this.store.subscriptions.updateAsync({ _id: doc._id }, doc, { upsert: true });
  }

  async removeSubscriptions(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.store.subscriptions.removeAsync({ _id: { $in: [...ids] } }, { multi: true });
  }
}
