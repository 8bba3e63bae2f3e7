import { describe, expect, it } from 'vitest';
import { decodeLedCommand, decodeLedReply, encodeLedCommand, encodeLedReply } from './codec';

describe('LED counter screen line protocol', () => {
  it('sends text as GB18030 after TEXT, and reads it back', () => {
    const wire = encodeLedCommand({ t: 'text', text: '请 A023 号到3号窗口' }, 'gb18030', '\r\n');
    expect(wire.subarray(0, 5).toString()).toBe('TEXT ');
    expect(wire.includes(Buffer.from('c7eb', 'hex'))).toBe(true); // 请 in GB18030
    expect(decodeLedCommand(wire.subarray(0, -2), 'gb18030')).toEqual({ t: 'text', text: '请 A023 号到3号窗口' });
  });

  it('replaces control characters (they would end the line early) and caps the length', () => {
    const wire = encodeLedCommand({ t: 'text', text: 'A\r\nB' }, 'utf8', '\r\n', 64);
    expect(wire.toString()).toBe('TEXT A  B\r\n');
    expect(encodeLedCommand({ t: 'text', text: '0123456789' }, 'utf8', '\n', 4).toString()).toBe('TEXT 0123\n');
  });

  it('encodes brightness and clear, and decodes acknowledgements', () => {
    expect(encodeLedCommand({ t: 'bright', level: 12 }, 'utf8', '\n').toString()).toBe('BRIGHT 9\n');
    expect(encodeLedCommand({ t: 'clear' }, 'utf8', '\n').toString()).toBe('CLEAR\n');
    expect(decodeLedReply(Buffer.from('OK'))).toEqual({ ok: true });
    expect(decodeLedReply(Buffer.from('ERR too long'))).toEqual({ ok: false, reason: 'too long' });
    expect(decodeLedReply(Buffer.from('??'))).toBeNull();
    expect(encodeLedReply({ ok: false, reason: 'x' }, '\n').toString()).toBe('ERR x\n');
  });
});
