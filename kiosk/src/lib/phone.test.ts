import { describe, expect, it } from 'vitest';
import { backspace, formatPhone, isValidPhone, PHONE_DIGITS, phoneProblem, pressDigit } from './phone';

describe('phone keypad', () => {
  it('takes digits up to 11, and nothing else', () => {
    let v = '';
    for (const d of '1381234567890x') v = pressDigit(v, d);
    expect(v).toBe('13812345678');
    expect(v).toHaveLength(PHONE_DIGITS);
    expect(pressDigit('12', 'a')).toBe('12');
    expect(backspace(v)).toBe('1381234567');
    expect(backspace('')).toBe('');
  });

  it('accepts mainland mobile numbers only', () => {
    expect(isValidPhone('13812345678')).toBe(true);
    expect(isValidPhone('19912345678')).toBe(true);
    expect(isValidPhone('12812345678')).toBe(false);
    expect(isValidPhone('1381234567')).toBe(false);
  });

  it('groups digits 3-4-4 as they are typed', () => {
    expect(formatPhone('138')).toBe('138');
    expect(formatPhone('13812')).toBe('138 12');
    expect(formatPhone('13812345678')).toBe('138 1234 5678');
  });
});

describe('phoneProblem', () => {
  it('tells a number too short from 11 digits that are not a mobile number', () => {
    expect(phoneProblem('13812345678')).toBeNull();
    expect(phoneProblem('1381234')).toEqual({ key: 'phoneInvalid', n: 7 });
    expect(phoneProblem('23812345678')).toEqual({ key: 'phoneNotMobile', n: 11 });
    expect(phoneProblem('12012345678')).toEqual({ key: 'phoneNotMobile', n: 11 });
  });
});
