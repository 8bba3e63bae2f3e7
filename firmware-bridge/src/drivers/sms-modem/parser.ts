/**
 * Splits what a modem says into lines and the `> ` prompt (which ends no line: the modem waits
 * for the PDU after it). Blank lines are dropped, a line with bytes no modem sends (garbage on
 * a bad cable) is dropped whole, and a runaway line is cut at MAX_LINE.
 */
import { MAX_LINE } from './constants';

export type AtEvent = { t: 'line'; text: string } | { t: 'prompt' };

export class AtParser {
  private buf = '';

  reset(): void {
    this.buf = '';
  }

  push(chunk: Buffer): AtEvent[] {
    this.buf += chunk.toString('latin1');
    const out: AtEvent[] = [];
    for (;;) {
      const trimmed = this.buf.replace(/^[\r\n]+/, '');
      this.buf = trimmed;
      if (this.buf.startsWith('> ') || this.buf === '>') {
        // A prompt is '> ' at the start of a line; a '>' alone may be the start of one.
        if (this.buf === '>') break;
        out.push({ t: 'prompt' });
        this.buf = this.buf.slice(2);
        continue;
      }
      const end = this.buf.search(/[\r\n]/);
      if (end < 0) {
        if (this.buf.length > MAX_LINE) this.buf = '';
        break;
      }
      const line = this.buf.slice(0, end).trim();
      this.buf = this.buf.slice(end + 1);
      if (line.length === 0 || line.length > MAX_LINE) continue;
      if (/[^\x20-\x7e]/.test(line)) continue;
      out.push({ t: 'line', text: line });
    }
    return out;
  }
}

/** A final result code: the command is over. */
export type FinalResult = { ok: true } | { ok: false; error: string; cms?: number };

export function finalResult(line: string): FinalResult | null {
  if (line === 'OK') return { ok: true };
  if (line === 'ERROR' || line === 'NO CARRIER') return { ok: false, error: line };
  const cms = /^\+CMS ERROR:\s*(\d+)$/.exec(line);
  if (cms) return { ok: false, error: line, cms: Number(cms[1]) };
  if (/^\+CM[ES] ERROR:/.test(line)) return { ok: false, error: line };
  return null;
}
