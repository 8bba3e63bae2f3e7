import { describe, expect, it } from 'vitest';
import { ageOn, birthDateFromIdNumber } from './age';

describe('birthDateFromIdNumber', () => {
  it('reads YYYYMMDD from an 18-character number and YYMMDD (1900s) from a 15-digit one', () => {
    expect(birthDateFromIdNumber('11010519491231002X')).toBe('1949-12-31');
    expect(birthDateFromIdNumber('11010519491231002x')).toBe('1949-12-31');
    expect(birthDateFromIdNumber('810000199001011234')).toBe('1990-01-01'); // HK residence permit layout
    expect(birthDateFromIdNumber('110105491231002')).toBe('1949-12-31');
  });

  it('refuses what has no valid date where the date should be', () => {
    expect(birthDateFromIdNumber('110105194902300021')).toBeUndefined(); // 30 February
    expect(birthDateFromIdNumber('110105194913010021')).toBeUndefined(); // month 13
    expect(birthDateFromIdNumber('13800138000')).toBeUndefined();
    expect(birthDateFromIdNumber('')).toBeUndefined();
    expect(birthDateFromIdNumber('A1010519491231002X')).toBeUndefined();
  });
});

describe('ageOn', () => {
  it('counts completed years', () => {
    expect(ageOn('1956-03-02', '2026-03-02')).toBe(70);
    expect(ageOn('1956-03-03', '2026-03-02')).toBe(69);
    expect(ageOn('1956-02-15', '2026-03-02')).toBe(70);
    expect(ageOn('1956-12-31', '2026-01-01')).toBe(69);
  });

  it('a 29 February birthday counts from 1 March in common years', () => {
    expect(ageOn('1956-02-29', '2026-02-28')).toBe(69);
    expect(ageOn('1956-02-29', '2026-03-01')).toBe(70);
    expect(ageOn('1956-02-29', '2028-02-29')).toBe(72);
  });
});

describe('birthDateFromIdNumber at the edges of the format', () => {
  it('ignores spaces around the number', () => {
    expect(birthDateFromIdNumber(' 11010519491231002X\n')).toBe('1949-12-31');
  });

  it('takes 18 or 15 characters exactly: one more or one less is no ID number', () => {
    expect(birthDateFromIdNumber('1101051949123100211')).toBeUndefined(); // 19 digits
    expect(birthDateFromIdNumber('11010519491231002')).toBeUndefined(); // 17 digits
    expect(birthDateFromIdNumber('1101054912310021')).toBeUndefined(); // 16 digits
    expect(birthDateFromIdNumber('11010549123100')).toBeUndefined(); // 14 digits
  });

  it('refuses the years 0000–0099 and a day 00 or 32', () => {
    expect(birthDateFromIdNumber('110105004912310021')).toBeUndefined();
    expect(birthDateFromIdNumber('110105194905000021')).toBeUndefined();
    expect(birthDateFromIdNumber('110105194901320021')).toBeUndefined();
    expect(birthDateFromIdNumber('110105194901310021')).toBe('1949-01-31');
  });
});

describe('ageOn, a birthday later in the year on a later day of the month', () => {
  it('not yet had in March when born on 1 May', () => {
    expect(ageOn('1956-05-01', '2026-03-02')).toBe(69);
    expect(ageOn('1956-05-01', '2026-05-01')).toBe(70);
  });
});
