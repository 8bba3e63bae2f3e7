/**
 * Line splitting shared by the simple ASCII line protocols (rating pad, LED screen): bytes in,
 * complete lines out, at a configurable terminator; a line longer than `maxBytes` is noise and
 * is dropped. Pure and exception-free.
 */
export class LineSplitter {
  private buf: Buffer = Buffer.alloc(0);
  private readonly term: Buffer;
  /** The current line overflowed: drop everything up to its terminator. */
  private discarding = false;

  constructor(
    terminator: string,
    private readonly maxBytes = 512,
  ) {
    this.term = Buffer.from(terminator, 'latin1');
  }

  push(chunk: Buffer): Buffer[] {
    let buf = this.buf.length > 0 ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: Buffer[] = [];
    let at = 0;
    for (let i = buf.indexOf(this.term, at); i >= 0; i = buf.indexOf(this.term, at)) {
      if (!this.discarding && i - at <= this.maxBytes) out.push(Buffer.from(buf.subarray(at, i)));
      this.discarding = false;
      at = i + this.term.length;
    }
    buf = buf.subarray(at);
    if (buf.length > this.maxBytes) {
      this.discarding = true;
      // Keep the last bytes: they may be the start of a terminator.
      buf = buf.subarray(buf.length - (this.term.length - 1));
    }
    this.buf = Buffer.from(buf);
    return out;
  }

  reset(): void {
    this.buf = Buffer.alloc(0);
    this.discarding = false;
  }
}

export const LINE_ENDINGS = { CRLF: '\r\n', CR: '\r', LF: '\n' } as const;
export type LineEnding = keyof typeof LINE_ENDINGS;
