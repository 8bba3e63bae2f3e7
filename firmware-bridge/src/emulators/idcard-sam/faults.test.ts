import { describe, expect, it } from 'vitest';
import { encodeResponse, scanFrame } from '../../drivers/idcard-sam/codec';
import { Sw3 } from '../../drivers/idcard-sam/constants';
import { SamFrameSplitter } from '../../drivers/idcard-sam/parser';
import { BOUNCE_PATTERNS, chunks, corruptFrame, noise, rng } from './faults';

const reply = encodeResponse(Sw3.success, Buffer.from('0123456789abcdef'));

describe('reader faults', () => {
  it('a checksum fault is a bad frame; a length fault leaves the parser waiting; a truncated frame is incomplete', () => {
    expect(scanFrame(corruptFrame(reply, 'checksum'))).toEqual({ kind: 'bad', reason: 'checksum' });
    expect(scanFrame(corruptFrame(reply, 'length')).kind).toBe('need');
    const cut = corruptFrame(reply, 'truncate');
    expect(cut.length).toBeLessThan(reply.length);
    expect(scanFrame(cut).kind).toBe('need');
    // The original is untouched.
    expect(scanFrame(reply).kind).toBe('frame');
  });

  it('noise is reproducible, never starts a preamble, and the parser reads through it and through chunks', () => {
    const a = noise(64, rng(7));
    expect(a).toEqual(noise(64, rng(7)));
    expect(a.includes(0xaa)).toBe(false);
    const s = new SamFrameSplitter();
    const frames = chunks(Buffer.concat([a, reply]), 5).flatMap((c) => s.push(c));
    expect(frames).toHaveLength(1);
    expect(chunks(reply, 1000)).toEqual([reply]);
  });

  it('bounce patterns keep every gap well inside the 1.5 s bounce window', () => {
    for (const pattern of Object.values(BOUNCE_PATTERNS))
      for (let i = 1; i < pattern.length; i += 2) expect(pattern[i]).toBeLessThanOrEqual(1000);
  });
});
