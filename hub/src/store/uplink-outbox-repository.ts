/**
 * The uplink's outbox (DATA_DIR/uplink-outbox.db): closed days and audit records waiting for the
 * central instance's acknowledgement. A record stays until central says it has stored it, so a
 * partition (or a restart during one) loses nothing; central stores by key, so sending again is harmless.
 * Acknowledged days stay as a marker (one small row a day) so a day is not queued a second time.
 */
import path from 'node:path';
import type Datastore from '@seald-io/nedb';
import { openDatastore, releaseDatastore } from './durable-datastore';

export interface UplinkOutboxDoc {
  /** `daily:<YYYY-MM-DD>` or `audit:<audit id>`. */
  _id: string;
  kind: 'daily' | 'audit';
  body: Record<string, unknown>;
  queuedAt: number;
  ackedAt?: number;
}

export class UplinkOutboxRepository {
  private constructor(private readonly ds: Datastore<UplinkOutboxDoc>) {}

  static async open(dataDir: string): Promise<UplinkOutboxRepository> {
    const ds = openDatastore<UplinkOutboxDoc>(path.join(dataDir, 'uplink-outbox.db'), {}, { keepOpen: true });
    await ds.loadDatabaseAsync();
    await ds.ensureIndexAsync({ fieldName: 'queuedAt' });
    return new UplinkOutboxRepository(ds);
  }

  /** Queues a record unless one with the same key is there (a day already sent is not sent again). */
  async add(doc: Omit<UplinkOutboxDoc, 'ackedAt'>): Promise<boolean> {
    if (this.ds.getAllData().some((d) => d._id === doc._id)) return false;
    await this.ds.insertAsync(doc);
    return true;
  }

  /** Not yet acknowledged, oldest first. */
  pending(limit: number): Promise<UplinkOutboxDoc[]> {
    return this.ds
      .findAsync({ ackedAt: { $exists: false } })
      .sort({ queuedAt: 1 })
      .limit(limit);
  }

  /** Central stored these: audit records leave the outbox, days stay as acknowledged markers. */
  async ack(keys: readonly string[], at: number): Promise<void> {
    const audit = keys.filter((k) => k.startsWith('audit:'));
    const days = keys.filter((k) => k.startsWith('daily:'));
    if (audit.length > 0) await this.ds.removeAsync({ _id: { $in: audit } }, { multi: true });
    if (days.length > 0)
      // The marker keeps no group pseudonyms (`uplink.groupKey`): head office has them now.
      await this.ds.updateAsync(
        { _id: { $in: days }, ackedAt: { $exists: false } },
        { $set: { ackedAt: at }, $unset: { 'body.groupVisits': true } },
        { multi: true },
      );
    // …nor does the file: an acknowledged day's old line goes at once (one compaction a day or so).
    if (days.length > 0) await this.ds.compactDatafileAsync();
  }

  /**
   * Retention (`retention.identityDays`): days before `date` lose their group pseudonyms whether
   * head office has them or not (a site cut off for months sends such a day without them). The
   * file is compacted, so no older line keeps them. Returns how many days changed.
   */
  async dropGroupVisitsBefore(date: string): Promise<number> {
    const { numAffected } = await this.ds.updateAsync(
      { kind: 'daily', 'body._id': { $lt: date }, 'body.groupVisits': { $exists: true } },
      { $unset: { 'body.groupVisits': true } },
      { multi: true },
    );
    if (numAffected > 0) await this.ds.compactDatafileAsync();
    return numAffected;
  }

  async counts(): Promise<{ pending: number; acked: number }> {
    const pending = await this.ds.countAsync({ ackedAt: { $exists: false } });
    return { pending, acked: this.ds.getAllData().length - pending };
  }

  async close(): Promise<void> {
    this.ds.stopAutocompaction();
    await releaseDatastore(this.ds);
  }
}
