/**
 * Pure scanner codec: splitting a byte stream into codes at the configured terminator, and
 * turning one code's bytes into text (optional AIM prefix stripped, configurable encoding).
 * Never throws on any input.
 */
import iconv from 'iconv-lite';
import { stripControl } from '../../text';
import { AIM_LENGTH, MAX_CODE_BYTES, type Terminator, Terminators, type TextEncoding } from './constants';

export interface ScannerCodecOptions {
  terminator: Terminator;
  aimPrefix: boolean;
  encoding: TextEncoding;
}

export const defaultScannerCodec: ScannerCodecOptions = { terminator: 'CR', aimPrefix: false, encoding: 'utf8' };

export interface ScannedCode {
  code: string;
  symbology?: string;
}

/** Bytes → code. Null for an empty code (a bare terminator, stray CR/LF). */
export function decodeCode(bytes: Buffer, opts: ScannerCodecOptions): ScannedCode | null {
  let text = iconv.decode(bytes, opts.encoding);
  // A scanner set to CRLF but configured here as CR leaves a LF in front of the next code.
  text = text.replace(/^[\r\n\t]+|[\r\n\t]+$/g, '');
  let symbology: string | undefined;
  if (opts.aimPrefix && text.length >= AIM_LENGTH && text[0] === ']') {
    symbology = text.slice(0, AIM_LENGTH);
    text = text.slice(AIM_LENGTH);
  }
  // Control characters are never part of a code we pass on (a QR payload is printable text).
  text = stripControl(text);
  if (text.length === 0) return null;
  return symbology ? { code: text, symbology } : { code: text };
}

/** Code → bytes as the scanner sends them (emulator side). */
export function encodeCode(code: string, opts: ScannerCodecOptions, symbology?: string): Buffer {
  const prefix = opts.aimPrefix && symbology ? symbology : '';
  return Buffer.concat([iconv.encode(prefix + code, opts.encoding), Buffer.from(Terminators[opts.terminator])]);
}

/** Stream core: bytes in, the bytes of each complete code out. */
export class ScanSplitter {
  private buf: Buffer = Buffer.alloc(0);
  private readonly term: Buffer;
  /** The current code overflowed: drop everything up to its terminator (no fragment is a code). */
  private discarding = false;
  readonly stats = { codes: 0, overlong: 0 };

  constructor(terminator: Terminator) {
    this.term = Buffer.from(Terminators[terminator]);
  }

  push(chunk: Buffer): Buffer[] {
    let buf = this.buf.length > 0 ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: Buffer[] = [];
    if (this.term.length > 0) {
      let at = 0;
      for (let i = buf.indexOf(this.term, at); i >= 0; i = buf.indexOf(this.term, at)) {
        if (!this.discarding) this.take(buf.subarray(at, i), out);
        this.discarding = false;
        at = i + this.term.length;
      }
      buf = buf.subarray(at);
    }
    if (buf.length > MAX_CODE_BYTES) {
      this.stats.overlong++;
      this.discarding = this.term.length > 0;
      buf = buf.subarray(buf.length - Math.max(0, this.term.length - 1));
    }
    this.buf = Buffer.from(buf);
    return out;
  }

  /** The inter-byte timeout fired: whatever is pending is one code. */
  flush(): Buffer | null {
    const rest = this.discarding ? Buffer.alloc(0) : this.buf;
    this.buf = Buffer.alloc(0);
    this.discarding = false;
    const out: Buffer[] = [];
    this.take(rest, out);
    return out[0] ?? null;
  }

  get pending(): number {
    return this.buf.length;
  }

  private take(bytes: Buffer, out: Buffer[]): void {
    if (bytes.length === 0) return;
    if (bytes.length > MAX_CODE_BYTES) {
      this.stats.overlong++;
      return;
    }
    this.stats.codes++;
    out.push(Buffer.from(bytes));
  }
}
