/**
 * One day of visits in columns (typed arrays), and its compact binary file form: the per-day
 * identity index that lets the repeat-visit analysis scan a year (≈1.5 million identified
 * visits) without opening the archived ticket files.
 *
 * Identity keys are the first 52 bits of the HMAC (13 hex digits), which a double holds
 * exactly; two different people share a key with probability ~n²/2⁵³ (about 1 in 10⁴ for a
 * million distinct visitors in a year, and only within one window does it matter). Masked
 * identities and ticket numbers are kept apart at the end of the file, with an offset per row,
 * and decoded only for the rows a report shows.
 *
 * File layout (little-endian): "CBVI" u32 version, u32 header length, header JSON (date,
 * count, dictionaries), zero padding to 8, then columns: key f64[n], arrival f64[n], end
 * f64[n] (0 = not served), first/last service, staff, outcome, counter u16[n] (0xFFFF = none),
 * status u8[n], kind u8[n]; then label offsets u32[n + 1] and the labels, UTF-8 "masked\0number"
 * per row.
 */
import type { IdentityKind, TicketStatus } from '../protocol';
import type { Visit } from './visits';

export const NONE = 0xffff;
const MAGIC = 0x49564243; // "CBVI" read as a little-endian u32
const VERSION = 1;

export const STATUS_CODES: readonly TicketStatus[] = [
  'done',
  'no_show',
  'cancelled',
  'waiting',
  'called',
  'serving',
  'transferred',
];
export const DONE = 0;
export const KIND_CODES: readonly IdentityKind[] = ['id-card', 'qr', 'phone'];

export interface VisitLabel {
  masked: string;
  number: string;
}

export interface VisitChunk {
  date: string;
  n: number;
  key: Float64Array;
  arrival: Float64Array;
  end: Float64Array;
  first: Uint16Array;
  last: Uint16Array;
  staff: Uint16Array;
  outcome: Uint16Array;
  counter: Uint16Array;
  status: Uint8Array;
  kind: Uint8Array;
  services: string[];
  staffIds: string[];
  outcomes: string[];
  counters: string[];
  /**
   * How each row came: 0 a visit (a ticket), 1 a phone call at a desk (merged in at report time
   * from the phone-contacts store, phone-contacts.ts; never in a day file). Absent: all visits.
   */
  channel?: Uint8Array;
  /** Masked identity and ticket number of row `i` (decoded on demand). */
  label(i: number): VisitLabel;
}

/** 52-bit key of an identity HMAC; non-hex strings (tests, imports) are hashed instead. */
export function identityKey(hmac: string): number {
  if (/^[0-9a-fA-F]{13}/.test(hmac)) return Number.parseInt(hmac.slice(0, 13), 16);
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < hmac.length; i++) {
    const c = hmac.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return (h1 >>> 12) * 2 ** 32 + (h2 >>> 0);
}

export class Dict {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  of(s: string | undefined): number {
    if (s === undefined) return NONE;
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.list.length;
      if (i >= NONE) throw new Error('more than 65 534 distinct values in one day of visits');
      this.list.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}

/** Columns of one day's visits (sorted by arrival; `ticketsToVisits` already sorts). */
export function visitsToChunk(date: string, visits: readonly Visit[]): VisitChunk {
  const sorted = [...visits].sort((a, b) => a.arrivalAt - b.arrivalAt);
  const n = sorted.length;
  const services = new Dict();
  const staff = new Dict();
  const outcomes = new Dict();
  const counters = new Dict();
  const c = emptyChunk(date, n);
  const labels: VisitLabel[] = [];
  sorted.forEach((v, i) => {
    c.key[i] = identityKey(v.hmac);
    c.arrival[i] = v.arrivalAt;
    c.end[i] = v.endedAt ?? 0;
    c.first[i] = services.of(v.serviceId);
    c.last[i] = services.of(v.finalServiceId);
    c.staff[i] = staff.of(v.staffId);
    c.outcome[i] = outcomes.of(v.outcome);
    c.counter[i] = counters.of(v.counterId);
    c.status[i] = Math.max(0, STATUS_CODES.indexOf(v.status));
    c.kind[i] = Math.max(0, KIND_CODES.indexOf(v.kind));
    labels.push({ masked: v.masked, number: v.number });
  });
  return {
    ...c,
    services: services.list,
    staffIds: staff.list,
    outcomes: outcomes.list,
    counters: counters.list,
    label: (i) => labels[i] ?? { masked: '', number: '' },
  };
}

export function emptyChunk(date: string, n: number) {
  return {
    date,
    n,
    key: new Float64Array(n),
    arrival: new Float64Array(n),
    end: new Float64Array(n),
    first: new Uint16Array(n),
    last: new Uint16Array(n),
    staff: new Uint16Array(n),
    outcome: new Uint16Array(n),
    counter: new Uint16Array(n),
    status: new Uint8Array(n),
    kind: new Uint8Array(n),
  };
}

const COLUMNS = ['key', 'arrival', 'end', 'first', 'last', 'staff', 'outcome', 'counter', 'status', 'kind'] as const;

export function encodeChunk(chunk: VisitChunk): Buffer {
  const header = Buffer.from(
    JSON.stringify({
      date: chunk.date,
      n: chunk.n,
      services: chunk.services,
      staff: chunk.staffIds,
      outcomes: chunk.outcomes,
      counters: chunk.counters,
    }),
  );
  const texts: Buffer[] = [];
  const offsets = new Uint32Array(chunk.n + 1);
  for (let i = 0; i < chunk.n; i++) {
    const { masked, number } = chunk.label(i);
    const b = Buffer.from(`${masked}\0${number}`);
    texts.push(b);
    offsets[i + 1] = (offsets[i] as number) + b.length;
  }
  const headEnd = 12 + header.length;
  const pad = (8 - (headEnd % 8)) % 8;
  const parts: Buffer[] = [Buffer.alloc(12), header, Buffer.alloc(pad)];
  (parts[0] as Buffer).writeUInt32LE(MAGIC, 0);
  (parts[0] as Buffer).writeUInt32LE(VERSION, 4);
  (parts[0] as Buffer).writeUInt32LE(header.length, 8);
  for (const col of COLUMNS) {
    const arr = chunk[col];
    parts.push(Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength));
  }
  parts.push(Buffer.from(offsets.buffer), ...texts);
  return Buffer.concat(parts);
}

export function decodeChunk(buf: Buffer): VisitChunk {
  if (buf.length < 12 || buf.readUInt32LE(0) !== MAGIC) throw new Error('not a visit index file');
  if (buf.readUInt32LE(4) !== VERSION) throw new Error(`visit index version ${buf.readUInt32LE(4)} is not supported`);
  const headerLen = buf.readUInt32LE(8);
  const header = JSON.parse(buf.toString('utf8', 12, 12 + headerLen)) as {
    date: string;
    n: number;
    services: string[];
    staff: string[];
    outcomes: string[];
    counters: string[];
  };
  const n = header.n;
  let off = 12 + headerLen;
  off += (8 - (off % 8)) % 8;
  if (buf.length < off + n * 36 + (n + 1) * 4) throw new Error('visit index file is truncated');
  // Copy each column out (an aligned, independent buffer), so typed-array views are legal
  // whatever the Buffer's own offset in its pool.
  const take = <T>(make: (ab: ArrayBuffer) => T, bytes: number): T => {
    const ab = new ArrayBuffer(bytes);
    new Uint8Array(ab).set(buf.subarray(off, off + bytes));
    off += bytes;
    return make(ab);
  };
  const key = take((ab) => new Float64Array(ab), n * 8);
  const arrival = take((ab) => new Float64Array(ab), n * 8);
  const end = take((ab) => new Float64Array(ab), n * 8);
  const first = take((ab) => new Uint16Array(ab), n * 2);
  const last = take((ab) => new Uint16Array(ab), n * 2);
  const staff = take((ab) => new Uint16Array(ab), n * 2);
  const outcome = take((ab) => new Uint16Array(ab), n * 2);
  const counter = take((ab) => new Uint16Array(ab), n * 2);
  const status = take((ab) => new Uint8Array(ab), n);
  const kind = take((ab) => new Uint8Array(ab), n);
  const offsets = take((ab) => new Uint32Array(ab), (n + 1) * 4);
  if (off + (offsets[n] as number) > buf.length) throw new Error('visit index file is truncated');
  // A copy of the label bytes only, so the file's buffer (columns included) can be collected.
  const text = Buffer.from(buf.subarray(off, off + (offsets[n] as number)));
  return {
    date: header.date,
    n,
    key,
    arrival,
    end,
    first,
    last,
    staff,
    outcome,
    counter,
    status,
    kind,
    services: header.services,
    staffIds: header.staff,
    outcomes: header.outcomes,
    counters: header.counters,
    label: (i) => {
      const [masked = '', number = ''] = text.toString('utf8', offsets[i], offsets[i + 1]).split('\0');
      return { masked, number };
    },
  };
}

/** One row back as a Visit (for drill-downs: a few rows, never the whole year). */
export function visitAt(chunk: VisitChunk, i: number): Visit {
  const label = chunk.label(i);
  const v: Visit = {
    hmac: '',
    kind: KIND_CODES[chunk.kind[i] as number] ?? 'id-card',
    masked: label.masked,
    date: chunk.date,
    number: label.number,
    serviceId: chunk.services[chunk.first[i] as number] ?? '',
    finalServiceId: chunk.services[chunk.last[i] as number] ?? '',
    arrivalAt: chunk.arrival[i] as number,
    endedAt: chunk.end[i] ? (chunk.end[i] as number) : null,
    status: STATUS_CODES[chunk.status[i] as number] ?? 'done',
  };
  const outcome = chunk.outcome[i] as number;
  if (outcome !== NONE) v.outcome = chunk.outcomes[outcome] as string;
  const staff = chunk.staff[i] as number;
  if (staff !== NONE) v.staffId = chunk.staffIds[staff] as string;
  const counter = chunk.counter[i] as number;
  if (counter !== NONE) v.counterId = chunk.counters[counter] as string;
  if (chunk.channel?.[i]) v.channel = 'phone';
  return v;
}
