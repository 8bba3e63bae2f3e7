/**
 * The central instance's own small store (DATA_DIR/central-*.db): the latest status of every site,
 * one row per site and closed day, and the sites' audit records by id. Keyed so that a record
 * sent twice (a resend after a partition, a retained message seen again) is stored once.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type Datastore from '@seald-io/nedb';
import { openDatastore, releaseDatastore } from './durable-datastore';
import { withoutPseudonyms } from './group-visit-retention';

/** The audit action of a group pseudonym erased at head office (one entry per pseudonym). */
export const GROUP_ERASE_ACTION = 'privacy.erase.group-visits';

/**
 * How head office's audit names an erased pseudonym: SHA-256 of it (`group:<64 hex>`), never the
 * pseudonym itself. Whoever holds the pseudonym can test it; nobody can read it back.
 */
export function erasedPseudonymHash(pseudonym: string): string {
  return `group:${createHash('sha256').update(`callboard-erased:${pseudonym}`).digest('hex')}`;
}

/** A person erased at a site, as it sends it (`callboard/<site>/erasure`). */
export interface UplinkErasureRecord {
  _id: string;
  at: number;
  groups: string[];
}

export interface CentralSiteDoc {
  _id: string; // site id
  status: Record<string, unknown> | null;
  statusAt: number | null;
  /** When the last message of any kind came from the site. */
  lastSeenAt: number | null;
  /** "1"/"0" from the site's bridge (`notification_topic`), null before the first. */
  bridge: '1' | '0' | null;
}

export interface CentralDailyDoc {
  _id: string; // `${siteId}:${date}`
  siteId: string;
  date: string;
  stats: Record<string, unknown>;
  receivedAt: number;
  /** When head office first stored the day (its own clock; kept across resends): bounds how long its visits stay. */
  heldSince?: number;
}

export interface CentralAuditDoc {
  _id: string; // `${siteId}:${auditId}`
  siteId: string;
  at: number;
  action: string;
  actor: { type: string; id?: string };
  target?: string;
  receivedAt: number;
}

/** An audit record as a site sends it (its own id in `_id`). */
export interface UplinkAuditRecord {
  _id: string;
  at: number;
  action: string;
  actor: { type: string; id?: string };
  target?: string;
}

export class CentralRepository {
  /** Kept beside the files so that a resend check or the console's counts never scan every record. */
  private readonly auditIds = new Set<string>();
  private readonly auditPerSite = new Map<string, number>();
  private readonly daysPerSite = new Map<string, Set<string>>();
  /** Erased pseudonyms (by hash) and when: a day arriving later drops the visits they made before it. */
  private readonly erased = new Map<string, number>();

  private constructor(
    private readonly sites: Datastore<CentralSiteDoc>,
    private readonly daily: Datastore<CentralDailyDoc>,
    private readonly audit: Datastore<CentralAuditDoc>,
  ) {}

  static async open(dataDir: string): Promise<CentralRepository> {
    const open = <T extends Record<string, any>>(name: string) =>
      openDatastore<T>(path.join(dataDir, `central-${name}.db`), {}, { keepOpen: true });
    const repo = new CentralRepository(open('sites'), open('daily'), open('audit'));
    await Promise.all([repo.sites, repo.daily, repo.audit].map((ds) => ds.loadDatabaseAsync()));
    await repo.daily.ensureIndexAsync({ fieldName: 'siteId' });
    await repo.audit.ensureIndexAsync({ fieldName: 'siteId' });
    for (const d of repo.daily.getAllData()) repo.noteDay(d.siteId, d.date);
    for (const a of repo.audit.getAllData()) {
      repo.noteAudit(a.siteId, a._id);
      if (a.action === GROUP_ERASE_ACTION && a.target) repo.noteErased(a.target, a.at);
    }
    return repo;
  }

  private noteDay(siteId: string, date: string): void {
    const days = this.daysPerSite.get(siteId) ?? new Set<string>();
    days.add(date);
    this.daysPerSite.set(siteId, days);
  }

  private noteAudit(siteId: string, id: string): void {
    this.auditIds.add(id);
    this.auditPerSite.set(siteId, (this.auditPerSite.get(siteId) ?? 0) + 1);
  }

  private noteErased(hash: string, at: number): void {
    this.erased.set(hash, Math.max(at, this.erased.get(hash) ?? 0));
  }

  allSites(): CentralSiteDoc[] {
    return this.sites.getAllData().map((d) => ({ ...d }));
  }

  async updateSite(siteId: string, change: Partial<Omit<CentralSiteDoc, '_id'>>): Promise<void> {
    const empty: Omit<CentralSiteDoc, '_id'> = { status: null, statusAt: null, lastSeenAt: null, bridge: null };
    const current = this.sites.getAllData().find((d) => d._id === siteId);
    await this.sites.updateAsync({ _id: siteId }, { ...empty, ...current, ...change, _id: siteId }, { upsert: true });
  }

  /**
   * Stores closed days at once (one append and one sync for the new ones); returns how many were
   * there already (resends). The newest copy of a day wins.
   */
  async putDailyBatch(
    items: readonly { siteId: string; date: string; stats: Record<string, unknown> }[],
    at: number,
  ): Promise<number> {
    const latest = new Map<string, CentralDailyDoc>();
    for (const i of items)
      latest.set(`${i.siteId}:${i.date}`, {
        _id: `${i.siteId}:${i.date}`,
        ...i,
        stats: this.withoutErased(i.stats),
        receivedAt: at,
      });
    const known = (d: CentralDailyDoc) => this.daysPerSite.get(d.siteId)?.has(d.date) ?? false;
    const fresh = [...latest.values()].filter((d) => !known(d)).map((d) => ({ ...d, heldSince: at }));
    const again = [...latest.values()].filter((d) => known(d));
    if (fresh.length > 0) await this.daily.insertAsync(fresh);
    for (const d of fresh) this.noteDay(d.siteId, d.date);
    // A resend keeps `heldSince`: resending a day does not lengthen its visits' stay.
    for (const d of again) await this.daily.updateAsync({ _id: d._id }, { $set: { stats: d.stats, receivedAt: at } }, {});
    return items.length - fresh.length;
  }

  /** Stores the audit records not seen before; returns how many were new. */
  async putAudit(siteId: string, records: readonly UplinkAuditRecord[], at: number): Promise<number> {
    const fresh: CentralAuditDoc[] = [];
    const batch = new Set<string>();
    for (const r of records) {
      const _id = `${siteId}:${r._id}`;
      if (this.auditIds.has(_id) || batch.has(_id)) continue;
      batch.add(_id);
      fresh.push({
        _id,
        siteId,
        at: r.at,
        action: r.action,
        actor: r.actor,
        ...(r.target !== undefined ? { target: r.target } : {}),
        receivedAt: at,
      });
    }
    if (fresh.length > 0) await this.audit.insertAsync(fresh);
    for (const d of fresh) this.noteAudit(siteId, d._id);
    return fresh.length;
  }

  daysOf(siteId: string): Promise<CentralDailyDoc[]> {
    return this.daily.findAsync({ siteId }).sort({ date: -1 });
  }

  allDays(): Promise<CentralDailyDoc[]> {
    return this.daily.findAsync({}).sort({ siteId: 1, date: 1 });
  }

  /** A day's visits without those of pseudonyms erased after them (a day that arrives after the erasure). */
  private withoutErased(stats: Record<string, unknown>): Record<string, unknown> {
    const visits = stats.groupVisits;
    if (this.erased.size === 0 || !Array.isArray(visits)) return stats;
    const kept = visits.filter((v) => {
      if (!Array.isArray(v) || typeof v[0] !== 'string') return true;
      const erasedAt = this.erased.get(erasedPseudonymHash(v[0]));
      return erasedAt === undefined || (typeof v[4] === 'number' && v[4] > erasedAt);
    });
    return kept.length === visits.length ? stats : { ...stats, groupVisits: kept };
  }

  /**
   * Retention at head office: the visits a site of a group sent with a day (group pseudonyms)
   * leave a day once its business date is before `date`, or once head office has held it since
   * before `heldBefore` (its own clock: a site's wrong date cannot keep them longer); the rest of
   * the day stays. Returns how many days changed.
   */
  async dropGroupVisitsBefore(date: string, heldBefore = 0): Promise<number> {
    const { numAffected } = await this.daily.updateAsync(
      {
        $or: [
          { date: { $lt: date } },
          { heldSince: { $lt: heldBefore } },
          { heldSince: { $exists: false }, receivedAt: { $lt: heldBefore } },
        ],
        'stats.groupVisits': { $exists: true },
      },
      { $unset: { 'stats.groupVisits': true } },
      { multi: true },
    );
    if (numAffected > 0) await this.daily.compactDatafileAsync();
    return numAffected;
  }

  /**
   * A person erased at a site: every visit of their pseudonyms leaves every site's days (the files
   * compacted), and head office's audit records it, once per pseudonym, by hash
   * (`erasedPseudonymHash`). A resend of an erasure already applied changes nothing (so a later
   * visit of the same person, a new visitor since, stays). Returns the days changed, or null for a resend.
   */
  async eraseGroupVisits(siteId: string, record: UplinkErasureRecord, at: number): Promise<number | null> {
    const ids = record.groups.map((_, i) => `${siteId}:erasure:${record._id}:${i}`);
    if (ids.length === 0 || ids.every((id) => this.auditIds.has(id))) return null;
    const groups = new Set(record.groups);
    let days = 0;
    for (const row of await this.daily.findAsync({ 'stats.groupVisits': { $exists: true } })) {
      const kept = withoutPseudonyms(row.stats.groupVisits, groups);
      if (!kept) continue;
      await this.daily.updateAsync({ _id: row._id }, { $set: { 'stats.groupVisits': kept } }, {});
      days++;
    }
    if (days > 0) await this.daily.compactDatafileAsync();
    const docs: CentralAuditDoc[] = record.groups.map((g, i) => ({
      _id: ids[i] as string,
      siteId,
      at: record.at,
      action: GROUP_ERASE_ACTION,
      actor: { type: 'site', id: siteId },
      target: erasedPseudonymHash(g),
      receivedAt: at,
    }));
    await this.audit.insertAsync(docs);
    for (const d of docs) {
      this.noteAudit(siteId, d._id);
      this.noteErased(d.target as string, d.at);
    }
    return days;
  }

  /**
   * Retention of the erasures' hashes: entries head office received before `at` (`identityDays`
   * ago) keep the entry, not the hash; every visit it could match has aged out by then.
   */
  async dropErasureHashesBefore(at: number): Promise<number> {
    const old = await this.audit.findAsync({ action: GROUP_ERASE_ACTION, receivedAt: { $lt: at }, target: { $exists: true } });
    if (old.length === 0) return 0;
    await this.audit.updateAsync({ _id: { $in: old.map((d) => d._id) } }, { $unset: { target: true } }, { multi: true });
    await this.audit.compactDatafileAsync();
    this.erased.clear();
    for (const a of this.audit.getAllData()) if (a.action === GROUP_ERASE_ACTION && a.target) this.noteErased(a.target, a.at);
    return old.length;
  }

  auditOf(siteId: string, limit: number): Promise<CentralAuditDoc[]> {
    return this.audit.findAsync({ siteId }).sort({ at: -1 }).limit(limit);
  }

  counts(siteId: string): { days: number; latestDay: string | null; audit: number } {
    const days = this.daysPerSite.get(siteId);
    let latestDay: string | null = null;
    for (const d of days ?? []) if (latestDay === null || d > latestDay) latestDay = d;
    return { days: days?.size ?? 0, latestDay, audit: this.auditPerSite.get(siteId) ?? 0 };
  }

  async close(): Promise<void> {
    for (const ds of [this.sites, this.daily, this.audit]) {
      ds.stopAutocompaction();
      await releaseDatastore(ds);
    }
  }
}
