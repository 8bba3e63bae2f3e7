/**
 * The central instance's own small store (DATA_DIR/central-*.db): the latest status of every site,
 * one row per site and closed day, and the sites' audit records by id. Keyed so that a record
 * sent twice (a resend after a partition, a retained message seen again) is stored once.
 */
import path from 'node:path';
import type Datastore from '@seald-io/nedb';
import { openDatastore, releaseDatastore } from './durable-datastore';

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
    for (const a of repo.audit.getAllData()) repo.noteAudit(a.siteId, a._id);
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
    for (const i of items) latest.set(`${i.siteId}:${i.date}`, { _id: `${i.siteId}:${i.date}`, ...i, receivedAt: at });
    const known = (d: CentralDailyDoc) => this.daysPerSite.get(d.siteId)?.has(d.date) ?? false;
    const fresh = [...latest.values()].filter((d) => !known(d));
    const again = [...latest.values()].filter((d) => known(d));
    if (fresh.length > 0) await this.daily.insertAsync(fresh);
    for (const d of fresh) this.noteDay(d.siteId, d.date);
    for (const d of again) await this.daily.updateAsync({ _id: d._id }, d, {});
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

  /**
   * Retention at head office: the visits a site of a group sent with a day (group pseudonyms)
   * leave the days before `date`; the rest of the day stays. Returns how many days changed.
   */
  async dropGroupVisitsBefore(date: string): Promise<number> {
    const { numAffected } = await this.daily.updateAsync(
      { date: { $lt: date }, 'stats.groupVisits': { $exists: true } },
      { $unset: { 'stats.groupVisits': true } },
      { multi: true },
    );
    if (numAffected > 0) await this.daily.compactDatafileAsync();
    return numAffected;
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
