import { describe, expect, it } from 'vitest';
import { maskName, shownName } from './rooms';

describe('names on screens', () => {
  it('shows nothing without a masked name or in number mode; the masked name alone or beside the number', () => {
    expect(shownName('masked', undefined)).toEqual({});
    expect(shownName('masked', '')).toEqual({});
    expect(shownName(undefined, '张*三')).toEqual({});
    expect(shownName('number', '张*三')).toEqual({});
    expect(shownName('masked', '张*三')).toEqual({ name: '张*三', nameOnly: true });
    expect(shownName('number+masked', '张*三')).toEqual({ name: '张*三' });
  });

  it('masks every length from 1 to 8: first and last character only (two or fewer: the first and a star)', () => {
    const names = ['王', '张三', '张三丰', '欧阳娜娜', '阿依古丽娜', '一二三四五六', '一二三四五六七', '一二三四五六七八'];
    expect(names.map(maskName)).toEqual(['王*', '张*', '张*丰', '欧**娜', '阿***娜', '一****六', '一*****七', '一******八']);
  });
});
