import { describe, expect, it } from 'vitest';
import { packSeptets, toSeptets } from './gsm7';
import { decodeStatusReport, decodeSubmit, encodeStatusReport, encodeSubmit } from './pdu';

const join = (hexes: string[]) =>
  hexes
    .map((h) => decodeSubmit(h))
    .sort((a, b) => (a?.concat?.seq ?? 0) - (b?.concat?.seq ?? 0))
    .map((d) => d?.text)
    .join('');

describe('SMS PDUs', () => {
  it('packs GSM 7-bit septets as 23.038 says ("hellohello" → E8329BFD4697D9EC37)', () => {
    expect(
      packSeptets(toSeptets('hellohello') as number[])
        .toString('hex')
        .toUpperCase(),
    ).toBe('E8329BFD4697D9EC37');
  });

  it('builds a plain SMS-SUBMIT byte for byte: first octet, number in semi-octets, DCS, length', () => {
    const [pdu] = encodeSubmit('+8613812345678', 'hellohello', { ref: 1, statusReport: false });
    // 00 SMSC | 01 SUBMIT | 00 MR | 0D 91 683118325476F8 | 00 PID | 00 DCS | 0A UDL | UD
    expect(pdu?.hex).toBe('0001000D91683118325476F800000AE8329BFD4697D9EC37');
    expect(pdu?.tpduLength).toBe(pdu ? pdu.hex.length / 2 - 1 : 0);
  });

  it('sends Chinese in UCS-2 and reads it back', () => {
    const text = 'A023号：前面还有3人，请回到候诊区';
    const pdus = encodeSubmit('13812345678', text, { ref: 7, statusReport: true });
    expect(pdus).toHaveLength(1);
    const d = decodeSubmit(pdus[0]?.hex as string);
    expect(d).toMatchObject({ to: '13812345678', text, statusReport: true, dcs: 0x08 });
    expect(d?.concat).toBeUndefined();
  });

  it('splits a long Chinese text in 67-character parts with a concatenation header', () => {
    const text = '您好'.repeat(50); // 100 characters
    const pdus = encodeSubmit('13812345678', text, { ref: 42, statusReport: false });
    expect(pdus).toHaveLength(2);
    const parts = pdus.map((p) => decodeSubmit(p.hex));
    expect(parts.map((p) => p?.concat)).toEqual([
      { ref: 42, total: 2, seq: 1 },
      { ref: 42, total: 2, seq: 2 },
    ]);
    expect(parts[0]?.text).toHaveLength(67);
    expect(join(pdus.map((p) => p.hex))).toBe(text);
  });

  it('splits a long plain text in 153-septet parts and keeps escapes whole', () => {
    const text = `${'x'.repeat(152)}{${'y'.repeat(200)}`;
    const pdus = encodeSubmit('+4917612345678', text, { ref: 3, statusReport: false });
    expect(pdus).toHaveLength(3);
    expect(decodeSubmit(pdus[0]?.hex as string)?.text).toBe('x'.repeat(152));
    expect(join(pdus.map((p) => p.hex))).toBe(text);
  });

  it('keeps plain text up to 160 characters in one GSM 7-bit part', () => {
    const pdus = encodeSubmit('13812345678', 'a'.repeat(160), { ref: 1, statusReport: false });
    expect(pdus).toHaveLength(1);
    expect(decodeSubmit(pdus[0]?.hex as string)?.dcs).toBe(0);
  });

  it('reads a delivery report: reference, delivered or failed, final or not', () => {
    expect(decodeStatusReport(encodeStatusReport(17, '13812345678', 0x00))).toEqual({
      ref: 17,
      status: 0,
      delivered: true,
      final: true,
    });
    expect(decodeStatusReport(encodeStatusReport(18, '13812345678', 0x41))).toMatchObject({ delivered: false, final: true });
    expect(decodeStatusReport(encodeStatusReport(19, '13812345678', 0x20))).toMatchObject({ delivered: false, final: false });
  });

  it('never throws on bytes it cannot read', () => {
    for (let i = 0; i < 2000; i++) {
      const hex = Buffer.from(Array.from({ length: (i % 60) + 1 }, () => Math.floor(Math.random() * 256))).toString('hex');
      expect(() => decodeSubmit(hex)).not.toThrow();
      expect(() => decodeStatusReport(hex)).not.toThrow();
    }
    expect(decodeSubmit('zz')).toBeNull();
    expect(decodeSubmit('')).toBeNull();
  });
});
