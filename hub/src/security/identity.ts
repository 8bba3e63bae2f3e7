/**
 * Identity handling, privacy by design: a raw ID number, phone number or QR payload is turned
 * into a keyed HMAC (to match repeat visits and duplicates) and a masked form (for humans)
 * the moment it arrives, and the raw value is dropped. Nothing here logs or stores raw input.
 */
import { createHmac } from 'node:crypto';
import { CallboardError, type IdentityInput, type StoredIdentity } from '../protocol';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** ISO 7064 MOD 11-2 check character of the first 17 digits of a resident ID number. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] as number);
  return ID_CHECK[sum % 11] as string;
}

export function isValidIdNumber(id: string): boolean {
  return /^\d{17}[\dX]$/.test(id) && idCheckChar(id.slice(0, 17)) === id[17];
}

export function normalise(kind: IdentityInput['kind'], value: string): string {
  const v = value.trim();
  if (kind === 'id-card') return v.toUpperCase();
  // Strip the country code only where it is unambiguous: +86, 0086, or 86 before an 11-digit mobile.
  if (kind === 'phone') return v.replace(/[\s-]/g, '').replace(/^(\+86|0086|86(?=1\d{10}$))/, '');
  return v;
}

export function maskIdNumber(id: string): string {
  return `${id.slice(0, 3)}${'*'.repeat(Math.max(0, id.length - 7))}${id.slice(-4)}`;
}

export function maskPhone(phone: string): string {
  // Mobiles (11 digits): 138****5678. Shorter landlines show at most 2 + 2 digits.
  if (phone.length >= 11) return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
  return `${phone.slice(0, 2)}${'*'.repeat(Math.max(1, phone.length - 4))}${phone.slice(-2)}`;
}

/** `张三` → `张*`, `张三丰` → `张*丰`, `欧阳娜娜` → `欧**娜`. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join('');
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

function maskOpaque(value: string): string {
  return value.length <= 4 ? '****' : `****${value.slice(-4)}`;
}

export function protectIdentity(input: IdentityInput, secret: string): StoredIdentity {
  const value = normalise(input.kind, input.value);
  let masked: string;
  if (input.kind === 'id-card') {
    if (!isValidIdNumber(value))
      throw new CallboardError('INVALID_ID_NUMBER', 'the resident ID number is not 18 characters with a valid check digit');
    masked = maskIdNumber(value);
  } else if (input.kind === 'phone') {
    if (!/^\d{5,15}$/.test(value)) throw new CallboardError('VALIDATION_FAILED', 'the phone number must be 5–15 digits');
    masked = maskPhone(value);
  } else {
    masked = maskOpaque(value);
  }
  const hmac = createHmac('sha256', secret).update(`${input.kind}:${value}`).digest('hex');
  return { kind: input.kind, hmac, masked };
}
