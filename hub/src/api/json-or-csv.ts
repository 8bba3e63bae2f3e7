/**
 * The answer of a report route: the report as JSON, or with `?format=csv&table=<name>` one of its
 * tables as CSV (UTF-8 with BOM, for Excel), named `<name>-<table>-<from>_<to>.csv`. Without
 * `table` the first table is sent; an unknown table is a VALIDATION_FAILED naming the known ones.
 */
import type { FastifyReply } from 'fastify';
import { type CsvRow, toCsv } from '../analytics/csv';
import { CallboardError } from '../protocol';

export interface JsonOrCsvQuery {
  format?: 'json' | 'csv' | undefined;
  table?: string | undefined;
}

export function jsonOrCsv<T extends { from: string; to: string }>(
  reply: FastifyReply,
  query: JsonOrCsvQuery,
  name: string,
  body: T,
  tables: Record<string, readonly CsvRow[]>,
) {
  if (query.format !== 'csv') return body;
  const table = query.table ?? Object.keys(tables)[0] ?? '';
  const rows = tables[table];
  if (!rows)
    throw new CallboardError(
      'VALIDATION_FAILED',
      `no table "${table}" in this report (tables: ${Object.keys(tables).join(', ')})`,
    );
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}-${table}-${body.from}_${body.to}.csv"`)
    .send(toCsv(rows));
}
