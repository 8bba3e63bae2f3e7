/**
 * CSV import rows (pure): RFC 4180 parsing and per-row validation of
 * `service,date,time,id_number|phone,name,channel`, each problem with its line and field.
 */
import type { AppointmentChannel, IdentityInput } from '../protocol';
import { isDate } from '../time';
import { isHm } from './time';

/** Parses CSV text (quoted fields, doubled quotes, CRLF). Each record carries its first line number. */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const out: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let any = false;
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"') {
      quoted = true;
      any = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      any = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      if (any || field !== '') {
        fields.push(field);
        out.push({ line: recordLine, fields });
      }
      fields = [];
      field = '';
      any = false;
      line++;
      recordLine = line;
    } else {
      field += c;
      any = true;
    }
  }
  if (any || field !== '') {
    fields.push(field);
    out.push({ line: recordLine, fields });
  }
  return out;
}

export const CHANNELS: readonly AppointmentChannel[] = ['app', 'phone', 'window', 'kiosk', 'import', 'api'];

export interface ImportRow {
  line: number;
  serviceId: string;
  date: string;
  time: string;
  identity: IdentityInput;
  name?: string;
  channel: AppointmentChannel;
}

export interface RowError {
  line: number;
  field: string;
  code: string;
  reason: string;
}

const ALIASES: Record<string, string> = {
  service: 'service',
  serviceid: 'service',
  date: 'date',
  time: 'time',
  id: 'id_number',
  idnumber: 'id_number',
  id_number: 'id_number',
  phone: 'phone',
  name: 'name',
  channel: 'channel',
};

/** Header → column index; a file without `service`, `date`, `time` and `id_number` or `phone` is refused as a whole. */
export function readHeader(fields: string[]): { columns: Map<string, number>; missing: string[] } {
  const columns = new Map<string, number>();
  fields.forEach((f, i) => {
    const key = f.trim().toLowerCase().replace(/[\s-]/g, '_');
    const k = ALIASES[key] ?? ALIASES[key.replace(/_/g, '')];
    if (k && !columns.has(k)) columns.set(k, i);
  });
  const missing = ['service', 'date', 'time'].filter((c) => !columns.has(c));
  if (!columns.has('id_number') && !columns.has('phone')) missing.push('id_number or phone');
  return { columns, missing };
}

/** One data row → an import row, or the first problem found (field by field, left to right). */
export function readRow(line: number, fields: string[], columns: Map<string, number>): ImportRow | RowError {
  const get = (k: string) => {
    const i = columns.get(k);
    return i === undefined ? '' : (fields[i] ?? '').trim();
  };
  const err = (field: string, code: string, reason: string): RowError => ({ line, field, code, reason });
  const serviceId = get('service');
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(serviceId)) return err('service', 'VALIDATION_FAILED', 'missing or malformed service id');
  const date = get('date');
  if (!isDate(date)) return err('date', 'VALIDATION_FAILED', `"${date}" is not a date YYYY-MM-DD`);
  const time = get('time');
  if (!isHm(time)) return err('time', 'VALIDATION_FAILED', `"${time}" is not a time HH:MM`);
  const idNumber = get('id_number');
  const phone = get('phone');
  let identity: IdentityInput;
  if (idNumber !== '') identity = { kind: 'id-card', value: idNumber };
  else if (phone !== '') identity = { kind: 'phone', value: phone };
  else
    return err(columns.has('id_number') ? 'id_number' : 'phone', 'VALIDATION_FAILED', 'an ID number or a phone number is needed');
  const channelText = get('channel') || 'import';
  if (!CHANNELS.includes(channelText as AppointmentChannel))
    return err('channel', 'VALIDATION_FAILED', `unknown channel "${channelText}" (known: ${CHANNELS.join(', ')})`);
  const name = get('name');
  if (name.length > 64) return err('name', 'VALIDATION_FAILED', 'the name is longer than 64 characters');
  return { line, serviceId, date, time, identity, channel: channelText as AppointmentChannel, ...(name ? { name } : {}) };
}

export const isRowError = (r: ImportRow | RowError): r is RowError => 'code' in r;
