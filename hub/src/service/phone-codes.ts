/**
 * One-time codes that prove a visitor holds the phone number they join with. The number is
 * turned into its keyed HMAC at once (security/identity.ts); the clear number only passes
 * through to the sender (the SMS outbox, which keeps it sealed), never into memory here, a log
 * or the disk. A code is 6 digits, kept as an HMAC, valid 5 minutes, 5 tries; 3 codes per
 * number and 10 per address in any hour (docs/security.md "Visitor routes").
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { CallboardError, type Lang, type StoredIdentity } from '../protocol';
import { protectIdentity } from '../security';

/** What sends a code by SMS: the notification outbox implements it (hub/src/notify). */
export interface CodeSender {
  sendCode(p: { phone: string; code: string; lang: Lang; expiresAt: number }): Promise<void> | void;
}

export const PHONE_CODE_LIMITS = {
  ttlMs: 5 * 60_000,
  attempts: 5,
  perPhonePerHour: 3,
  perAddressPerHour: 10,
} as const;

const HOUR_MS = 60 * 60_000;

interface Pending {
  codeMac: Buffer;
  expiresAt: number;
  triesLeft: number;
}

export class PhoneCodes {
  private readonly pending = new Map<string, Pending>();
  private readonly sentToPhone = new Map<string, number[]>();
  private readonly sentFromAddress = new Map<string, number[]>();

  constructor(
    private readonly secret: string,
    private readonly sender: () => CodeSender | undefined,
    private readonly newCode: () => string = () => String(randomInt(0, 1_000_000)).padStart(6, '0'),
  ) {}

  /** Whether the site can send codes at all (an SMS transport is set up). */
  get available(): boolean {
    return this.sender() !== undefined;
  }

  /** Sends a new code to `phone`; the previous one stops working. */
  async request(phone: string, lang: Lang, ip: string, now: number): Promise<{ expiresInSec: number }> {
    const sender = this.sender();
    if (!sender)
      throw new CallboardError(
        'PHONE_CODES_OFF',
        'this site does not send codes by SMS: join on the site’s Wi-Fi or at the kiosk',
      );
    const id = protectIdentity({ kind: 'phone', value: phone }, this.secret);
    const toPhone = recent(this.sentToPhone, id.hmac, now);
    const fromAddress = recent(this.sentFromAddress, ip, now);
    if (toPhone.length >= PHONE_CODE_LIMITS.perPhonePerHour || fromAddress.length >= PHONE_CODE_LIMITS.perAddressPerHour)
      throw new CallboardError(
        'REMOTE_JOIN_LIMIT',
        'too many codes were asked for: please try again later or take a ticket at the kiosk',
      );
    toPhone.push(now);
    fromAddress.push(now);
    const code = this.newCode();
    const expiresAt = now + PHONE_CODE_LIMITS.ttlMs;
    this.pending.set(id.hmac, { codeMac: this.mac(id.hmac, code), expiresAt, triesLeft: PHONE_CODE_LIMITS.attempts });
    await sender.sendCode({ phone, code, lang, expiresAt });
    return { expiresInSec: PHONE_CODE_LIMITS.ttlMs / 1000 };
  }

  /** The protected phone identity if `code` is the live code for `phone`; the code is used up either way once right. */
  verify(phone: string, code: string, now: number): StoredIdentity {
    const id = protectIdentity({ kind: 'phone', value: phone }, this.secret);
    const p = this.pending.get(id.hmac);
    const invalid = () => new CallboardError('PHONE_CODE_INVALID', 'the code is wrong or has expired: ask for a new one');
    if (!p || now >= p.expiresAt || p.triesLeft <= 0) {
      this.pending.delete(id.hmac);
      throw invalid();
    }
    if (!timingSafeEqual(p.codeMac, this.mac(id.hmac, code))) {
      p.triesLeft--;
      if (p.triesLeft <= 0) this.pending.delete(id.hmac);
      throw invalid();
    }
    this.pending.delete(id.hmac);
    return id;
  }

  private mac(phoneHmac: string, code: string): Buffer {
    return createHmac('sha256', this.secret).update(`phone-code:${phoneHmac}:${code}`).digest();
  }
}

function recent(map: Map<string, number[]>, key: string, now: number): number[] {
  const times = (map.get(key) ?? []).filter((t) => now - t < HOUR_MS);
  map.set(key, times);
  return times;
}
