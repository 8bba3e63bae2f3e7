import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, identityRule, parseKioskConfig } from './config';

const parse = (q: string) => parseKioskConfig(new URLSearchParams(q));

describe('parseKioskConfig', () => {
  it('has defaults for an empty URL', () => {
    expect(parse('')).toEqual(DEFAULT_CONFIG);
  });

  it('reads every setting', () => {
    const c = parse(
      'device=kiosk-2&idle=30&confirm=15&identity=none,C:required,B:optional&methods=phone,card&voice=on&lang=en&window=20,5',
    );
    expect(c).toEqual({
      device: 'kiosk-2',
      idleMs: 30_000,
      confirmMs: 15_000,
      identityDefault: 'none',
      identity: { C: 'required', B: 'optional' },
      methods: ['phone', 'card'],
      voice: 'on',
      lang: 'en',
      appointmentWindow: { earlyMs: 20 * 60_000, graceMs: 5 * 60_000 },
    });
    expect(identityRule(c, 'C')).toBe('required');
    expect(identityRule(c, 'A')).toBe('none');
  });

  it('falls back on invalid values and clamps times (a typo must not lock a kiosk)', () => {
    const c = parse('device=bad/id&idle=1&confirm=9999&identity=C:always,x&methods=fax&voice=loud&lang=fr');
    expect(c.device).toBeNull();
    expect(c.idleMs).toBe(5_000);
    expect(c.confirmMs).toBe(120_000);
    expect(c.identity).toEqual({});
    expect(c.identityDefault).toBe('optional');
    expect(c.methods).toEqual(DEFAULT_CONFIG.methods);
    expect(c.voice).toBe('elderly');
    expect(c.lang).toBe('zh');
    expect(parse('idle=abc').idleMs).toBe(DEFAULT_CONFIG.idleMs);
  });
});
