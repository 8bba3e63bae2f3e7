import { describe, expect, it } from 'vitest';
import type { ServiceHours } from '../protocol';
import { businessDayBounds } from '../time';
import { closedPastGrace, type HoursChange, isOpenAt, nextOpening } from './closing';

const SH = 'Asia/Shanghai';
/** Instant of a Shanghai wall-clock time. 2026-12-04 is a Friday. */
const sh = (local: string) => Date.parse(`${local}+08:00`);
const bounds = (at: number) => businessDayBounds(at, SH);
const MIN = 60_000;

const office: ServiceHours[] = [
  { days: [1, 2, 3, 4, 5], open: '08:30', close: '12:00' },
  { days: [1, 2, 3, 4, 5], open: '13:30', close: '17:00' },
];

describe('isOpenAt with a change for the day', () => {
  const extend: HoursChange = {
    serviceId: 'B',
    day: '2026-12-04',
    kind: 'extend',
    at: sh('2026-12-04T16:50:00'),
    until: sh('2026-12-04T18:00:00'),
  };
  const early: HoursChange = {
    serviceId: 'B',
    day: '2026-12-04',
    kind: 'close-early',
    at: sh('2026-12-04T10:00:00'),
    until: sh('2026-12-04T15:00:00'),
  };

  it('an extension keeps the service open past its closing, on that day only', () => {
    expect(isOpenAt(office, undefined, sh('2026-12-04T17:30:00'), SH, bounds(sh('2026-12-04T17:30:00')))).toBe(false);
    expect(isOpenAt(office, extend, sh('2026-12-04T17:30:00'), SH, bounds(sh('2026-12-04T17:30:00')))).toBe(true);
    expect(isOpenAt(office, extend, sh('2026-12-04T18:00:00'), SH, bounds(sh('2026-12-04T18:00:00')))).toBe(false);
    // A lunch break before the extension was decided stays a break.
    expect(isOpenAt(office, extend, sh('2026-12-04T12:30:00'), SH, bounds(sh('2026-12-04T12:30:00')))).toBe(false);
  });

  it('closing early stops issue from its time until the day ends; the next day keeps its hours', () => {
    expect(isOpenAt(office, early, sh('2026-12-04T14:59:00'), SH, bounds(sh('2026-12-04T14:59:00')))).toBe(true);
    expect(isOpenAt(office, early, sh('2026-12-04T15:00:00'), SH, bounds(sh('2026-12-04T15:00:00')))).toBe(false);
    expect(isOpenAt(office, early, sh('2026-12-07T15:00:00'), SH, bounds(sh('2026-12-07T15:00:00')))).toBe(true);
  });

  it('closing early after an extension keeps the extension as opening hours until then', () => {
    const after: HoursChange = {
      ...extend,
      kind: 'close-early',
      at: sh('2026-12-04T17:20:00'),
      until: sh('2026-12-04T17:20:00'),
      openFrom: extend.at,
    };
    expect(isOpenAt(office, after, sh('2026-12-04T17:10:00'), SH, bounds(sh('2026-12-04T17:10:00')))).toBe(true);
    expect(isOpenAt(office, after, sh('2026-12-04T17:21:00'), SH, bounds(sh('2026-12-04T17:21:00')))).toBe(false);
  });
});

describe('nextOpening', () => {
  it('is after the lunch break, the next working day, or the next day after closing early', () => {
    expect(nextOpening(office, undefined, sh('2026-12-04T12:10:00'), SH, bounds)).toBe(sh('2026-12-04T13:30:00'));
    // Friday evening: Monday morning.
    expect(nextOpening(office, undefined, sh('2026-12-04T17:10:00'), SH, bounds)).toBe(sh('2026-12-07T08:30:00'));
    const early: HoursChange = {
      serviceId: 'B',
      day: '2026-12-03',
      kind: 'close-early',
      at: sh('2026-12-03T09:00:00'),
      until: sh('2026-12-03T11:00:00'),
    };
    expect(nextOpening(office, early, sh('2026-12-03T11:30:00'), SH, bounds)).toBe(sh('2026-12-04T08:30:00'));
  });

  it('a service without hours that closed early opens again when the next business day starts', () => {
    const early: HoursChange = {
      serviceId: 'A',
      day: '2026-12-04',
      kind: 'close-early',
      at: sh('2026-12-04T20:00:00'),
      until: sh('2026-12-04T21:00:00'),
    };
    expect(nextOpening(undefined, early, sh('2026-12-04T22:00:00'), SH, bounds)).toBe(sh('2026-12-05T00:00:00'));
    expect(nextOpening(undefined, undefined, sh('2026-12-04T22:00:00'), SH, bounds)).toBeUndefined();
  });
});

describe('closedPastGrace', () => {
  it('not during a lunch break, however long; after the last closing once the grace has passed', () => {
    expect(closedPastGrace(office, undefined, sh('2026-12-04T13:20:00'), 30 * MIN, SH, bounds)).toBe(false);
    expect(closedPastGrace(office, undefined, sh('2026-12-04T17:29:00'), 30 * MIN, SH, bounds)).toBe(false);
    expect(closedPastGrace(office, undefined, sh('2026-12-04T17:30:00'), 30 * MIN, SH, bounds)).toBe(true);
  });

  it('never for a service open round the clock; after the grace for one closed early', () => {
    expect(closedPastGrace(undefined, undefined, sh('2026-12-04T03:00:00'), 30 * MIN, SH, bounds)).toBe(false);
    const early: HoursChange = {
      serviceId: 'A',
      day: '2026-12-04',
      kind: 'close-early',
      at: sh('2026-12-04T20:00:00'),
      until: sh('2026-12-04T21:00:00'),
    };
    expect(closedPastGrace(undefined, early, sh('2026-12-04T21:20:00'), 30 * MIN, SH, bounds)).toBe(false);
    expect(closedPastGrace(undefined, early, sh('2026-12-04T21:30:00'), 30 * MIN, SH, bounds)).toBe(true);
  });
});
