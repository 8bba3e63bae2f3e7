import { describe, expect, it } from 'vitest';
import type { AppointmentWindow } from '../queue/policy';
import {
  type Booking,
  conflictFor,
  dueNoShows,
  isRef,
  maskName,
  newRef,
  normaliseRef,
  noShowDeadline,
  REF_ALPHABET,
  remaining,
} from './rules';

const MIN = 60_000;
const T = Date.UTC(2026, 2, 2, 1, 0); // 09:00 in Shanghai
const b = (over: Partial<Booking>): Booking => ({
  id: 'x',
  serviceId: 'C',
  date: '2026-03-02',
  start: T,
  end: T + 15 * MIN,
  status: 'booked',
  identityHmac: 'h1',
  ...over,
});
const both = { onePerServicePerDay: true, noOverlap: true };

describe('capacity', () => {
  it('remaining never goes below zero', () => {
    expect(remaining(3, 0)).toBe(3);
    expect(remaining(3, 3)).toBe(0);
    expect(remaining(3, 5)).toBe(0);
  });
});

describe('identity conflicts', () => {
  it('one appointment per service and day, and none overlapping', () => {
    const held = [b({ id: 'a' })];
    expect(conflictFor(held, { ...b({}), start: T + 60 * MIN, end: T + 75 * MIN }, both)?.rule).toBe('same-service-day');
    expect(conflictFor(held, { ...b({ serviceId: 'A' }), start: T + 5 * MIN }, both)?.rule).toBe('overlap');
    expect(conflictFor(held, { ...b({ serviceId: 'A' }), start: T + 15 * MIN, end: T + 30 * MIN }, both)).toBeUndefined();
    expect(
      conflictFor(held, { ...b({ date: '2026-03-03' }), start: T + 86_400_000, end: T + 86_400_000 + 15 * MIN }, both),
    ).toBeUndefined();
    expect(conflictFor(held, { ...b({}), identityHmac: 'h2' }, both)).toBeUndefined();
  });

  it('is configurable, ignores cancelled and no-show bookings, and the booking being moved', () => {
    const held = [b({ id: 'a' })];
    const later = { ...b({}), start: T + 60 * MIN, end: T + 75 * MIN };
    expect(conflictFor(held, later, { onePerServicePerDay: false, noOverlap: true })).toBeUndefined();
    expect(conflictFor(held, b({}), { onePerServicePerDay: false, noOverlap: false })).toBeUndefined();
    expect(conflictFor([b({ status: 'cancelled' }), b({ status: 'no_show' })], b({}), both)).toBeUndefined();
    expect(conflictFor([b({ status: 'checked_in' })], b({}), both)?.rule).toBe('same-service-day');
    expect(conflictFor(held, { ...b({}), excludeId: 'a' }, both)).toBeUndefined();
  });
});

describe('no-show sweep', () => {
  const window: AppointmentWindow = { earlyMs: 30 * MIN, graceMs: 10 * MIN, late: 'walk-in' };
  const late = 30 * MIN;
  it('marks booked appointments once slot + grace + late check-in time has passed', () => {
    expect(noShowDeadline(T, window, late)).toBe(T + 40 * MIN);
    const all = [
      b({ id: 'due' }),
      b({ id: 'later', start: T + 5 * MIN }),
      b({ id: 'in', status: 'checked_in' }),
      b({ id: 'gone', status: 'cancelled' }),
    ];
    expect(dueNoShows(all, T + 40 * MIN, () => window, late)).toEqual([]);
    expect(dueNoShows(all, T + 40 * MIN + 1, () => window, late).map((x) => x.id)).toEqual(['due']);
    expect(dueNoShows(all, T + 46 * MIN, () => window, late).map((x) => x.id)).toEqual(['due', 'later']);
  });

  it('uses each service’s own window', () => {
    const wide = { ...window, graceMs: 60 * MIN };
    const all = [b({ id: 'c' }), b({ id: 'a', serviceId: 'A' })];
    expect(dueNoShows(all, T + 50 * MIN, (s) => (s === 'A' ? wide : window), late).map((x) => x.id)).toEqual(['c']);
  });
});

describe('reference codes', () => {
  it('are 8 unambiguous characters, read back whatever the case and separators', () => {
    const ref = newRef();
    expect(isRef(ref)).toBe(true);
    expect([...ref].every((c) => REF_ALPHABET.includes(c))).toBe(true);
    for (const c of '0O1IL2Z5S8BG') expect(REF_ALPHABET).not.toContain(c);
    expect(normaliseRef(` ${ref.slice(0, 4).toLowerCase()}-${ref.slice(4)} `)).toBe(ref);
    expect(isRef('ACDE-FHJK')).toBe(false);
    expect(isRef('ACDEFHJ0')).toBe(false);
    let i = 0;
    expect(newRef(() => i++ % REF_ALPHABET.length)).toBe(REF_ALPHABET.slice(0, 8));
  });

  it('names are masked', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('Alexander')).toBe('A*******r');
    expect(maskName('张三丰')).toBe('张*丰');
  });
});

describe('overlap at its edges', () => {
  const held = [b({ id: 'a', serviceId: 'A' })]; // 09:00–09:15
  const at = (startMin: number, endMin: number) => ({ ...b({}), start: T + startMin * MIN, end: T + endMin * MIN });
  const overlapOnly = { onePerServicePerDay: false, noOverlap: true };

  it('back to back on either side is no overlap; a minute into the held slot is', () => {
    expect(conflictFor(held, at(-15, 0), overlapOnly)).toBeUndefined();
    expect(conflictFor(held, at(15, 30), overlapOnly)).toBeUndefined();
    expect(conflictFor(held, at(-15, 1), overlapOnly)?.rule).toBe('overlap');
    expect(conflictFor(held, at(14, 30), overlapOnly)?.rule).toBe('overlap');
  });

  it('a slot well before the held one is no overlap', () => {
    expect(conflictFor(held, at(-60, -45), overlapOnly)).toBeUndefined();
  });
});

describe('reference codes and masked names at their edges', () => {
  it('a reference has exactly 8 characters', () => {
    expect(isRef(REF_ALPHABET.slice(0, 8))).toBe(true);
    expect(isRef(REF_ALPHABET.slice(0, 7))).toBe(false);
    expect(isRef(REF_ALPHABET.slice(0, 9))).toBe(false);
  });

  it('masks the name without the spaces around it; nothing for a blank name', () => {
    expect(maskName('  张三 ')).toBe('张*');
    expect(maskName('张')).toBe('张*');
    expect(maskName('Anna')).toBe('A**a');
    expect(maskName('')).toBe('');
    expect(maskName('   ')).toBe('');
  });
});
