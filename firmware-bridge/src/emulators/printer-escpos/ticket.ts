/**
 * Turns interpreter events into printed tickets (one per cut) and renders each as a readable
 * text file and an SVG picture of the paper. Pure: the emulator decides where files go.
 */
import iconv from 'iconv-lite';
import { CHINESE_ENCODING } from '../../drivers/printer-escpos/constants';
import type { EscPosEvent, TextStyle } from './interpreter';

export type TicketItem =
  | { t: 'line'; text: string; align: TextStyle['align']; width: number; height: number; bold: boolean }
  | { t: 'qr'; data: string; moduleSize: number };

export interface PrintedTicket {
  items: TicketItem[];
  /** Every byte of the job (status requests excluded), from after the previous cut up to and including this one. */
  raw: Buffer;
  cut: 'full' | 'partial';
}

interface Run {
  bytes: Buffer;
  style: TextStyle;
}

function decodeRuns(runs: Run[]): string {
  let text = '';
  // Adjacent runs in the same mode are decoded together: a GB18030 character may be split.
  let i = 0;
  while (i < runs.length) {
    const chinese = (runs[i] as Run).style.chinese;
    const parts: Buffer[] = [];
    while (i < runs.length && (runs[i] as Run).style.chinese === chinese) parts.push((runs[i++] as Run).bytes);
    const bytes = Buffer.concat(parts);
    text += chinese ? iconv.decode(bytes, CHINESE_ENCODING) : bytes.toString('latin1');
  }
  return text;
}

export class TicketAssembler {
  private items: TicketItem[] = [];
  private line: Run[] = [];
  private raw: Buffer[] = [];

  /** Applies events; returns the tickets completed by a cut. */
  apply(events: EscPosEvent[]): PrintedTicket[] {
    const done: PrintedTicket[] = [];
    for (const e of events) {
      // Status requests are conversation, not part of the job.
      if (e.t !== 'status') this.raw.push(e.raw);
      switch (e.t) {
        case 'text':
          this.line.push({ bytes: e.bytes, style: e.style });
          break;
        case 'newline':
          this.endLine(true);
          break;
        case 'feed':
          this.endLine(false);
          for (let k = 0; k < Math.min(e.lines, 10); k++) this.items.push(blank());
          break;
        case 'qr':
          this.endLine(false);
          this.items.push({ t: 'qr', data: e.data.toString('latin1'), moduleSize: e.moduleSize });
          break;
        case 'cut':
          this.endLine(false);
          done.push({ items: trimBlank(this.items), raw: Buffer.concat(this.raw), cut: e.partial ? 'partial' : 'full' });
          this.items = [];
          this.raw = [];
          break;
        default:
          break;
      }
    }
    return done;
  }

  /** Discards a job the printer could not print (no paper, cover open). */
  discard(): void {
    this.items = [];
    this.line = [];
    this.raw = [];
  }

  private endLine(always: boolean): void {
    if (this.line.length === 0) {
      if (always) this.items.push(blank());
      return;
    }
    const first = (this.line[0] as Run).style;
    this.items.push({
      t: 'line',
      text: decodeRuns(this.line),
      align: first.align,
      width: Math.max(...this.line.map((r) => r.style.width)),
      height: Math.max(...this.line.map((r) => r.style.height)),
      bold: this.line.some((r) => r.style.bold),
    });
    this.line = [];
  }
}

const blank = (): TicketItem => ({ t: 'line', text: '', align: 'left', width: 1, height: 1, bold: false });

function trimBlank(items: TicketItem[]): TicketItem[] {
  const out = [...items];
  while (out.length > 0 && out[out.length - 1]?.t === 'line' && (out[out.length - 1] as { text: string }).text === '') out.pop();
  return out;
}

/** Display width in columns: CJK characters take two. */
function columns(s: string): number {
  let n = 0;
  for (const ch of s)
    n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return n;
}

/** A readable text rendering: alignment kept on a 48-column roll, QR codes and the cut named. */
export function ticketText(t: PrintedTicket, cols = 48): string {
  const lines: string[] = [];
  for (const item of t.items) {
    if (item.t === 'qr') {
      lines.push(`[QR] ${item.data}`);
      continue;
    }
    // Big characters take more room on paper; the text file keeps them as they are (searchable).
    const w = columns(item.text) * item.width;
    const pad = Math.max(0, item.align === 'center' ? Math.floor((cols - w) / 2) : item.align === 'right' ? cols - w : 0);
    lines.push(`${' '.repeat(pad)}${item.text}`.trimEnd());
  }
  lines.push(t.cut === 'full' ? '[CUT]' : '[PARTIAL CUT]');
  return `${lines.join('\n')}\n`;
}

const xml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** An SVG picture of the paper (80 mm = 576 dots). QR codes are drawn as a labelled frame with their payload. */
export function ticketSvg(t: PrintedTicket): string {
  const W = 576;
  const margin = 16;
  const base = 24;
  const parts: string[] = [];
  let y = margin;
  for (const item of t.items) {
    if (item.t === 'qr') {
      const size = Math.min(260, Math.max(120, item.moduleSize * 33));
      const x = (W - size) / 2;
      parts.push(
        `<rect x="${x}" y="${y}" width="${size}" height="${size}" fill="none" stroke="#000" stroke-width="6"/>`,
        `<rect x="${x + 18}" y="${y + 18}" width="42" height="42" fill="#000"/>`,
        `<rect x="${x + size - 60}" y="${y + 18}" width="42" height="42" fill="#000"/>`,
        `<rect x="${x + 18}" y="${y + size - 60}" width="42" height="42" fill="#000"/>`,
        `<text x="${W / 2}" y="${y + size / 2 + 8}" font-size="22" text-anchor="middle">QR</text>`,
        `<text x="${W / 2}" y="${y + size + 18}" font-size="12" text-anchor="middle" font-family="monospace">${xml(item.data)}</text>`,
      );
      y += size + 28;
      continue;
    }
    const h = base * item.height;
    y += h;
    if (item.text === '') continue;
    const anchor = item.align === 'center' ? 'middle' : item.align === 'right' ? 'end' : 'start';
    const x = item.align === 'center' ? W / 2 : item.align === 'right' ? W - margin : margin;
    const weight = item.bold ? ' font-weight="bold"' : '';
    const stretch = item.width !== item.height ? ` transform="scale(${item.width / item.height} 1)"` : '';
    parts.push(
      `<text x="${stretch ? x / (item.width / item.height) : x}" y="${y}" font-size="${h}" text-anchor="${anchor}"${weight}${stretch}>${xml(item.text)}</text>`,
    );
  }
  y += margin;
  parts.push(
    `<line x1="0" y1="${y}" x2="${W}" y2="${y}" stroke="#000" stroke-dasharray="8 6"/>`,
    `<text x="${margin}" y="${y - 4}" font-size="12">${t.cut === 'full' ? 'cut' : 'partial cut'}</text>`,
  );
  const height = y + 4;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}"`,
    ` font-family="WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif">`,
    `<rect width="${W}" height="${height}" fill="#fff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
