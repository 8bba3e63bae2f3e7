import { describe, expect, it } from 'vitest';
import { protectIdentity } from '../security/identity';
import { PhoneVault } from './phone-vault';

const SECRET = 'a-site-secret-of-at-least-32-characters!!';

describe('phone vault', () => {
  it('seals a number so that the sealed form does not contain it, and opens it again', () => {
    const vault = new PhoneVault(SECRET);
    const p = vault.protect('+86 138-1234-5678');
    expect(p.sealed).not.toContain('13812345678');
    expect(p.sealed).not.toContain('5678');
    expect(vault.open(p.sealed)).toBe('13812345678');
    expect(p.masked).toBe('138****5678');
    // The same keyed hash as a phone identity: repeat visits match across tickets and appointments.
    expect(p.hmac).toBe(protectIdentity({ kind: 'phone', value: '13812345678' }, SECRET).hmac);
  });

  it('seals the same number differently each time (random IV)', () => {
    const vault = new PhoneVault(SECRET);
    expect(vault.protect('13812345678').sealed).not.toBe(vault.protect('13812345678').sealed);
  });

  it('refuses a tampered seal and a seal from another site secret', () => {
    const vault = new PhoneVault(SECRET);
    const { sealed } = vault.protect('13812345678');
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[raw.length - 1] = (raw[raw.length - 1] as number) ^ 1;
    expect(() => vault.open(`v1.${raw.toString('base64')}`)).toThrow();
    expect(() => new PhoneVault(`${SECRET}-other`).open(sealed)).toThrow();
  });

  it('refuses what is not a phone number', () => {
    expect(() => new PhoneVault(SECRET).protect('call me maybe')).toThrow(/5–15 digits/);
  });
});
