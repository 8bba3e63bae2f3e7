/**
 * Fuzzing every codec with ≥ 100,000 random and mutated buffers each (seeded, so a failure
 * replays): no exception ever escapes, and a valid frame (line, code, status byte) that
 * follows the garbage is still decoded. The SAM protocol's XOR checksum is one byte, so now
 * and then garbage forms a checksum-valid frame that swallows the frame after it; the test
 * allows exactly that, and only rarely, and checks that each such miss is explained by a
 * bogus frame having been decoded in its place.
 */
import { describe, expect, it } from 'vitest';
import {
  decodeFrame,
  encodeCommand,
  encodeReadData,
  encodeResponse,
  parseCommand,
  parseReadData,
  parseResponse,
  scanFrame,
} from './drivers/idcard-sam/codec';
import { SamFrameSplitter } from './drivers/idcard-sam/parser';
import { decodeTextBlock, encodeTextBlock } from './drivers/idcard-sam/text-block';
import { decodeLedCommand, decodeLedReply } from './drivers/led-counter/codec';
import { applyStatus, isStatusByte, noFlags, summarise } from './drivers/printer-escpos/codec';
import { jobBytes } from './drivers/printer-escpos/layout';
import { decodePadCommand, decodePadLine } from './drivers/rating-pad/codec';
import { decodeCode, ScanSplitter } from './drivers/scanner/codec';
import { TEST_CARDS } from './emulators/idcard-sam/cards';
import { EscPosInterpreter } from './emulators/printer-escpos/interpreter';
import { TicketAssembler } from './emulators/printer-escpos/ticket';
import { LineSplitter } from './serial/lines';

const N = 100_000;
const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed);

/** mulberry32: small, fast, seeded. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const bytes = (max: number) => {
    const b = Buffer.allocUnsafe(int(max + 1));
    for (let i = 0; i < b.length; i++) b[i] = int(256);
    return b;
  };
  /** Bit flips, byte changes, insertions, deletions, truncation, duplication. */
  const mutate = (src: Buffer) => {
    let b = Buffer.from(src);
    const rounds = 1 + int(4);
    for (let r = 0; r < rounds; r++) {
      const at = int(Math.max(1, b.length));
      switch (int(6)) {
        case 0:
          if (b.length) b[at] = (b[at] as number) ^ (1 << int(8));
          break;
        case 1:
          if (b.length) b[at] = int(256);
          break;
        case 2:
          b = Buffer.concat([b.subarray(0, at), bytes(8), b.subarray(at)]);
          break;
        case 3:
          b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1 + int(8))]);
          break;
        case 4:
          b = b.subarray(0, at);
          break;
        default:
          b = Buffer.concat([b, b.subarray(at, at + int(32))]);
      }
    }
    return b;
  };
  const pick = <T>(list: readonly T[]) => list[int(list.length)] as T;
  /** Feeds `data` in 1–4 random chunks. */
  const chunks = (data: Buffer) => {
    const out: Buffer[] = [];
    let at = 0;
    const n = 1 + int(4);
    for (let k = 1; k < n; k++) {
      const cut = at + int(data.length - at + 1);
      out.push(data.subarray(at, cut));
      at = cut;
    }
    out.push(data.subarray(at));
    return out;
  };
  return { next, int, bytes, mutate, pick, chunks };
}

describe(`codec fuzzing (seed ${SEED}, ${N} inputs per codec)`, { timeout: 60_000 }, () => {
  it('SAM frames: random and mutated bytes never throw, and a valid frame after garbage decodes', () => {
    const r = rng(SEED);
    const block = encodeTextBlock((TEST_CARDS[0] as (typeof TEST_CARDS)[number]).card);
    const valid = [
      encodeResponse(0x9f, Buffer.alloc(4)),
      encodeResponse(0x90, Buffer.alloc(8)),
      encodeResponse(0x80),
      encodeCommand('findCard'),
      encodeCommand('readText'),
      encodeResponse(0x90, encodeReadData(block)),
    ];
    let misses = 0;
    let decodedAfterGarbage = 0;
    let maxPending = 0;
    const unexplained: number[] = [];
    for (let i = 0; i < N; i++) {
      // Mostly short frames; the 1295-byte read response one time in 50.
      const frame = i % 50 === 0 ? (valid[5] as Buffer) : r.pick(valid.slice(0, 5));
      const garbage = r.next() < 0.5 ? r.bytes(64) : r.mutate(r.pick(valid.slice(0, 5)));
      // The pure functions on their own, on arbitrary input.
      const g = r.next() < 0.5 ? garbage : r.bytes(300);
      scanFrame(g);
      const body = decodeFrame(g) ?? g;
      parseResponse(body);
      parseCommand(body);
      parseReadData(g, r.next() < 0.5);
      if (i % 10 === 0) decodeTextBlock(r.next() < 0.5 ? r.bytes(260).subarray(0, 256) : r.mutate(block).subarray(0, 256));
      // The stream parser: garbage, then the valid frame, in random chunks.
      const s = new SamFrameSplitter();
      const out = r.chunks(Buffer.concat([garbage, frame])).flatMap((c) => s.push(c));
      const want = frame.subarray(7, -1);
      if (out.some((b) => b.equals(want))) decodedAfterGarbage++;
      else {
        misses++;
        // Only a checksum-valid bogus frame, decoded instead, may explain a miss.
        if (out.length === 0) unexplained.push(i);
      }
      maxPending = Math.max(maxPending, s.pending);
    }
    expect(unexplained).toEqual([]);
    expect(maxPending).toBeLessThanOrEqual(4096 + 7);
    expect(decodedAfterGarbage + misses).toBe(N);
    expect(misses / N).toBeLessThan(0.01);
  });

  it('scanner: random bytes never throw, and a code after garbage decodes', () => {
    const r = rng(SEED + 1);
    const terms = { CR: '\r', LF: '\n', CRLF: '\r\n', TAB: '\t' } as const;
    const failures: number[] = [];
    for (let i = 0; i < N; i++) {
      const terminator = r.pick(['CR', 'LF', 'CRLF', 'TAB'] as const);
      const encoding = r.pick(['utf8', 'gb18030', 'latin1'] as const);
      const opts = { terminator, aimPrefix: r.next() < 0.5, encoding };
      decodeCode(r.bytes(80), opts);
      const s = new ScanSplitter(terminator);
      const garbage = r.next() < 0.9 ? r.bytes(80) : Buffer.alloc(4200 + r.int(200), 0x41);
      const code = `APPT-${i}`;
      const data = Buffer.concat([
        garbage,
        Buffer.from(`${terms[terminator]}${opts.aimPrefix ? ']Q1' : ''}${code}${terms[terminator]}`),
      ]);
      const out = r.chunks(data).flatMap((c) => s.push(c));
      s.flush();
      const last = out.at(-1);
      if ((last && decodeCode(last, opts)?.code) !== code) failures.push(i);
    }
    expect(failures).toEqual([]);
  });

  it('printer status: random bytes never throw, only status-shaped bytes count, a real reply decodes', () => {
    const r = rng(SEED + 2);
    const failures: number[] = [];
    for (let i = 0; i < N; i++) {
      let flags = noFlags;
      for (const b of r.bytes(16)) flags = applyStatus(flags, 1 + r.int(5), b);
      summarise(flags, r.next() < 0.5, r.next() < 0.5);
      const noise = r.int(256);
      if (!isStatusByte(noise) && applyStatus(flags, 4, noise) !== flags) failures.push(i);
      // The healthy reply, then paper end, each decode whatever came before.
      if (summarise(applyStatus(applyStatus(flags, 4, 0x12), 2, 0x12), true).paper !== 'ok') failures.push(i);
      if (summarise(applyStatus(flags, 4, 0x72), true).paper !== 'end') failures.push(i);
    }
    expect(failures).toEqual([]);
  });

  it('ESC/POS interpreter (emulator): random and mutated jobs never throw and never hold unbounded bytes', () => {
    const r = rng(SEED + 3);
    const job = jobBytes({
      cut: 'full',
      blocks: [
        { t: 'text', text: '综合业务 A023', size: 3 },
        { t: 'qr', data: 'http://localhost:8080/t/abc' },
      ],
    });
    for (let i = 0; i < N; i++) {
      const interp = new EscPosInterpreter();
      const asm = new TicketAssembler();
      const data = r.next() < 0.5 ? r.bytes(200) : r.mutate(job);
      for (const c of r.chunks(data)) asm.apply(interp.push(c));
    }
    // And an intact job after a clean start still prints.
    const interp = new EscPosInterpreter();
    expect(new TicketAssembler().apply(interp.push(job))).toHaveLength(1);
  });

  it('rating pad and LED lines: random bytes never throw, and a valid line after garbage decodes', () => {
    const r = rng(SEED + 4);
    const failures: number[] = [];
    for (let i = 0; i < N; i++) {
      const garbage = r.next() < 0.95 ? r.bytes(100) : Buffer.alloc(600, 0x52);
      decodePadLine(garbage);
      decodePadCommand(garbage);
      decodeLedCommand(garbage, r.pick(['gb18030', 'utf8'] as const));
      decodeLedReply(garbage);
      const pad = new LineSplitter('\r\n', 64);
      const score = 1 + r.int(5);
      const lines = r.chunks(Buffer.concat([garbage, Buffer.from(`\r\nRATE ${score}\r\n`)])).flatMap((c) => pad.push(c));
      const pm = decodePadLine(lines.at(-1) as Buffer);
      if (pm?.t !== 'rating' || pm.score !== score) failures.push(i);
      const led = new LineSplitter('\n', 256);
      const replies = r.chunks(Buffer.concat([garbage, Buffer.from('\nOK\n')])).flatMap((c) => led.push(c));
      if (decodeLedReply(replies.at(-1) as Buffer)?.ok !== true) failures.push(i);
    }
    expect(failures).toEqual([]);
  });
});
