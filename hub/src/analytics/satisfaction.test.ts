/**
 * Satisfaction ratings in the KPIs, on a small day sheet; every expected figure is worked out by
 * hand below. Times are local (UTC+8).
 *
 *  id  svc  served by  end                       rating
 *  r1  A    s1         finished 09:15            5
 *  r2  A    s1         finished 09:30            4
 *  r3  A    s2         finished 09:40            2
 *  r4  A    s2         finished 09:50            —  (not rated: not counted)
 *  r5  B    s1         transferred 10:12 → r6    3  (rated at the first counter: B, s1)
 *  r6  A    s2         finished 10:30            5  (the continuation, rated again at its counter)
 *  r7  B    s2         finished 10:40            1
 *
 *  A × s1: scores 5, 4      → n = 2, sum 9,  mean 4.5, [0, 0, 0, 1, 1]
 *  A × s2: scores 2, 5      → n = 2, sum 7,  mean 3.5, [0, 1, 0, 0, 1]
 *  A total                  → n = 4, sum 16, mean 4,   [0, 1, 0, 1, 2]
 *  B × s1: 3                → n = 1, sum 3,  mean 3,   [0, 0, 1, 0, 0]
 *  B × s2: 1                → n = 1, sum 1,  mean 1,   [1, 0, 0, 0, 0]
 *  B total                  → n = 2, sum 4,  mean 2,   [1, 0, 1, 0, 0]
 *  s1 all services: 5, 4, 3 → n = 3, sum 12, mean 4,   [0, 0, 1, 1, 1]
 *  s2 all services: 2, 5, 1 → n = 3, sum 8,  mean 8/3, [1, 1, 0, 0, 1]
 *  everything               → n = 6, sum 20, mean 10/3, [1, 1, 1, 1, 2]
 */
import { describe, expect, it } from 'vitest';
import type { Ticket } from '../protocol';
import { type DayKpi, dayKpi, KpiAccumulator } from './day-kpi';
import { kpiTables } from './kpis';
import { LocalClock } from './local-time';
import { DAY, nextDay, TZ, tk } from './test-fixtures';

const SERVICES = [
  { id: 'A', targetWaitMin: 15 },
  { id: 'B', targetWaitMin: 20 },
];

const sheet = (): Ticket[] => [
  tk({ id: 'r1', issued: '09:00', called: '09:05', finished: '09:15', staff: 's1', counter: '1', rating: 5 }),
  tk({ id: 'r2', issued: '09:10', called: '09:20', finished: '09:30', staff: 's1', counter: '1', rating: 4 }),
  tk({ id: 'r3', issued: '09:20', called: '09:30', finished: '09:40', staff: 's2', counter: '2', rating: 2 }),
  tk({ id: 'r4', issued: '09:30', called: '09:40', finished: '09:50', staff: 's2', counter: '2' }),
  tk({
    id: 'r5',
    service: 'B',
    issued: '10:00',
    called: '10:02',
    transferred: { at: '10:12', to: 'r6' },
    staff: 's1',
    counter: '1',
    rating: 3,
  }),
  tk({
    id: 'r6',
    issued: '10:12',
    arrival: '10:00',
    from: 'r5',
    called: '10:20',
    finished: '10:30',
    staff: 's2',
    counter: '2',
    rating: 5,
  }),
  tk({ id: 'r7', service: 'B', issued: '10:20', called: '10:30', finished: '10:40', staff: 's2', counter: '2', rating: 1 }),
];

const row = (serviceId: string, staffId: string, c: number[], sum: number) => {
  const n = c.reduce((a, b) => a + b, 0);
  return {
    serviceId,
    staffId,
    ratings: n,
    scoreSum: sum,
    meanScore: sum / n,
    score1: c[0],
    score2: c[1],
    score3: c[2],
    score4: c[3],
    score5: c[4],
  };
};

const EXPECTED = [
  row('A', '*', [0, 1, 0, 1, 2], 16),
  row('A', 's1', [0, 0, 0, 1, 1], 9),
  row('A', 's2', [0, 1, 0, 0, 1], 7),
  row('B', '*', [1, 0, 1, 0, 0], 4),
  row('B', 's1', [0, 0, 1, 0, 0], 3),
  row('B', 's2', [1, 0, 0, 0, 0], 1),
  row('*', 's1', [0, 0, 1, 1, 1], 12),
  row('*', 's2', [1, 1, 0, 0, 1], 8),
  row('*', '*', [1, 1, 1, 1, 2], 20),
];

function report(acc: KpiAccumulator, days: { date: string; kpi: DayKpi }[]) {
  return kpiTables({ acc, days, dayCount: days.length, timeZone: TZ, services: SERVICES, exact: false });
}

describe('satisfaction ratings in the KPIs', () => {
  const day = () => [{ date: DAY, kpi: dayKpi(sheet()) }];

  it('from live tickets: per service × clerk, per service, per clerk, in all', () => {
    const rows = report(new KpiAccumulator(new LocalClock(TZ)).addDayTickets(sheet()), day()).satisfaction;
    expect(rows).toEqual(EXPECTED);
    expect(rows.at(-1)?.meanScore).toBeCloseTo(10 / 3, 12);
  });

  it('a stored day keeps counts per score (JSON round trip), and gives the same table', () => {
    const stored = JSON.parse(JSON.stringify(dayKpi(sheet()))) as DayKpi;
    expect(stored.services.find((s) => s.id === 'A')?.ratings).toEqual([
      ['s1', 0, 0, 0, 1, 1],
      ['s2', 0, 1, 0, 0, 1],
    ]);
    expect(report(new KpiAccumulator(new LocalClock(TZ)).addDayKpi(stored), day()).satisfaction).toEqual(EXPECTED);
  });

  it('an archived day and a live day add up: every count doubles, the means stay', () => {
    const acc = new KpiAccumulator(new LocalClock(TZ)).addDayKpi(dayKpi(sheet())).addDayTickets(sheet().map(nextDay));
    const rows = report(acc, day()).satisfaction;
    const total = rows.find((r) => r.serviceId === '*' && r.staffId === '*');
    // 2 × [1, 1, 1, 1, 2] = [2, 2, 2, 2, 4]: 12 ratings, sum 40, mean 10/3.
    expect(total).toMatchObject({ ratings: 12, scoreSum: 40, score1: 2, score5: 4 });
    expect(total?.meanScore).toBeCloseTo(10 / 3, 12);
  });

  it('a day stored before ratings existed (no `ratings` field) counts no ratings', () => {
    const old = dayKpi(sheet());
    for (const s of old.services) delete s.ratings;
    expect(report(new KpiAccumulator(new LocalClock(TZ)).addDayKpi(old), day()).satisfaction).toEqual([]);
  });

  it('no ratings at all: an empty table and no `ratings` in the stored day', () => {
    const plain = sheet().map(({ rating: _r, ...t }) => t);
    const kpi = dayKpi(plain);
    expect(kpi.services.every((s) => s.ratings === undefined)).toBe(true);
    expect(report(new KpiAccumulator().addDayTickets(plain), day()).satisfaction).toEqual([]);
  });
});
