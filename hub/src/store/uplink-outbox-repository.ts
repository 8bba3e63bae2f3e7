/**
 * The uplink's outbox (DATA_DIR/uplink-outbox.db): closed days and audit records waiting for the
 * central instance's acknowledgement. A record stays until central says it has stored it, so a
 * partition (or a restart during one) loses nothing; central stores by key, so sending again is harmless.
 * Acknowledged days stay as a marker (one small row a day) so a day is not queued a second time.
 */
import path from 'node:path';
import type Datastore from '@seald-io/nedb';
import { openDatastore, releaseDatastore } from './durable-datastore';
import { withoutPseudonyms } from './group-visit-retention';

export interface UplinkOutboxDoc {
  /** `daily:<YYYY-MM-DD>`, `audit:<audit id>` or `erasure:<id>` (a person erased: their group pseudonyms). */
  _id: string;
  kind: 'daily' | 'audit' | 'erasure';
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

  /** Central stored these: audit records and erasures leave the outbox, days stay as acknowledged markers. */
  async ack(keys: readonly string[], at: number): Promise<void> {
    const audit = keys.filter((k) => k.startsWith('audit:') || k.startsWith('erasure:'));
    const days = keys.filter((k) => k.startsWith('daily:'));
    if (audit.length > 0) {
      const { length } = this.ds.getAllData();
      await this.ds.removeAsync({ _id: { $in: audit } }, { multi: true });
      // An erasure names pseudonyms: once head office has it, no old line of the file keeps them.
      if (audit.some((k) => k.startsWith('erasure:')) && this.ds.getAllData().length < length)
        await this.ds.compactDatafileAsync();
    }
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

  /**
   * Retention: an erasure head office never acknowledged goes once it is older than `identityDays`
   * (head office has aged out every visit it named by then). Returns how many went.
   */
  async dropErasuresBefore(at: number): Promise<number> {
    const n = await this.ds.removeAsync({ kind: 'erasure', queuedAt: { $lt: at } }, { multi: true });
    if (n > 0) await this.ds.compactDatafileAsync();
    return n;
  }

  /**
   * A person's erasure: days head office has not acknowledged lose that person's visits (the day
   * goes up without them); the file is compacted. Returns how many days changed.
   */
  async dropGroupVisitsOf(groups: readonly string[]): Promise<number> {
    if (groups.length === 0) return 0;
    const set = new Set(groups);
    let days = 0;
    for (const doc of await this.ds.findAsync({
      kind: 'daily',
      ackedAt: { $exists: false },
      'body.groupVisits': { $exists: true },
    })) {
      const kept = withoutPseudonyms(doc.body.groupVisits, set);
      if (!kept) continue;
      await this.ds.updateAsync({ _id: doc._id }, { $set: { 'body.groupVisits': kept } }, {});
      days++;
    }
    if (days > 0) await this.ds.compactDatafileAsync();
    return days;
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
