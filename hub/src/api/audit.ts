/**
 * Audit log viewer (issue 7): every staff, device and system action from `audit.db`, filtered by
 * actor, action, target and time, newest first, paged — or the whole selection as CSV.
 * Supervisors and admins only.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type AuditQuery, AuditQuery as AuditQuerySchema, type AuditRecord, AuditReply, ErrorReply } from '../protocol';
import type { AuditDoc, Store } from '../store';
import { requireStaff } from './context';

const DEFAULT_LIMIT = 100;
/** A CSV export holds at most this many records (newest first). */
export const CSV_MAX_ROWS = 50_000;

/** The NeDB query for the filters. An action ending in "." matches every action with that prefix. */
export function auditFilter(q: AuditQuery): Record<string, unknown> {
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

function csvCell(value: unknown): string {
  const s = value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  // Quote everything; neutralise spreadsheet formulas (a cell starting with = + - @).
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return `"${safe.replaceAll('"', '""')}"`;
}

export function auditCsv(records: readonly AuditRecord[]): string {
  const header = ['time_iso', 'at', 'actor_type', 'actor_id', 'actor_name', 'action', 'target', 'ip', 'details'];
  const lines = [header.join(',')];
  for (const r of records)
    lines.push(
      [new Date(r.at).toISOString(), r.at, r.actor.type, r.actor.id, r.actorName, r.action, r.target, r.ip, r.details]
        .map(csvCell)
        .join(','),
    );
  return `${lines.join('\r\n')}\r\n`;
}

export const auditRoutes: FastifyPluginAsyncTypebox<{ store: Store }> = async (app, { store }) => {
  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit log, newest first (supervisor, admin); format=csv exports the whole selection',
        querystring: AuditQuerySchema,
        response: { 200: AuditReply, 400: ErrorReply, 401: ErrorReply, 403: ErrorReply },
      },
      preHandler: requireStaff('supervisor'),
    },
    async (request, reply) => {
      const q = request.query;
      const filter = auditFilter(q);
      const names = new Map((await store.staff.findAsync({})).map((s) => [s._id, s.username]));
      const toRecord = (d: AuditDoc): AuditRecord => {
        const r: AuditRecord = { id: d._id ?? '', at: d.at, actor: d.actor, action: d.action };
        const name = d.actor.type === 'staff' && d.actor.id ? names.get(d.actor.id) : undefined;
        if (name) r.actorName = name;
        if (d.target) r.target = d.target;
        if (d.ip) r.ip = d.ip;
        if (d.details) r.details = d.details;
        return r;
      };
      if (q.format === 'csv') {
        const docs = await store.audit.findAsync(filter).sort({ at: -1 }).limit(CSV_MAX_ROWS);
        return (
          reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', 'attachment; filename="callboard-audit.csv"')
            .serializer((x: unknown) => x as string)
            // The 200 schema describes the JSON form; the CSV body bypasses it (own serializer).
            .send(`\uFEFF${auditCsv(docs.map(toRecord))}` as unknown as AuditReply)
        );
      }
      const offset = q.offset ?? 0;
      const limit = q.limit ?? DEFAULT_LIMIT;
      const [total, docs] = await Promise.all([
        store.audit.countAsync(filter),
        store.audit.findAsync(filter).sort({ at: -1 }).skip(offset).limit(limit),
      ]);
      return { total, offset, records: docs.map(toRecord) };
    },
  );
};
