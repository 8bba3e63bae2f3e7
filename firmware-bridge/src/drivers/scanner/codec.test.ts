import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeCode, encodeCode, ScanSplitter } from './codec';
import { MAX_CODE_BYTES } from './constants';

const opts = { terminator: 'CR', aimPrefix: false, encoding: 'utf8' } as const;

describe('scanner codec', () => {
  it('splits codes at each configured terminator', () => {
    for (const [terminator, bytes] of [
      ['CR', '\r'],
      ['LF', '\n'],
      ['CRLF', '\r\n'],
      ['TAB', '\t'],
    ] as const) {
      const s = new ScanSplitter(terminator);
      const out = s.push(Buffer.from(`ABC123${bytes}https://x.example/q?a=1${bytes}tail`));
      expect(
        out.map((b) => b.toString()),
        terminator,
      ).toEqual(['ABC123', 'https://x.example/q?a=1']);
      expect(s.flush()?.toString()).toBe('tail');
    }
  });

  it('keeps a code split across chunks, and with no terminator waits for the flush (inter-byte timeout)', () => {
    const s = new ScanSplitter('CR');
    expect(s.push(Buffer.from('APPT-2025'))).toEqual([]);
    expect(s.push(Buffer.from('-0042\rX')).map(String)).toEqual(['APPT-2025-0042']);
    const none = new ScanSplitter('none');
    expect(none.push(Buffer.from('NO-TERMINATOR'))).toEqual([]);
    expect(none.flush()?.toString()).toBe('NO-TERMINATOR');
    expect(none.flush()).toBeNull();
  });

  it('strips an AIM symbology prefix when configured, and stray CR/LF of a mismatched terminator', () => {
    expect(decodeCode(Buffer.from(']Q1https://hub/t/abc'), { ...opts, aimPrefix: true })).toEqual({
      code: 'https://hub/t/abc',
      symbology: ']Q1',
    });
    expect(decodeCode(Buffer.from(']Q1https://hub/t/abc'), opts)).toEqual({ code: ']Q1https://hub/t/abc' });
    expect(decodeCode(Buffer.from('\nCODE'), opts)).toEqual({ code: 'CODE' });
    expect(decodeCode(Buffer.from('\r\n'), opts)).toBeNull();
  });

  it('decodes GB18030 scanners and round-trips the emulator encoding', () => {
    const gb = { ...opts, encoding: 'gb18030', aimPrefix: true } as const;
    expect(decodeCode(iconv.encode('医保凭证123', 'gb18030'), gb)).toEqual({ code: '医保凭证123' });
    const wire = encodeCode('医保凭证123', gb, ']Q1');
    expect(wire.at(-1)).toBe(0x0d);
    expect(decodeCode(wire.subarray(0, -1), gb)).toEqual({ code: '医保凭证123', symbology: ']Q1' });
  });

  it('drops a runaway line longer than any real code', () => {
    const s = new ScanSplitter('CR');
    expect(s.push(Buffer.alloc(MAX_CODE_BYTES + 10, 0x41))).toEqual([]);
    expect(s.push(Buffer.alloc(100, 0x42))).toEqual([]); // still the same runaway line
    expect(s.push(Buffer.from('\rOK\r')).map(String)).toEqual(['OK']);
    expect(s.stats.overlong).toBe(1);
  });
});
