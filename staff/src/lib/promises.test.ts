import { describe, expect, it } from 'vitest';
import { promisesKept } from './promises';

describe('promisesKept', () => {
  const p = { called: 6, inside: 5, early: 0, late: 1, share: 5 / 6, medianWidthSec: 420 };
  it('says the share kept, how many were late and how wide the ranges were, in both languages', () => {
    expect(promisesKept(p, 'en')).toBe('83% (5/6), 1 late · ranges 7 min wide');
    expect(promisesKept(p, 'zh')).toBe('83%（5/6），超出 1 人 · 区间宽 7 分钟');
  });
  it('shows a dash before anybody was called', () => {
    expect(promisesKept({ ...p, called: 0, inside: 0, late: 0, share: null, medianWidthSec: null }, 'en')).toBe('—');
  });
});
