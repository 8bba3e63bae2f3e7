import { describe, expect, it } from 'vitest';
import { calledBeforeText } from './called-before';

describe('calledBeforeText', () => {
  const cb = { total: 4, byReason: { return: 1, priority: 2, transfer: 1 } };
  it('explains who went first and why, most frequent reason first', () => {
    expect(calledBeforeText(cb, 'en')).toBe(
      '4 people who came after you were called first: 2 Priority, 1 Returning, 1 transferred visit',
    );
    expect(calledBeforeText(cb, 'zh')).toBe('比您晚到但先被叫号的有 4 位：2 位优先、1 位回访、1 位转办');
  });
  it('names a supervisor’s pick and a missed call put back', () => {
    const picked = { total: 3, byReason: { pick: 1, missed: 1, priority: 1 } };
    expect(calledBeforeText(picked, 'en')).toBe(
      '3 people who came after you were called first: 1 Missed call, 1 supervisor’s pick, 1 Priority',
    );
    expect(calledBeforeText(picked, 'zh')).toBe('比您晚到但先被叫号的有 3 位：1 位过号、1 位主管特批、1 位优先');
  });
  it('says nothing when nobody went first', () => {
    expect(calledBeforeText({ total: 0, byReason: {} }, 'en')).toBeUndefined();
    expect(calledBeforeText(undefined, 'zh')).toBeUndefined();
  });
});
