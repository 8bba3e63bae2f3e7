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

describe('closing time at its exact edges', () => {
  const at = (local: string) => sh(`2026-12-04T${local}:00`);
  const open = (change: HoursChange | undefined, local: string, hours: ServiceHours[] | undefined = office) =>
    isOpenAt(hours, change, at(local), SH, bounds(at(local)));
  const change = (kind: HoursChange['kind'], from: string, until: string, openFrom?: string): HoursChange => ({
    serviceId: 'B',
    day: '2026-12-04',
    kind,
    at: at(from),
    until: at(until),
    ...(openFrom ? { openFrom: at(openFrom) } : {}),
  });

  it('an extension decided after closing opens at the very minute it is decided', () => {
    const late = change('extend', '17:10', '18:00');
    expect(open(late, '17:09')).toBe(false);
    expect(open(late, '17:10')).toBe(true);
  });

  it('an extension into the lunch break leaves the afternoon hours as they are', () => {
    const lunch = change('extend', '11:50', '12:30');
    expect(open(lunch, '12:29')).toBe(true);
    expect(open(lunch, '12:30')).toBe(false);
    expect(open(lunch, '14:00')).toBe(true);
  });

  it('closing early does not open a lunch break between its decision and its time', () => {
    const early = change('close-early', '10:00', '15:00');
    expect(open(early, '12:30')).toBe(false);
    expect(open(early, '13:30')).toBe(true);
  });

  it('closing early after an extension: open from the extension on, to the minute', () => {
    const after = change('close-early', '17:30', '17:45', '17:10');
    expect(open(after, '17:09')).toBe(false);
    expect(open(after, '17:10')).toBe(true);
    expect(open(after, '17:44')).toBe(true);
    expect(open(after, '17:45')).toBe(false);
  });

  it('a service with an empty hours list that closes later today has no next opening while still open', () => {
    const early = change('close-early', '20:00', '21:00');
    expect(nextOpening([], early, at('20:30'), SH, bounds)).toBeUndefined();
    expect(nextOpening([], early, at('21:30'), SH, bounds)).toBe(sh('2026-12-05T00:00:00'));
  });

  it('not past the grace while it was open for a moment inside it (a short evening session)', () => {
    const evening: ServiceHours[] = [...office, { days: [5], open: '17:15', close: '17:20' }];
    // 17:30 with 40 min of grace: closed at 16:50 and at 17:30, open at 17:15.
    expect(closedPastGrace(evening, undefined, at('17:30'), 40 * MIN, SH, bounds)).toBe(false);
    expect(closedPastGrace(evening, undefined, at('18:00'), 40 * MIN, SH, bounds)).toBe(true);
  });

  it('the business day end is an opening even when no hours start there (a day that starts at 04:00)', () => {
    const allDay: ServiceHours[] = [{ days: [0, 1, 2, 3, 4, 5, 6], open: '00:00', close: '23:59' }];
    const bounds4 = (t: number) => businessDayBounds(t, SH, '04:00');
    const early = change('close-early', '20:00', '21:00');
    expect(nextOpening(allDay, early, at('22:00'), SH, bounds4)).toBe(sh('2026-12-05T04:00:00'));
  });

  it('the next opening is strictly after now, the earliest of them, up to a week ahead', () => {
    expect(nextOpening(office, undefined, at('13:30'), SH, bounds)).toBe(sh('2026-12-07T08:30:00'));
    const split: ServiceHours[] = [
      { days: [0, 1, 2, 3, 4, 5, 6], open: '04:00', close: '12:00' },
      { days: [0, 1, 2, 3, 4, 5, 6], open: '13:30', close: '23:59' },
    ];
    // The business day's end (04:00 tomorrow) is an opening too, but the afternoon comes first.
    expect(nextOpening(split, undefined, at('12:10'), SH, (t) => businessDayBounds(t, SH, '04:00'))).toBe(at('13:30'));
    const fridays: ServiceHours[] = [{ days: [5], open: '08:30', close: '09:00' }];
    expect(nextOpening(fridays, undefined, at('09:10'), SH, bounds)).toBe(sh('2026-12-11T08:30:00'));
  });

  it('past the grace to the millisecond: a grace of 30.5 minutes looks back to its very start', () => {
    // 17:30:15 − 30.5 min = 16:59:45, still open.
    expect(closedPastGrace(office, undefined, sh('2026-12-04T17:30:15'), 30.5 * MIN, SH, bounds)).toBe(false);
    expect(closedPastGrace(office, undefined, sh('2026-12-04T17:30:30'), 30.5 * MIN, SH, bounds)).toBe(true);
  });

  it('a service that never opens again is past its grace', () => {
    const never: ServiceHours[] = [{ days: [], open: '08:30', close: '17:00' }];
    expect(closedPastGrace(never, undefined, at('10:00'), 30 * MIN, SH, bounds)).toBe(true);
  });
});
