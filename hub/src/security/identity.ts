/**
 * Identity handling, privacy by design: a raw ID number, phone number or QR payload is turned
 * into a keyed HMAC (to match repeat visits and duplicates) and a masked form (for humans)
 * the moment it arrives, and the raw value is dropped. Nothing here logs or stores raw input.
 */
import { createHmac } from 'node:crypto';
import { CallboardError, type IdentityInput, isValidIdNumber, type StoredIdentity } from '../protocol';

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

/** The one name mask (protocol/rooms.ts): `张三` → `张*`, `张三丰` → `张*丰`, `欧阳娜娜` → `欧**娜`. */
export { maskName } from '../protocol';

function maskOpaque(value: string): string {
  return value.length <= 4 ? '****' : `****${value.slice(-4)}`;
}

/**
 * The group pseudonym (`uplink.groupKey`): the same person gives the same value at every site of
 * the group, unlike the site's own hash. 64 bits: enough to tell visitors apart within a window,
 * and a shorter handle than the full HMAC.
 */
export function groupPseudonym(kind: IdentityInput['kind'], normalisedValue: string, groupKey: string): string {
  return createHmac('sha256', groupKey).update(`callboard-group:${kind}:${normalisedValue}`).digest('hex').slice(0, 16);
}

/** The group pseudonym of a number as given (normalised first, as at issue). */
export function groupPseudonymOf(input: IdentityInput, groupKey: string): string {
  return groupPseudonym(input.kind, normalise(input.kind, input.value), groupKey);
}

export function protectIdentity(input: IdentityInput, secret: string, groupKey?: string): StoredIdentity {
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
  return { kind: input.kind, hmac, masked, ...(groupKey ? { group: groupPseudonym(input.kind, value, groupKey) } : {}) };
}
