/**
 * The Asterisk Manager Interface's wire format (AMI, Asterisk's line-based TCP interface): a
 * greeting line (`Asterisk Call Manager/5.0.2`), then messages of `Key: Value` lines ended by an
 * empty line, CRLF (a bare LF is accepted too). Actions go out the same way. Pure.
 */

/** One AMI message: the keys as Asterisk sends them (`Event`, `Response`, `Channel`, …). */
export type AmiMessage = Record<string, string>;

/** Encodes an action (`Action` first); values lose any line break, so nobody can inject a key. */
export function encodeAction(action: string, fields: Record<string, string | number | undefined>): string {
  const clean = (v: string) => v.replace(/[\r\n]+/g, ' ');
  let out = `Action: ${clean(action)}\r\n`;
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out += `${clean(k)}: ${clean(String(v))}\r\n`;
  return `${out}\r\n`;
}

/**
 * Splits a byte stream into messages: feed it chunks as they arrive (a message may be split over
 * chunks, several may share one); it returns the complete ones. The greeting line (no colon)
 * comes back as `{ Greeting: … }`. A line without `: ` inside a message is kept under `Output`.
 */
export class AmiParser {
  private buffer = '';
  private current: AmiMessage = {};
  private lines = 0;
  /** Protects the hub from a peer that never ends a message. */
  constructor(private readonly maxLines = 500) {}

  push(chunk: string): AmiMessage[] {
    this.buffer += chunk;
    const out: AmiMessage[] = [];
    for (;;) {
      const nl = this.buffer.indexOf('\n');
      if (nl < 0) break;
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      if (line === '') {
        if (this.lines > 0) out.push(this.current);
        this.current = {};
        this.lines = 0;
        continue;
      }
      const colon = line.indexOf(':');
      if (colon < 0) {
        if (this.lines === 0 && line.startsWith('Asterisk Call Manager')) {
          out.push({ Greeting: line });
          continue;
        }
        this.current.Output = this.current.Output === undefined ? line : `${this.current.Output}\n${line}`;
      } else {
        this.current[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
      }
      if (++this.lines > this.maxLines) {
        this.current = {};
        this.lines = 0;
      }
    }
    return out;
  }
}
