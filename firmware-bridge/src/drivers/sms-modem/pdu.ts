/**
 * SMS PDUs (3GPP TS 23.040), pure: the SMS-SUBMIT PDUs a text becomes (GSM 7-bit when every
 * character is in the GSM alphabet, else UCS-2; a long text in parts with a concatenation
 * header `05 00 03 ref total seq`), and the decoders the emulator and the driver need: an
 * SMS-SUBMIT back to number and text, an SMS-STATUS-REPORT (`+CDS`) to reference and status.
 * Every decoder returns null on bytes it cannot read; none throws.
 */
import { DCS_GSM7, DCS_UCS2, GSM7_PART, GSM7_SINGLE, UCS2_PART, UCS2_SINGLE } from './constants';
import { fromSeptets, packSeptets, toSeptets, unpackSeptets } from './gsm7';

export interface SubmitPdu {
  /** The hex to type after the `> ` prompt (SMSC address 00 = the SIM's own, then the TPDU). */
  hex: string;
  /** The `<length>` of `AT+CMGS=<length>`: the TPDU's octets, without the SMSC part. */
  tpduLength: number;
}

export interface Concat {
  ref: number;
  total: number;
  seq: number;
}

export interface DecodedSubmit {
  to: string;
  text: string;
  statusReport: boolean;
  concat?: Concat;
  dcs: number;
}

/** `+8613812345678` → international (0x91); anything else as given (0x81). */
function address(number: string): Buffer {
  const international = number.startsWith('+');
  const digits = number.replace(/^\+/, '');
  if (!/^\d{1,20}$/.test(digits)) throw new Error('a phone number is digits only');
  const padded = digits.length % 2 ? `${digits}F` : digits;
  const semi = Buffer.alloc(padded.length / 2);
  for (let i = 0; i < padded.length; i += 2) semi[i / 2] = Number.parseInt(`${padded[i + 1]}${padded[i]}`, 16);
  return Buffer.concat([Buffer.from([digits.length, international ? 0x91 : 0x81]), semi]);
}

function readAddress(buf: Buffer, at: number): { number: string; next: number } | null {
  const digits = buf[at];
  const toa = buf[at + 1];
  if (digits === undefined || toa === undefined || digits > 20) return null;
  const octets = Math.ceil(digits / 2);
  if (at + 2 + octets > buf.length) return null;
  let number = '';
  for (let i = 0; i < octets; i++) {
    const b = buf[at + 2 + i] as number;
    number += `${(b & 0x0f).toString(16)}${(b >> 4).toString(16)}`;
  }
  number = number.slice(0, digits);
  if (!/^\d*$/.test(number)) return null;
  return { number: (toa & 0x70) === 0x10 ? `+${number}` : number, next: at + 2 + octets };
}

function ucs2(text: string): Buffer {
  const out = Buffer.alloc(text.length * 2);
  for (let i = 0; i < text.length; i++) out.writeUInt16BE(text.charCodeAt(i), i * 2);
  return out;
}

/** Splits septets in parts of at most `size`, never between an escape and its character. */
function splitSeptets(septets: number[], size: number): number[][] {
  const parts: number[][] = [];
  for (let i = 0; i < septets.length; ) {
    let end = Math.min(septets.length, i + size);
    if (end < septets.length && septets[end - 1] === 0x1b) end--;
    parts.push(septets.slice(i, end));
    i = end;
  }
  return parts;
}

/** Splits a UTF-16 string in parts of at most `size` code units, never inside a surrogate pair. */
function splitUnits(text: string, size: number): string[] {
  const parts: string[] = [];
  for (let i = 0; i < text.length; ) {
    let end = Math.min(text.length, i + size);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    parts.push(text.slice(i, end));
    i = end;
  }
  return parts;
}

/**
 * The SMS-SUBMIT PDUs for `text` to `to`; `ref` numbers the parts of a long text (0–255),
 * `statusReport` asks the network for a delivery report.
 */
export function encodeSubmit(to: string, text: string, opts: { ref: number; statusReport: boolean }): SubmitPdu[] {
  const da = address(to);
  const septets = toSeptets(text);
  const bodies: { udh: Buffer | null; ud: Buffer; udl: number; dcs: number }[] = [];
  const udh = (total: number, seq: number) => Buffer.from([0x05, 0x00, 0x03, opts.ref & 0xff, total, seq]);
  if (septets) {
    if (septets.length <= GSM7_SINGLE) bodies.push({ udh: null, ud: packSeptets(septets), udl: septets.length, dcs: DCS_GSM7 });
    else {
      const parts = splitSeptets(septets, GSM7_PART);
      parts.forEach((p, k) => {
        const header = udh(parts.length, k + 1);
        // 6 header octets = 48 bits; the text starts on the next septet boundary (bit 49): 7 septets.
        bodies.push({ udh: header, ud: packSeptets(p, 49), udl: 7 + p.length, dcs: DCS_GSM7 });
      });
    }
  } else if (text.length <= UCS2_SINGLE) bodies.push({ udh: null, ud: ucs2(text), udl: text.length * 2, dcs: DCS_UCS2 });
  else {
    const parts = splitUnits(text, UCS2_PART);
    parts.forEach((p, k) => {
      bodies.push({ udh: udh(parts.length, k + 1), ud: ucs2(p), udl: 6 + p.length * 2, dcs: DCS_UCS2 });
    });
  }
  return bodies.map((b) => {
    let ud = b.ud;
    if (b.udh) {
      // For GSM 7-bit the header's bits were left clear in `ud` (packed from bit 49): lay it in.
      ud = b.dcs === DCS_GSM7 ? Buffer.from(ud) : Buffer.concat([b.udh, ud]);
      if (b.dcs === DCS_GSM7) b.udh.copy(ud, 0);
    }
    const firstOctet = 0x01 | (opts.statusReport ? 0x20 : 0) | (b.udh ? 0x40 : 0);
    const tpdu = Buffer.concat([Buffer.from([firstOctet, 0x00]), da, Buffer.from([0x00, b.dcs, b.udl]), ud]);
    return { hex: `00${tpdu.toString('hex').toUpperCase()}`, tpduLength: tpdu.length };
  });
}

/** Reads an SMS-SUBMIT (what the modem is asked to send): the emulator's side. */
export function decodeSubmit(hex: string): DecodedSubmit | null {
  if (!/^([0-9A-Fa-f]{2})+$/.test(hex)) return null;
  const buf = Buffer.from(hex, 'hex');
  const sca = buf[0];
  if (sca === undefined) return null;
  let at = 1 + sca;
  const first = buf[at];
  if (first === undefined || (first & 0x03) !== 0x01) return null;
  const vpf = (first >> 3) & 0x03;
  at += 2; // first octet, TP-MR
  const da = readAddress(buf, at);
  if (!da) return null;
  at = da.next;
  const dcs = buf[at + 1];
  if (dcs === undefined) return null;
  at += 2 + (vpf === 2 ? 1 : vpf === 0 ? 0 : 7);
  const udl = buf[at];
  if (udl === undefined) return null;
  const ud = buf.subarray(at + 1);
  let concat: Concat | undefined;
  let headerOctets = 0;
  if (first & 0x40) {
    const udhl = ud[0];
    if (udhl === undefined || udhl + 1 > ud.length) return null;
    headerOctets = udhl + 1;
    for (let i = 1; i + 1 < headerOctets; ) {
      const iei = ud[i] as number;
      const len = ud[i + 1] as number;
      if (iei === 0x00 && len === 3) concat = { ref: ud[i + 2] as number, total: ud[i + 3] as number, seq: ud[i + 4] as number };
      if (iei === 0x08 && len === 4)
        concat = { ref: ud.readUInt16BE(i + 2), total: ud[i + 4] as number, seq: ud[i + 5] as number };
      i += 2 + len;
    }
  }
  let text: string;
  if ((dcs & 0x0c) === DCS_UCS2) {
    const body = ud.subarray(headerOctets, udl);
    if (body.length % 2) return null;
    text = '';
    for (let i = 0; i + 1 < body.length; i += 2) text += String.fromCharCode(body.readUInt16BE(i));
  } else if ((dcs & 0x0c) === DCS_GSM7) {
    const headerSeptets = Math.ceil((headerOctets * 8) / 7);
    if (udl < headerSeptets || Math.ceil((udl * 7) / 8) > ud.length) return null;
    text = fromSeptets(unpackSeptets(ud, udl - headerSeptets, headerSeptets * 7));
  } else return null;
  return { to: da.number, text, statusReport: (first & 0x20) !== 0, dcs, ...(concat ? { concat } : {}) };
}

export interface StatusReport {
  /** The TP-MR the modem answered `+CMGS: <mr>` with. */
  ref: number;
  /** 0x00–0x1F: done (0x00 delivered); 0x20–0x3F: still trying; 0x40+: failed for good. */
  status: number;
  delivered: boolean;
  final: boolean;
}

/** Reads an SMS-STATUS-REPORT (the PDU line after `+CDS: <len>`). */
export function decodeStatusReport(hex: string): StatusReport | null {
  if (!/^([0-9A-Fa-f]{2})+$/.test(hex)) return null;
  const buf = Buffer.from(hex, 'hex');
  const sca = buf[0];
  if (sca === undefined) return null;
  let at = 1 + sca;
  const first = buf[at];
  if (first === undefined || (first & 0x03) !== 0x02) return null;
  const ref = buf[at + 1];
  if (ref === undefined) return null;
  const ra = readAddress(buf, at + 2);
  if (!ra) return null;
  at = ra.next + 14; // TP-SCTS and TP-DT, 7 octets each
  const status = buf[at];
  if (status === undefined) return null;
  return { ref, status, delivered: status === 0x00, final: status < 0x20 || status >= 0x40 };
}

/** Builds an SMS-STATUS-REPORT (the emulator's delivery report). */
export function encodeStatusReport(ref: number, to: string, status: number): string {
  const stamp = Buffer.from([0x62, 0x21, 0x50, 0x10, 0x00, 0x00, 0x23]); // 2026-12-05 01:00:00 +08
  const tpdu = Buffer.concat([Buffer.from([0x06, ref & 0xff]), address(to), stamp, stamp, Buffer.from([status])]);
  return `00${tpdu.toString('hex').toUpperCase()}`;
}
