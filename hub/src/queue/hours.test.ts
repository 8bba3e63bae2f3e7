import { describe, expect, it } from 'vitest';
import type { ServiceHours } from '../protocol';
import { isWithinHours } from './hours';

const SH = 'Asia/Shanghai';
/** Instant of a Shanghai wall-clock time (UTC+8, no DST). 2026-11-23 is a Monday. */
const sh = (isoLocal: string) => Date.parse(`${isoLocal}+08:00`);

const weekdays: ServiceHours[] = [
  { days: [1, 2, 3, 4, 5], open: '08:30', close: '12:00' },
  { days: [1, 2, 3, 4, 5], open: '13:30', close: '17:00' },
];

describe('isWithinHours', () => {
  it('undefined or empty hours mean always open', () => {
    expect(isWithinHours(undefined, sh('2026-11-22T03:00:00'), SH)).toBe(true);
    expect(isWithinHours([], sh('2026-11-22T03:00:00'), SH)).toBe(true);
  });

  it('open is inclusive, close exclusive', () => {
    expect(isWithinHours(weekdays, sh('2026-11-23T08:29:59'), SH)).toBe(false);
    expect(isWithinHours(weekdays, sh('2026-11-23T08:30:00'), SH)).toBe(true);
    expect(isWithinHours(weekdays, sh('2026-11-23T11:59:59'), SH)).toBe(true);
    expect(isWithinHours(weekdays, sh('2026-11-23T12:00:00'), SH)).toBe(false);
    expect(isWithinHours(weekdays, sh('2026-11-23T13:30:00'), SH)).toBe(true);
    expect(isWithinHours(weekdays, sh('2026-11-23T16:59:00'), SH)).toBe(true);
    expect(isWithinHours(weekdays, sh('2026-11-23T17:00:00'), SH)).toBe(false);
  });

  it('only on the listed weekdays', () => {
    expect(isWithinHours(weekdays, sh('2026-11-27T10:00:00'), SH)).toBe(true); // Friday
    expect(isWithinHours(weekdays, sh('2026-11-28T10:00:00'), SH)).toBe(false); // Saturday
    expect(isWithinHours(weekdays, sh('2026-11-29T10:00:00'), SH)).toBe(false); // Sunday
    const saturdayOnly: ServiceHours[] = [{ days: [6], open: '09:00', close: '12:00' }];
    expect(isWithinHours(saturdayOnly, sh('2026-11-28T10:00:00'), SH)).toBe(true);
    expect(isWithinHours(saturdayOnly, sh('2026-11-27T10:00:00'), SH)).toBe(false);
  });

  it('evaluates in the site zone, not UTC', () => {
    // Monday 09:00 in Shanghai is Monday 01:00 UTC: open for the site, closed if read as UTC.
    const t = sh('2026-11-23T09:00:00');
    expect(isWithinHours(weekdays, t, SH)).toBe(true);
    expect(isWithinHours(weekdays, t, 'UTC')).toBe(false);
  });

  it("'24:00' closes at the end of the day", () => {
    const evening: ServiceHours[] = [{ days: [1], open: '18:00', close: '24:00' }];
    expect(isWithinHours(evening, sh('2026-11-23T23:59:59'), SH)).toBe(true);
    expect(isWithinHours(evening, sh('2026-11-24T00:00:00'), SH)).toBe(false); // Tuesday 00:00
    const allDay: ServiceHours[] = [{ days: [0, 1, 2, 3, 4, 5, 6], open: '00:00', close: '24:00' }];
    expect(isWithinHours(allDay, sh('2026-11-24T00:00:00'), SH)).toBe(true);
    expect(isWithinHours(allDay, sh('2026-11-24T23:59:00'), SH)).toBe(true);
  });
});
