import { describe, expect, it } from 'vitest';
import { FIND_OK, readResponse, SELECT_OK, zhangSanFengBlock } from './fixtures';
import { SamFrameSplitter } from './parser';

const body = (frame: Buffer) => frame.subarray(7, -1);

describe('resynchronising SAM parser', () => {
  it('splits two frames that arrive in one chunk', () => {
    const s = new SamFrameSplitter();
    expect(s.push(Buffer.concat([FIND_OK, SELECT_OK]))).toEqual([body(FIND_OK), body(SELECT_OK)]);
    expect(s.pending).toBe(0);
  });

  it('assembles a 1295-byte frame fed one byte at a time', () => {
    const s = new SamFrameSplitter();
    const frame = readResponse(zhangSanFengBlock());
    const out: Buffer[] = [];
    for (const b of frame) out.push(...s.push(Buffer.from([b])));
    expect(out).toEqual([body(frame)]);
  });

  it('skips leading garbage, including a partial preamble', () => {
    const s = new SamFrameSplitter();
    const garbage = Buffer.from('0102AAAA96AA00', 'hex');
    expect(s.push(Buffer.concat([garbage, FIND_OK]))).toEqual([body(FIND_OK)]);
    expect(s.stats.droppedBytes).toBe(garbage.length);
  });

  it('drops a frame with a bad checksum and still decodes the next one', () => {
    const s = new SamFrameSplitter();
    const bad = Buffer.from(SELECT_OK);
    bad[12] = (bad[12] as number) ^ 0xff;
    expect(s.push(Buffer.concat([bad, FIND_OK]))).toEqual([body(FIND_OK)]);
    expect(s.stats.badFrames).toBeGreaterThanOrEqual(1);
  });

  it('does not wait forever behind a frame whose length bytes were corrupted', () => {
    const s = new SamFrameSplitter();
    const corrupt = Buffer.from(FIND_OK);
    corrupt.writeUInt16BE(0x0800, 5); // says 2048 bytes follow; only a few do
    expect(s.push(Buffer.concat([corrupt, SELECT_OK]))).toEqual([body(SELECT_OK)]);
  });

  it('keeps a preamble split across chunks', () => {
    const s = new SamFrameSplitter();
    expect(s.push(FIND_OK.subarray(0, 2))).toEqual([]);
    expect(s.push(FIND_OK.subarray(2, 6))).toEqual([]);
    expect(s.push(FIND_OK.subarray(6))).toEqual([body(FIND_OK)]);
  });
});
