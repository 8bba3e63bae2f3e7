/** The audit log as the viewer reads it: filtered, newest first, paged. Writes go through `Store.appendAudit`. */
import type { AuditQuery } from '../protocol';
import type { AuditDoc, Store } from './store';

export type { AuditDoc };

/** The viewer's filters (the query string without its paging and format). */
export type AuditFilter = Pick<AuditQuery, 'staff' | 'action' | 'target' | 'from' | 'to'>;

/** The NeDB query for the filters. An action ending in "." matches every action with that prefix. */
export function auditQuery(q: AuditFilter): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (q.staff) filter['actor.id'] = q.staff;
  if (q.action) {
    if (q.action.endsWith('.')) {
      const prefix = q.action.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      filter.action = { $regex: new RegExp(`^${prefix}`) };
    } else filter.action = q.action;
  }
  if (q.target) filter.target = q.target;
  if (q.from !== undefined || q.to !== undefined) {
    const at: Record<string, number> = {};
    if (q.from !== undefined) at.$gte = q.from;
    if (q.to !== undefined) at.$lt = q.to;
    filter.at = at;
  }
  return filter;
}

export class AuditRepository {
  constructor(private readonly store: Store) {}

  /** One page of matching records, newest first, and how many match in all. */
  async page(filter: AuditFilter, offset: number, limit: number): Promise<{ total: number; records: AuditDoc[] }> {
    const query = auditQuery(filter);
    const [total, records] = await Promise.all([
      this.store.audit.countAsync(query),
      this.store.audit.findAsync(query).sort({ at: -1 }).skip(offset).limit(limit),
    ]);
    return { total, records };
  }

  /** Deletes the records older than `at`; returns how many (the file is compacted after). */
  async removeBefore(at: number): Promise<number> {
    const n = await this.store.audit.removeAsync({ at: { $lt: at } }, { multi: true });
    if (n > 0) await this.store.audit.compactDatafileAsync();
    return n;
  }

  /**
   * Rewrites the records older than `at` that `change` alters (it returns the new details, or
   * undefined to leave a record alone); returns how many changed. Read from NeDB's memory without
   * copying every record: only the few that change are written.
   */
  async rewriteDetailsBefore(
    at: number,
    change: (details: Record<string, unknown>) => Record<string, unknown> | undefined,
  ): Promise<number> {
    let changed = 0;
    for (const doc of this.store.audit.getAllData()) {
      if (doc.at >= at || !doc.details) continue;
      const details = change(doc.details);
      if (!details) continue;
      await this.store.audit.updateAsync({ _id: doc._id }, { $set: { details } }, {});
      changed++;
    }
    if (changed > 0) await this.store.audit.compactDatafileAsync();
    return changed;
  }

  /** The newest `limit` matching records. */
  newest(filter: AuditFilter, limit: number): Promise<AuditDoc[]> {
    return this.store.audit.findAsync(auditQuery(filter)).sort({ at: -1 }).limit(limit);
  }
}
