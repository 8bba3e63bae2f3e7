/**
 * Reading an import (CSV text or JSON rows) and checking every row like a booking, also against
 * the rows before it: which rows are valid, and the slot and identity each valid row would book.
 */
import { type AppointmentChannel, CallboardError, type ImportRowResult, type StoredIdentity } from '../protocol';
import { protectIdentity } from '../security';
import { isRowError, parseCsv, readHeader, readRow } from './csv';
import type { AppointmentRecords } from './records';
import type { Booking } from './rules';
import { generateSlots, type Slot } from './slots';

/** One row of a JSON import: the CSV columns as fields. */
export type ImportJsonRow = Partial<Record<(typeof JSON_FIELDS)[number], string>>;
const JSON_FIELDS = ['service', 'date', 'time', 'id_number', 'phone', 'name', 'channel'] as const;

/** A valid row and what it books. */
export interface ImportPlanItem {
  result: ImportRowResult;
  slot: Slot;
  identity: StoredIdentity;
  channel: AppointmentChannel;
  name?: string;
}

/** Every row's result (in order) and the plan of the valid ones; nothing is written. */
export function planImport(
  source: { csv: string } | { rows: ImportJsonRow[] },
  book: AppointmentRecords,
  secret: string,
): { results: ImportRowResult[]; plan: ImportPlanItem[] } {
  let records: { line: number; fields: string[] }[];
  let columns: Map<string, number>;
  if ('csv' in source) {
    const parsed = parseCsv(source.csv);
    const header = parsed[0];
    if (!header) throw new CallboardError('VALIDATION_FAILED', 'the file is empty');
    const h = readHeader(header.fields);
    if (h.missing.length > 0)
      throw new CallboardError('VALIDATION_FAILED', `the header lacks the column(s): ${h.missing.join(', ')}`, {
        missing: h.missing,
      });
    columns = h.columns;
    records = parsed.slice(1);
  } else {
    columns = readHeader([...JSON_FIELDS]).columns;
    records = source.rows.map((r, i) => ({ line: i + 1, fields: JSON_FIELDS.map((f) => r[f] ?? '') }));
  }
  const results: ImportRowResult[] = [];
  const plan: ImportPlanItem[] = [];
  const tentative = new Map<string, number>();
  const tentativeBookings: Booking[] = [];
  for (const rec of records) {
    const row = readRow(rec.line, rec.fields, columns);
    if (isRowError(row)) {
      results.push({ line: row.line, ok: false, field: row.field, code: row.code, reason: row.reason });
      continue;
    }
    const fail = (field: string, err: unknown) => {
      const e = err as CallboardError;
      results.push({ line: row.line, ok: false, field, code: e.code ?? 'INTERNAL', reason: e.message });
    };
    try {
      book.service(row.serviceId);
    } catch (err) {
      fail('service', err);
      continue;
    }
    const candidates = generateSlots(book.slotBook, row.serviceId, row.date, book.tz, book.closures()).filter(
      (s) => s.time === row.time,
    );
    if (candidates.length === 0) {
      fail('time', new CallboardError('SLOT_NOT_FOUND', `no slot of ${row.serviceId} at ${row.date} ${row.time}`));
      continue;
    }
    let identity: StoredIdentity;
    try {
      identity = protectIdentity(row.identity, secret);
    } catch (err) {
      fail(row.identity.kind === 'id-card' ? 'id_number' : 'phone', err);
      continue;
    }
    let chosen: Slot | undefined;
    let lastErr: unknown;
    for (const slot of candidates) {
      try {
        book.assertBookable(slot);
        book.assertFree(slot, identity.hmac, undefined, tentativeBookings, tentative.get(slot.id) ?? 0);
        chosen = slot;
        break;
      } catch (err) {
        lastErr = err;
      }
    }
    if (!chosen) {
      const code = (lastErr as CallboardError).code;
      fail(code === 'DUPLICATE_BOOKING' ? (row.identity.kind === 'id-card' ? 'id_number' : 'phone') : 'time', lastErr);
      continue;
    }
    tentative.set(chosen.id, (tentative.get(chosen.id) ?? 0) + 1);
    tentativeBookings.push({
      id: `line-${row.line}`,
      serviceId: chosen.serviceId,
      date: chosen.date,
      start: chosen.start,
      end: chosen.end,
      status: 'booked',
      identityHmac: identity.hmac,
    });
    const result: ImportRowResult = { line: row.line, ok: true };
    results.push(result);
    plan.push({ result, slot: chosen, identity, channel: row.channel, ...(row.name ? { name: row.name } : {}) });
  }
  return { results, plan };
}
