/**
 * Audit log viewer (issue 7): every staff, device and system action from `audit.db`, filtered by
 * actor, action, target and time, newest first, paged — or the whole selection as CSV.
 * Supervisors and admins only.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AuditQuery, type AuditRecord, AuditReply, ErrorReply } from '../protocol';
import type { AuditDoc } from '../store/audit-repository';
import type { Repositories } from '../store/repositories';
import { requireStaff } from './context';

const DEFAULT_LIMIT = 100;
/** A CSV export holds at most this many records (newest first). */
export const CSV_MAX_ROWS = 50_000;

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

export const auditRoutes: FastifyPluginAsyncTypebox<{ repos: Pick<Repositories, 'audit' | 'staff'> }> = async (
  app,
  { repos },
) => {
  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit log, newest first (supervisor, admin); format=csv exports the whole selection',
        querystring: AuditQuery,
        response: { 200: AuditReply, 400: ErrorReply, 401: ErrorReply, 403: ErrorReply },
      },
      preHandler: requireStaff('supervisor'),
    },
    async (request, reply) => {
      const q = request.query;
      const names = await repos.staff.namesById('username');
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
        const docs = await repos.audit.newest(q, CSV_MAX_ROWS);
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
      const { total, records } = await repos.audit.page(q, offset, limit);
      return { total, offset, records: records.map(toRecord) };
    },
  );
};
