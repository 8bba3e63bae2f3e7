/** The phone number typed on the on-screen keypad: digits only, a mainland mobile number. */
export const PHONE_DIGITS = 11;

export function pressDigit(current: string, digit: string): string {
  if (!/^\d$/.test(digit) || current.length >= PHONE_DIGITS) return current;
  return current + digit;
}

export function backspace(current: string): string {
  return current.slice(0, -1);
}

/** 1, then 3–9, then nine digits: what the hub masks as 138****5678. */
export function isValidPhone(value: string): boolean {
  return /^1[3-9]\d{9}$/.test(value);
}

/** `138 1234 5678` as it is typed, for reading back on screen. */
export function formatPhone(value: string): string {
  return [value.slice(0, 3), value.slice(3, 7), value.slice(7, 11)].filter((p) => p !== '').join(' ');
}

/**
 * What is wrong with a typed number, said precisely: too short (with how many digits are there),
 * or 11 digits that are not a mainland mobile number (it must start 13–19). `null` when valid.
 */
export function phoneProblem(value: string): { key: 'phoneInvalid' | 'phoneNotMobile'; n: number } | null {
  if (isValidPhone(value)) return null;
  return { key: value.length < PHONE_DIGITS ? 'phoneInvalid' : 'phoneNotMobile', n: value.length };
}
