import { describe, expect, it } from 'vitest';
import { ScreenNames } from './screen-names';

describe('masked names on screens, for the day', () => {
  it('keeps only masked names, shows them by the service setting, and forgets them all at a new day', () => {
    const names = new ScreenNames();
    names.forgetAll('2026-03-02');
    names.remember('t1', '张*丰', '2026-03-02');
    names.remember('t2', '李四', '2026-03-02'); // a clear name: never kept
    expect(names.size).toBe(1);
    expect(names.of({ id: 't2' })).toBeUndefined();
    expect(names.shown({ id: 't1' }, undefined)).toEqual({});
    expect(names.shown({ id: 't1' }, 'number')).toEqual({});
    expect(names.shown({ id: 't1' }, 'masked')).toEqual({ name: '张*丰', nameOnly: true });
    expect(names.shown({ id: 't1' }, 'number+masked')).toEqual({ name: '张*丰' });
    expect(names.shown({ id: 't9' }, 'masked')).toEqual({});
    // A transfer's continuation keeps its visitor's name.
    expect(names.of({ id: 't1b', transferredFrom: 't1' })).toBe('张*丰');
    // A name of the next day starts the day afresh; the roll-over forgets every name.
    names.remember('t3', '欧**娜', '2026-03-03');
    expect(names.of({ id: 't1' })).toBeUndefined();
    expect(names.size).toBe(1);
    names.forgetAll('2026-03-04');
    expect(names.size).toBe(0);
  });
});
