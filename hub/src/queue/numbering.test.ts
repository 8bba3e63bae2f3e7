import { describe, expect, it } from 'vitest';
import { businessDate, localMinutesAndWeekday } from '../time';
import { formatNumber, heldSeqByService, nextSeq, numberWidth, rangeUse } from './numbering';

describe('number format', () => {
  it('pads to the width', () => {
    expect(formatNumber('A', 1, 3)).toBe('A001');
    expect(formatNumber('A', 23, 3)).toBe('A023');
    expect(formatNumber('BC', 999, 3)).toBe('BC999');
    expect(formatNumber('A', 42, 4)).toBe('A0042');
  });

  it('width is at least 3 and grows with the range end', () => {
    expect(numberWidth([1, 9])).toBe(3);
    expect(numberWidth([1, 999])).toBe(3);
    expect(numberWidth([1, 9999])).toBe(4);
    expect(numberWidth([500, 10000])).toBe(5);
    expect(formatNumber('A', 7, numberWidth([1, 9999]))).toBe('A0007');
  });
});

describe('nextSeq', () => {
  const range = [1, 999] as const;

  it('starts at the range start', () => {
    expect(nextSeq(undefined, range)).toBe(1);
    expect(nextSeq(undefined, [100, 199])).toBe(100);
  });

  it('continues after the last issued seq, gaps included, never going back', () => {
    expect(nextSeq(1, range)).toBe(2);
    expect(nextSeq(57, range)).toBe(58); // e.g. 40–56 lost in a crash: not reused
    expect(nextSeq(5, [100, 199])).toBe(100); // range moved up by an admin: jump to its start
  });

  it('never runs out: past the end of the range the numbers go on, one digit wider', () => {
    expect(nextSeq(998, range)).toBe(999);
    expect(nextSeq(999, range)).toBe(1000);
    expect(formatNumber('A', nextSeq(999, range), numberWidth(range))).toBe('A1000');
    expect(formatNumber('A', nextSeq(5000, range), numberWidth(range))).toBe('A5001');
  });
});

describe('rangeUse', () => {
  it('is the share of the range used, exactly 0.8 at the 80 % mark, above 1 past the end', () => {
    expect(rangeUse(undefined, [1, 999])).toBe(0);
    expect(rangeUse(0, [1, 10])).toBe(0);
    expect(rangeUse(8, [1, 10])).toBe(0.8);
    expect(rangeUse(7, [1, 10])).toBe(0.7);
    expect(rangeUse(107, [100, 109])).toBe(0.8);
    expect(rangeUse(12, [1, 10])).toBe(1.2);
  });
});

describe('businessDate', () => {
  it('uses the site zone, not UTC, around midnight', () => {
    const t = Date.parse('2026-11-24T16:30:00Z');
    expect(businessDate(t, 'Asia/Shanghai')).toBe('2026-11-25');
    expect(businessDate(t, 'UTC')).toBe('2026-11-24');
    expect(businessDate(Date.parse('2026-11-24T15:59:59.999Z'), 'Asia/Shanghai')).toBe('2026-11-24');
    expect(businessDate(Date.parse('2026-11-24T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-25');
  });

  it('handles zones behind UTC and year ends', () => {
    expect(businessDate(Date.parse('2027-01-01T03:00:00Z'), 'America/New_York')).toBe('2026-12-31');
    expect(businessDate(Date.parse('2026-12-31T16:00:00Z'), 'Asia/Shanghai')).toBe('2027-01-01');
  });

  it('moves the day boundary to dayStartsAt (the site-time date of the instant minus it)', () => {
    const sh = (s: string) => Date.parse(`${s}+08:00`);
    expect(businessDate(sh('2026-11-25T00:30:00'), 'Asia/Shanghai', '00:00')).toBe('2026-11-25');
    expect(businessDate(sh('2026-11-25T00:30:00'), 'Asia/Shanghai', '04:00')).toBe('2026-11-24');
    expect(businessDate(sh('2026-11-25T03:59:59'), 'Asia/Shanghai', '04:00')).toBe('2026-11-24');
    expect(businessDate(sh('2026-11-25T04:00:00'), 'Asia/Shanghai', '04:00')).toBe('2026-11-25');
    expect(businessDate(sh('2026-11-25T23:59:00'), 'Asia/Shanghai', '04:00')).toBe('2026-11-25');
    expect(() => businessDate(0, 'UTC', '24:00')).toThrow();
  });

  it('gives the same answer with a cached formatter', () => {
    const t = Date.parse('2026-06-01T20:00:00Z');
    const first = businessDate(t, 'Asia/Tokyo');
    expect(businessDate(t, 'Asia/Tokyo')).toBe(first);
    expect(first).toBe('2026-06-02');
  });
});

describe('localMinutesAndWeekday', () => {
  it('gives local minutes and weekday (0 = Sunday)', () => {
    // 2026-11-24 is a Tuesday; 16:30Z is Wednesday 00:30 in Shanghai.
    expect(localMinutesAndWeekday(Date.parse('2026-11-24T16:30:00Z'), 'Asia/Shanghai')).toEqual({ minutes: 30, weekday: 3 });
    expect(localMinutesAndWeekday(Date.parse('2026-11-24T16:30:00Z'), 'UTC')).toEqual({ minutes: 16 * 60 + 30, weekday: 2 });
    expect(localMinutesAndWeekday(Date.parse('2026-11-22T00:00:00Z'), 'UTC')).toEqual({ minutes: 0, weekday: 0 });
    expect(localMinutesAndWeekday(Date.parse('2026-11-28T23:59:00Z'), 'UTC')).toEqual({ minutes: 1439, weekday: 6 });
  });

  it('follows DST in the zone', () => {
    // US spring forward 2026-03-08: 06:59Z is 01:59 EST, 07:00Z is 03:00 EDT.
    expect(localMinutesAndWeekday(Date.parse('2026-03-08T06:59:00Z'), 'America/New_York').minutes).toBe(119);
    expect(localMinutesAndWeekday(Date.parse('2026-03-08T07:00:00Z'), 'America/New_York').minutes).toBe(180);
  });
});

describe('numbers held across the day boundary', () => {
  const services = [
    { id: 'A', prefix: 'A', numberRange: [1, 999] as const },
    { id: 'B', prefix: 'B', numberRange: [100, 199] as const },
  ];

  it('continues each service after the highest number still held', () => {
    const held = heldSeqByService(
      [
        { serviceId: 'A', seq: 2, number: 'A002' },
        { serviceId: 'A', seq: 4, number: 'A004' },
        { serviceId: 'B', seq: 150, number: 'B150' },
      ],
      services,
    );
    expect(held).toEqual(
      new Map([
        ['A', 4],
        ['B', 150],
      ]),
    );
    expect(nextSeq(held.get('A'), [1, 999])).toBe(5);
  });

  it("counts a transfer's continuation for the service that issued its number", () => {
    const held = heldSeqByService([{ serviceId: 'B', seq: 7, number: 'A007' }], services);
    expect(held).toEqual(new Map([['A', 7]]));
  });

  it('keeps the highest whatever order the tickets come in', () => {
    const held = heldSeqByService(
      [
        { serviceId: 'A', seq: 4, number: 'A004' },
        { serviceId: 'A', seq: 2, number: 'A002' },
      ],
      services,
    );
    expect(held).toEqual(new Map([['A', 4]]));
  });

  it('a continuation into the first service counts for the one that issued it, not the first listed', () => {
    expect(heldSeqByService([{ serviceId: 'A', seq: 150, number: 'B150' }], services)).toEqual(new Map([['B', 150]]));
  });

  it('with two services sharing a prefix, a ticket counts for its own service first', () => {
    const shared = [...services, { id: 'C', prefix: 'A', numberRange: [1, 999] as const }];
    expect(heldSeqByService([{ serviceId: 'C', seq: 9, number: 'A009' }], shared)).toEqual(new Map([['C', 9]]));
    expect(heldSeqByService([{ serviceId: 'A', seq: 9, number: 'A009' }], shared)).toEqual(new Map([['A', 9]]));
  });

  it('a number no service issues now (its prefix changed) counts for the ticket’s own service', () => {
    expect(heldSeqByService([{ serviceId: 'B', seq: 120, number: 'X120' }], services)).toEqual(new Map([['B', 120]]));
  });

  it('holds nothing when nobody was carried', () => {
    expect(heldSeqByService([], services).size).toBe(0);
  });
});

describe('business day edges', () => {
  it('writes a business date with a four-digit year even before the year 1000', () => {
    expect(businessDate(Date.UTC(999, 0, 1, 12), 'UTC')).toBe('0999-01-01');
    expect(businessDate(Date.UTC(2026, 11, 31, 23, 59), 'UTC')).toBe('2026-12-31');
  });

  it('gives the same answers within a minute and across minutes, zones and repeated calls', () => {
    const at = Date.UTC(2026, 2, 1, 15, 59, 30); // 23:59:30 in Shanghai
    expect(businessDate(at, 'Asia/Shanghai')).toBe('2026-03-01');
    expect(businessDate(at + 29_999, 'Asia/Shanghai')).toBe('2026-03-01');
    expect(businessDate(at + 30_000, 'Asia/Shanghai')).toBe('2026-03-02');
    expect(businessDate(at, 'UTC')).toBe('2026-03-01');
    expect(localMinutesAndWeekday(at + 30_000, 'Asia/Shanghai')).toEqual({ minutes: 0, weekday: 1 });
    expect(localMinutesAndWeekday(at, 'Asia/Shanghai')).toEqual({ minutes: 23 * 60 + 59, weekday: 0 });
  });
});

describe('rangeUse at its edges', () => {
  it('is 0 before the range starts, 1/n at its first number, 1 at its last', () => {
    expect(rangeUse(5, [100, 199])).toBe(0);
    expect(rangeUse(98, [100, 199])).toBe(0);
    expect(rangeUse(100, [100, 199])).toBe(0.01);
    expect(rangeUse(199, [100, 199])).toBe(1);
  });
});
