/**
 * What a reader in the field does to its replies, so the emulator can do it on purpose and the
 * tests can keep the driver honest: a corrupted reply every N (bad checksum, a length that
 * promises bytes that never come, a frame cut short), line noise before a reply, a reply split
 * into small chunks with pauses, and a card that bounces (lifted and put back at once).
 * Pure functions and data; the emulator applies them.
 */
import { PREAMBLE } from '../../drivers/idcard-sam/constants';

export type Corruption = 'checksum' | 'length' | 'truncate';
export const CORRUPTIONS: readonly Corruption[] = ['checksum', 'length', 'truncate'];

export interface ReaderFaults {
  /** Every Nth reply (counting all replies since the faults were set) is corrupted; 0 or absent: none. */
  corruptEvery?: number;
  /** Only replies longer than this many bytes are counted and corrupted (a marginal line breaks the long card-data frames first). */
  corruptLongerThan?: number;
  /** How (default `checksum`); `mixed` takes each kind in turn. */
  corruption?: Corruption | 'mixed';
  /** Random bytes sent before every reply. */
  noiseBytes?: number;
  /** Every reply is written in chunks of at most this many bytes… */
  splitBytes?: number;
  /** …with this pause between them (default 5 ms). */
  splitGapMs?: number;
  /** Seed of the noise (default 1): the same faults give the same bytes. */
  seed?: number;
}

/** Damages one reply frame the way `kind` says. */
export function corruptFrame(frame: Buffer, kind: Corruption): Buffer {
  const out = Buffer.from(frame);
  switch (kind) {
    case 'checksum':
      // One bit flipped in the last byte: the XOR no longer matches.
      out[out.length - 1] = (out[out.length - 1] as number) ^ 0x01;
      return out;
    case 'length':
      // A length 256 bytes longer than what follows: a parser would wait for bytes that never come.
      out.writeUInt16BE(Math.min(0x0fff, out.readUInt16BE(PREAMBLE.length) + 0x100), PREAMBLE.length);
      return out;
    case 'truncate':
      return out.subarray(0, Math.max(PREAMBLE.length + 2, Math.floor(out.length / 2)));
  }
}

/** A small seeded generator (mulberry32), so noise is reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` noise bytes; never 0xAA, so noise cannot start a preamble of its own. */
export function noise(n: number, next: () => number): Buffer {
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) {
    const b = Math.floor(next() * 256);
    out[i] = b === 0xaa ? 0x55 : b;
  }
  return out;
}

/** Cuts a buffer into chunks of at most `size` bytes. */
export function chunks(buf: Buffer, size: number): Buffer[] {
  if (size <= 0 || buf.length <= size) return [buf];
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
  return out;
}

/**
 * Bounce patterns as people produce them: alternating times (ms) on the reader and off it,
 * starting with on; after the last step the card stays on the reader. Every gap is at most
 * 1 s, well inside the 1.5 s the driver treats as one placement.
 */
export const BOUNCE_PATTERNS: Readonly<Record<string, readonly number[]>> = {
  /** Lifted after 0.4 s, put back 0.5 s later and left (the pattern the field report gave). */
  'lift-and-return': [400, 500],
  /** A hand that cannot hold still: three short lifts. */
  flicker: [200, 100, 200, 150, 200, 100],
  /** Read, lifted for a full second, put back. */
  'slow-return': [1000, 1000],
  /** Barely touched, pulled away, then placed properly. */
  'touch-then-place': [150, 700],
};
