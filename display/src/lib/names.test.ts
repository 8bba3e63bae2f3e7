import { describe, expect, it } from 'vitest';
import { mainLabel, subLabel } from './names';

describe('a ticket on a screen', () => {
  it('number only, name only, number + name', () => {
    expect([mainLabel({ number: 'A023' }), subLabel({ number: 'A023' })]).toEqual(['A023', null]);
    expect([
      mainLabel({ number: 'A023', name: '张*三', nameOnly: true }),
      subLabel({ number: 'A023', name: '张*三', nameOnly: true }),
    ]).toEqual(['张*三', null]);
    expect([mainLabel({ number: 'A023', name: '张*三' }), subLabel({ number: 'A023', name: '张*三' })]).toEqual([
      'A023',
      '张*三',
    ]);
  });

  it('name only without a name read at check-in shows the number', () => {
    expect(mainLabel({ number: 'A023', nameOnly: true })).toBe('A023');
  });
});
