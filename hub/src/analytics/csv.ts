/**
 * CSV export of report tables (RFC 4180: comma-separated, CRLF, fields quoted when they hold a
 * comma, quote or line break). A UTF-8 byte-order mark is prepended so that Excel — what sites
 * open exports with — reads Chinese service names correctly. Cells that a spreadsheet would run
 * as a formula (=, +, -, @ first) are prefixed with ' when they are not numbers.
 */
export type CsvRow = Record<string, unknown>;

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(Math.round(v * 10_000) / 10_000) : '';
  let s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** `columns` defaults to the keys of the first row (every row of a table has the same keys). */
export function toCsv(rows: readonly CsvRow[], columns?: readonly string[]): string {
  const cols = columns ?? Object.keys(rows[0] ?? {});
  const lines = [cols.map(cell).join(',')];
  for (const row of rows) lines.push(cols.map((c) => cell(row[c])).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
