import { describe, expect, it } from 'vitest';
import { heardAgo, percent, waitMinutes } from './central';

describe('central console figures', () => {
  it('says how long ago a site was heard', () => {
    expect(heardAgo(null, 0)).toBeNull();
    expect(heardAgo(1000, 13_400)).toEqual({ key: 'secondsAgo', n: 12 });
    expect(heardAgo(0, 180_000)).toEqual({ key: 'minutesAgo', n: 3 });
  });
  it('shows a service level as a percentage, a dash before the first call', () => {
    expect(percent(null)).toBe('–');
    expect(percent(0.875)).toBe('88 %');
  });
  it('shows waits in whole minutes', () => {
    expect(waitMinutes(1439, 'en')).toBe('23 min');
    expect(waitMinutes(undefined, 'zh')).toBe('0 分钟');
  });
});
