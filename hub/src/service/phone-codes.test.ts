import { describe, expect, it } from 'vitest';
import { PHONE_CODE_LIMITS, PhoneCodes } from './phone-codes';

const SECRET = 'test-secret-for-phone-codes-000000';
const T = Date.UTC(2026, 11, 7, 2, 0);

function codes(sent: { phone: string; code: string }[] = []) {
  let n = 0;
  const sender = { sendCode: (p: { phone: string; code: string }) => void sent.push(p) };
  return new PhoneCodes(
    SECRET,
    () => sender,
    () => String(123450 + n++),
  );
}

describe('phone codes', () => {
  it('sends a code to the number and accepts it once, answering the number’s HMAC and mask only', async () => {
    const sent: { phone: string; code: string }[] = [];
    const c = codes(sent);
    await c.request('138 0013 8000', 'zh', '10.0.0.1', T);
    expect(sent).toEqual([expect.objectContaining({ phone: '138 0013 8000', code: '123450' })]);
    const id = c.verify('+8613800138000', '123450', T + 1000);
    expect(id).toMatchObject({ kind: 'phone', masked: '138****8000' });
    expect(JSON.stringify(id)).not.toContain('13800138000');
    expect(() => c.verify('13800138000', '123450', T + 2000)).toThrow(expect.objectContaining({ code: 'PHONE_CODE_INVALID' }));
  });

  it('refuses a wrong code, an expired code, and a code after too many wrong tries', async () => {
    const c = codes();
    await c.request('13800138000', 'zh', '10.0.0.1', T);
    expect(() => c.verify('13800138000', '999999', T)).toThrow(expect.objectContaining({ code: 'PHONE_CODE_INVALID' }));
    expect(() => c.verify('13800138000', '123450', T + PHONE_CODE_LIMITS.ttlMs)).toThrow(
      expect.objectContaining({ code: 'PHONE_CODE_INVALID' }),
    );
    await c.request('13800138001', 'zh', '10.0.0.2', T);
    for (let i = 0; i < PHONE_CODE_LIMITS.attempts; i++) expect(() => c.verify('13800138001', '000000', T)).toThrow();
    // The right code no longer works once the tries are used up.
    expect(() => c.verify('13800138001', '123451', T)).toThrow(expect.objectContaining({ code: 'PHONE_CODE_INVALID' }));
  });

  it('caps codes per number and per address in any hour', async () => {
    const c = codes();
    for (let i = 0; i < PHONE_CODE_LIMITS.perPhonePerHour; i++) await c.request('13800138000', 'zh', `10.0.0.${i}`, T + i);
    await expect(c.request('13800138000', 'zh', '10.0.1.1', T + 10)).rejects.toMatchObject({ code: 'REMOTE_JOIN_LIMIT' });
    await c.request('13800138000', 'zh', '10.0.1.1', T + 60 * 60_000 + 10); // an hour later
    const d = codes();
    for (let i = 0; i < PHONE_CODE_LIMITS.perAddressPerHour; i++)
      await d.request(`1380013${String(i).padStart(4, '0')}`, 'zh', '10.9.9.9', T);
    await expect(d.request('13900000000', 'zh', '10.9.9.9', T)).rejects.toMatchObject({ code: 'REMOTE_JOIN_LIMIT' });
  });

  it('without an SMS sender the site offers no codes', async () => {
    const c = new PhoneCodes(SECRET, () => undefined);
    expect(c.available).toBe(false);
    await expect(c.request('13800138000', 'zh', '10.0.0.1', T)).rejects.toMatchObject({ code: 'PHONE_CODES_OFF' });
  });
});
