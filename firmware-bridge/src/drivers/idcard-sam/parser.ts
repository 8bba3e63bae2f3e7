/**
 * Resynchronising SAM frame parser. npm serialport's PacketLength parser is little-endian,
 * caps lengths at 255 and never resynchronises, so this one: hunts for the preamble, reads the
 * big-endian length, waits for the whole frame, checks the XOR, and on a bad frame drops one
 * byte and hunts again. A frame whose length bytes were corrupted would make it wait for
 * bytes that never come; while it waits it looks ahead for a later complete, valid frame and
 * skips to it. The driver feeds it directly (so it knows, within the same chunk, whether a reply
 * was dropped) and resets it when a reply is given up.
 */
import { scanFrame } from './codec';
import { PREAMBLE } from './constants';

export interface SplitterStats {
  frames: number;
  droppedBytes: number;
  badFrames: number;
}

/** The parsing core, stream-free so it can be fuzzed and unit-tested byte by byte. */
export class SamFrameSplitter {
  private buf: Buffer = Buffer.alloc(0);
  readonly stats: SplitterStats = { frames: 0, droppedBytes: 0, badFrames: 0 };

  /** Feeds bytes; returns the bodies (SW/CMD + data, without length and checksum) of complete frames. */
  push(chunk: Buffer): Buffer[] {
    const buf = this.buf.length > 0 ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: Buffer[] = [];
    let at = 0;
    while (at < buf.length) {
      const p = buf.indexOf(PREAMBLE, at);
      if (p < 0) {
        // Keep a tail that may be the start of a preamble split across chunks.
        const keep = Math.min(buf.length - at, PREAMBLE.length - 1);
        this.stats.droppedBytes += buf.length - keep - at;
        at = buf.length - keep;
        break;
      }
      this.stats.droppedBytes += p - at;
      at = p;
      const r = scanFrame(buf, at);
      if (r.kind === 'frame') {
        out.push(Buffer.from(r.body)); // a copy: the frame must not pin the receive buffer
        this.stats.frames++;
        at += r.size;
      } else if (r.kind === 'bad') {
        this.stats.badFrames++;
        this.stats.droppedBytes++;
        at += 1;
      } else {
        const later = this.nextCompleteFrame(buf, at + 1);
        if (later < 0) break; // wait for more bytes
        this.stats.badFrames++;
        this.stats.droppedBytes += later - at;
        at = later;
      }
    }
    this.buf = at >= buf.length ? Buffer.alloc(0) : Buffer.from(buf.subarray(at));
    return out;
  }

  /** Bytes held while waiting for the rest of a frame. */
  get pending(): number {
    return this.buf.length;
  }

  reset(): void {
    this.stats.droppedBytes += this.buf.length;
    this.buf = Buffer.alloc(0);
  }

  private nextCompleteFrame(buf: Buffer, from: number): number {
    for (let q = buf.indexOf(PREAMBLE, from); q >= 0; q = buf.indexOf(PREAMBLE, q + 1))
      if (scanFrame(buf, q).kind === 'frame') return q;
    return -1;
  }
}
