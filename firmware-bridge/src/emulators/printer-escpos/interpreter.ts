/**
 * A streaming ESC/POS interpreter for the emulated printer: bytes in, events out (text runs
 * with their style, line feeds, QR codes, cuts, status requests). It knows the length of
 * every command node-thermal-printer and common kiosk software send, waits when a command is
 * split across chunks, and skips what it does not know rather than failing. Pure: no I/O.
 */
import { DLE, ESC, FS, GS } from '../../drivers/printer-escpos/constants';

export interface TextStyle {
  align: 'left' | 'center' | 'right';
  /** Character magnification (GS ! / ESC !): width and height, 1–8. */
  width: number;
  height: number;
  bold: boolean;
  /** Inside FS & … FS . : bytes are GB18030. */
  chinese: boolean;
}

export type EscPosEvent = (
  | { t: 'text'; bytes: Buffer; style: TextStyle }
  | { t: 'newline' }
  | { t: 'feed'; lines: number }
  | { t: 'qr'; data: Buffer; moduleSize: number }
  | { t: 'cut'; partial: boolean }
  | { t: 'status'; n: number }
  | { t: 'init' }
  | { t: 'beep' }
  | { t: 'style' }
  | { t: 'unknown'; bytes: Buffer }
) & {
  /** The bytes this event was read from (a ticket's raw bytes are the concatenation). */
  raw: Buffer;
};

const initialStyle = (): TextStyle => ({ align: 'left', width: 1, height: 1, bold: false, chinese: false });

/** Total length of the command at `buf[i]`; `0` = need more bytes. */
function commandLength(buf: Buffer, i: number): number {
  const avail = buf.length - i;
  const b = buf[i] as number;
  const at = (k: number) => buf[i + k] as number;
  if (b === DLE) {
    if (avail < 2) return 0;
    const c = at(1);
    if (c === 0x04 || c === 0x05) return 3;
    if (c === 0x14) return 5;
    return 2;
  }
  if (b === ESC) {
    if (avail < 2) return 0;
    const c = at(1);
    switch (c) {
      case 0x40: // @ init
      case 0x32: // 2 default line spacing
      case 0x69: // i partial cut
      case 0x6d: // m partial cut
      case 0x3c: // < return home
        return 2;
      case 0x70: // p m t1 t2 drawer kick
        return 5;
      case 0x42: // B n t beep (common on Chinese printers)
      case 0x24: // $ nL nH absolute position
      case 0x5c: // \ nL nH relative position
        return 4;
      case 0x63: // c 3|4|5 n
        return 4;
      case 0x44: {
        // D n1 … NUL: tab positions
        const end = buf.indexOf(0, i + 2);
        return end < 0 ? 0 : end - i + 1;
      }
      case 0x2a: {
        // * m nL nH data: bit image
        if (avail < 5) return 0;
        const dots = at(3) + at(4) * 256;
        return 5 + dots * (at(2) <= 1 ? 1 : 3);
      }
      default:
        // ! - E G M R a t { 3 d J e V SP = ? r U T …: one parameter byte
        return 3;
    }
  }
  if (b === GS) {
    if (avail < 3) return 0;
    const c = at(1);
    switch (c) {
      case 0x56: {
        // V m [n]: cut
        const m = at(2);
        return m === 0x41 || m === 0x42 || m === 0x61 || m === 0x62 || m === 0x67 || m === 0x68 ? 4 : 3;
      }
      case 0x28: {
        // ( fn pL pH …: length-prefixed
        if (avail < 5) return 0;
        return 5 + at(3) + at(4) * 256;
      }
      case 0x6b: {
        // k m …: barcode
        const m = at(2);
        if (m <= 6) {
          const end = buf.indexOf(0, i + 3);
          return end < 0 ? 0 : end - i + 1;
        }
        if (avail < 4) return 0;
        return 4 + at(3);
      }
      case 0x76: {
        // v 0 m xL xH yL yH data: raster image
        if (avail < 8) return 0;
        return 8 + (at(4) + at(5) * 256) * (at(6) + at(7) * 256);
      }
      case 0x2a: {
        // * x y data: downloaded bit image
        if (avail < 4) return 0;
        return 4 + at(2) * at(3) * 8;
      }
      case 0x4c: // L nL nH
      case 0x57: // W nL nH
      case 0x24: // $ nL nH
      case 0x5c: // \ nL nH
      case 0x50: // P x y
        return 4;
      case 0x2f: // / m
        return 3;
      default:
        // ! B H f h w I r a b …: one parameter byte
        return 3;
    }
  }
  if (b === FS) {
    if (avail < 2) return 0;
    const c = at(1);
    if (c === 0x26 || c === 0x2e) return 2;
    if (c === 0x53 || c === 0x70) return 4;
    if (c === 0x32) return 2 + 2 + 72;
    return 3;
  }
  return 1;
}

export class EscPosInterpreter {
  private pending: Buffer = Buffer.alloc(0);
  private style: TextStyle = initialStyle();
  private qrData: Buffer = Buffer.alloc(0);
  private qrModule = 3;
  readonly stats = { commands: 0, unknown: 0, textBytes: 0 };

  get currentStyle(): TextStyle {
    return { ...this.style };
  }

  push(chunk: Buffer): EscPosEvent[] {
    const buf = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    const out: EscPosEvent[] = [];
    let i = 0;
    while (i < buf.length) {
      const b = buf[i] as number;
      if (b >= 0x20) {
        let j = i + 1;
        while (j < buf.length && (buf[j] as number) >= 0x20) j++;
        this.stats.textBytes += j - i;
        const bytes = Buffer.from(buf.subarray(i, j));
        out.push({ t: 'text', bytes, style: { ...this.style }, raw: bytes });
        i = j;
        continue;
      }
      const len = commandLength(buf, i);
      if (len === 0) break; // incomplete command: wait for the rest
      if (buf.length - i < len) break;
      this.stats.commands++;
      const before = out.length;
      const cmd = Buffer.from(buf.subarray(i, i + len));
      this.apply(cmd, out);
      // Commands with no visible effect still belong to the job's bytes.
      if (out.length === before) out.push({ t: 'style', raw: cmd });
      i += len;
    }
    this.pending = Buffer.from(buf.subarray(i));
    // Never hold on to a runaway length (a garbage GS ( with pL pH = FFFF): 64 KiB is beyond any real command.
    if (this.pending.length > 65_600) this.pending = Buffer.alloc(0);
    return out;
  }

  private apply(cmd: Buffer, out: EscPosEvent[]): void {
    const raw = cmd;
    const b0 = cmd[0] as number;
    const b1 = cmd[1] as number;
    const p = cmd[2] as number;
    if (b0 === 0x0a) {
      out.push({ t: 'newline', raw });
      return;
    }
    if (b0 === 0x09) {
      out.push({ t: 'text', bytes: Buffer.from(' '), style: { ...this.style }, raw });
      return;
    }
    if (b0 === 0x0d || b0 === 0x0c || b0 === 0x18 || b0 === 0x00) return;
    if (b0 === DLE) {
      if (b1 === 0x04) out.push({ t: 'status', n: p, raw });
      return;
    }
    if (b0 === ESC) {
      switch (b1) {
        case 0x40:
          this.style = initialStyle();
          out.push({ t: 'init', raw });
          return;
        case 0x61:
          this.style.align = p === 1 || p === 0x31 ? 'center' : p === 2 || p === 0x32 ? 'right' : 'left';
          return;
        case 0x45:
          this.style.bold = (p & 1) === 1;
          return;
        case 0x21:
          // ESC ! n: bit 4 double height, bit 5 double width, bit 3 emphasised
          this.style.height = p & 0x10 ? 2 : 1;
          this.style.width = p & 0x20 ? 2 : 1;
          this.style.bold = (p & 0x08) !== 0;
          return;
        case 0x64:
          out.push({ t: 'feed', lines: p, raw });
          return;
        case 0x69:
        case 0x6d:
          out.push({ t: 'cut', partial: true, raw });
          return;
        case 0x42:
          out.push({ t: 'beep', raw });
          return;
        default:
          return; // spacing, fonts, code pages, drawer…: no visible effect in the emulator
      }
    }
    if (b0 === GS) {
      switch (b1) {
        case 0x21:
          this.style.width = ((p >> 4) & 0x07) + 1;
          this.style.height = (p & 0x07) + 1;
          return;
        case 0x56:
          out.push({ t: 'cut', partial: p === 1 || p === 0x31 || p === 0x42 || p === 0x62, raw });
          return;
        case 0x28:
          this.gsParen(cmd, out);
          return;
        default:
          return;
      }
    }
    if (b0 === FS) {
      if (b1 === 0x26) this.style.chinese = true;
      else if (b1 === 0x2e) this.style.chinese = false;
      return;
    }
    this.stats.unknown++;
    out.push({ t: 'unknown', bytes: Buffer.from(cmd), raw });
  }

  /** GS ( k: QR code (cn 0x31) store / size / print. */
  private gsParen(cmd: Buffer, out: EscPosEvent[]): void {
    if (cmd[2] !== 0x6b || cmd.length < 7 || cmd[5] !== 0x31) return;
    const fn = cmd[6];
    if (fn === 0x43) this.qrModule = cmd[7] ?? this.qrModule;
    else if (fn === 0x50) this.qrData = Buffer.from(cmd.subarray(8));
    else if (fn === 0x51) out.push({ t: 'qr', data: this.qrData, moduleSize: this.qrModule, raw: cmd });
  }
}
