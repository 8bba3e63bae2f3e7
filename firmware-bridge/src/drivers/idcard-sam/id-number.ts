/**
 * Card number checks of the bridge. The 18-character check digit (ISO 7064 MOD 11-2) is the
 * hub's own rule, from the shared protocol; the bridge refuses a number that fails it (a misread)
 * before it ever leaves the kiosk PC.
 */
export { idCheckChar, isValidIdNumber } from '@callboard/hub/protocol';

/** Old foreign permanent resident card number: nationality letters + 12 digits (no check digit to verify). */
export function isValidForeignOldNumber(n: string): boolean {
  return /^[A-Z]{3}\d{12}$/.test(n);
}
