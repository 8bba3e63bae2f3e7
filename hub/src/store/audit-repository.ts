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

  /** The newest `limit` matching records. */
  newest(filter: AuditFilter, limit: number): Promise<AuditDoc[]> {
    return this.store.audit.findAsync(auditQuery(filter)).sort({ at: -1 }).limit(limit);
  }
}
