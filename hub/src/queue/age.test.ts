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
