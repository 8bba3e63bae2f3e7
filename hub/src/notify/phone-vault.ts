/**
 * Phones as personal data (docs/notifications.md): a number kept to send texts is sealed with
 * AES-256-GCM under a key derived from the site secret (HKDF, its own label, so the key that
 * seals phones is not the key that hashes identities), and opened only to hand it to the
 * transport. The keyed HMAC (the same as a phone identity's, security/identity.ts) stays for
 * repeat-visit analytics after the sealed number is erased; people see the masked form only.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { normalise, protectIdentity } from '../security/identity';

const FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface ProtectedPhone {
  /** `v1.<base64 iv|tag|ciphertext>`: what may be written to disk. */
  sealed: string;
  hmac: string;
  masked: string;
}

export class PhoneVault {
  private readonly key: Buffer;

  constructor(private readonly siteSecret: string) {
    this.key = Buffer.from(hkdfSync('sha256', siteSecret, 'callboard', 'phone-vault v1', 32));
  }

  /** Normalises, validates (throws VALIDATION_FAILED) and seals a clear number. */
  protect(phone: string): ProtectedPhone {
    const identity = protectIdentity({ kind: 'phone', value: phone }, this.siteSecret);
    return { sealed: this.seal(normalise('phone', phone)), hmac: identity.hmac, masked: identity.masked };
  }

  seal(clear: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(clear, 'utf8'), cipher.final()]);
    return `${FORMAT}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  /** The clear number, to hand to the transport only; throws if it was tampered with or sealed under another secret. */
  open(sealed: string): string {
    const [format, data] = sealed.split('.');
    if (format !== FORMAT || !data) throw new Error('not a sealed phone');
    const raw = Buffer.from(data, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}
