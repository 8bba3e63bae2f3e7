/** Folding absolute quarter-hours into local hours and weekdays, against Intl directly. */
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isDate, localMinutesAndWeekday, weekdayOf } from '../time';
import { LocalClock } from './local-time';

describe('local clock', () => {
  it('Shanghai (UTC+8): Monday 2026-03-02 09:15 local is 01:15 UTC', () => {
    const q = Date.UTC(2026, 2, 2, 1, 15) / 900_000;
    expect(new LocalClock('Asia/Shanghai').ofQuarter(q)).toEqual({ weekday: 1, hour: 9 });
    // 23:45 UTC Sunday is 07:45 Monday in Shanghai.
    expect(new LocalClock('Asia/Shanghai').ofQuarter(Date.UTC(2026, 2, 1, 23, 45) / 900_000)).toEqual({ weekday: 1, hour: 7 });
  });

  it('agrees with Intl quarter by quarter, across DST changes and odd offsets', () => {
    // Two weeks around each 2026 change in New York and Berlin, and Kathmandu (UTC+5:45), Kolkata (+5:30).
    const cases: [string, number][] = [
      ['America/New_York', Date.UTC(2026, 2, 1)],
      ['America/New_York', Date.UTC(2026, 9, 25)],
      ['Europe/Berlin', Date.UTC(2026, 2, 22)],
      ['Asia/Kathmandu', Date.UTC(2026, 0, 1)],
      ['Asia/Kolkata', Date.UTC(2026, 0, 1)],
    ];
    for (const [zone, start] of cases) {
      const clock = new LocalClock(zone);
      for (let q = start / 900_000; q < start / 900_000 + 14 * 96; q++) {
        const { minutes, weekday } = localMinutesAndWeekday(q * 900_000, zone);
        expect([zone, q, clock.ofQuarter(q)]).toEqual([zone, q, { weekday, hour: Math.floor(minutes / 60) }]);
      }
    }
  });

  it('does calendar arithmetic on business dates', () => {
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(365);
    expect(daysBetween('2026-03-02', '2026-03-01')).toBe(0);
    expect([isDate('2026-02-29'), isDate('2028-02-29'), isDate('2026-13-01'), isDate('26-01-01')]).toEqual([
      false,
      true,
      false,
      false,
    ]);
    expect(weekdayOf('2026-03-02')).toBe(1);
  });
});
