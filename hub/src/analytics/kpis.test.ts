/**
 * KPIs on a small day sheet, every expected figure worked out by hand below (never by running
 * the implementation). Service A: target 15 min; B: target 20 min. Times are local (UTC+8).
 *
 *  id  svc class     issued  called(clerk,counter)  end                     wait     counter time
 *  t1  A   normal    09:00   09:05 s1 c1            finished 09:15 resolved  300 s   600 s
 *  t2  A   normal    09:10   09:30 s1 c1            finished 09:38 follow_up 1200 s  480 s
 *  t3  A   priority  09:20   09:21 s2 c2            finished 09:31 resolved  60 s    600 s
 *  t4  A   normal    09:40   10:00 s1 c1            no-show 10:02            1200 s  120 s (not service)
 *  t5  A   normal    09:50   —                      cancelled 10:20          left after 1800 s
 *  t6  A   normal    10:05   —                      cancelled 10:10          left after 300 s
 *  t7  B   normal    10:00   10:02 s2 c2            transferred 10:12 → t8   120 s   600 s
 *  t8  A   normal    10:12*  10:20 s1 c1            finished 10:30 resolved  480 s   600 s
 *  (* t8 is t7's continuation: it joined A's line at 10:12, keeping arrival 10:00)
 */
import { describe, expect, it } from 'vitest';
import { type DayKpi, dayKpi, KpiAccumulator } from './day-kpi';
import { Dist } from './dist';
import { kpiTables } from './kpis';
import { LocalClock } from './local-time';
import { DAY, nextDay, TZ, tk } from './test-fixtures';

const SERVICES = [
  { id: 'A', targetWaitMin: 15 },
  { id: 'B', targetWaitMin: 20 },
];

const sheet = () => [
  tk({ id: 't1', issued: '09:00', called: '09:05', started: '09:06', finished: '09:15', staff: 's1', counter: '1' }),
  tk({ id: 't2', issued: '09:10', called: '09:30', finished: '09:38', outcome: 'follow_up', staff: 's1', counter: '1' }),
  tk({ id: 't3', priority: 'priority', issued: '09:20', called: '09:21', finished: '09:31', staff: 's2', counter: '2' }),
  tk({ id: 't4', issued: '09:40', called: '10:00', noShow: '10:02', staff: 's1', counter: '1' }),
  tk({ id: 't5', issued: '09:50', cancelled: '10:20' }),
  tk({ id: 't6', issued: '10:05', cancelled: '10:10' }),
  tk({
    id: 't7',
    service: 'B',
    issued: '10:00',
    called: '10:02',
    transferred: { at: '10:12', to: 't8' },
    staff: 's2',
    counter: '2',
  }),
  tk({ id: 't8', issued: '10:12', arrival: '10:00', from: 't7', called: '10:20', finished: '10:30', staff: 's1', counter: '1' }),
];

function report(acc: KpiAccumulator, exact: boolean) {
  return kpiTables({ acc, days: [{ date: DAY, kpi: dayKpi(sheet()) }], dayCount: 1, timeZone: TZ, services: SERVICES, exact });
}

const live = () => report(new KpiAccumulator().addDayTickets(sheet()), true);
/** The same day as day close stores it (JSON round trip), read back as history. */
const storedDay = () => JSON.parse(JSON.stringify(dayKpi(sheet()))) as DayKpi;
const stored = () => report(new KpiAccumulator().addDayKpi(storedDay()), false);
/** As a report adds days up: quarter-hours folded into hours of the week as they come. */
const folded = () => report(new KpiAccumulator(new LocalClock(TZ)).addDayKpi(storedDay()), false);
const foldedLive = () => report(new KpiAccumulator(new LocalClock(TZ)).addDayTickets(sheet()), true);

describe.each([
  ['live tickets', live],
  ['a stored day', stored],
  ['a stored day folded by the site zone', folded],
  ['live tickets folded by the site zone', foldedLive],
])('KPIs from %s', (_name, build) => {
  it('arrivals per local hour: own tickets only, not transfer continuations', () => {
    // A: t1 09:00, t2 09:10, t3 09:20, t4 09:40, t5 09:50 → hour 9: 5; t6 10:05 → hour 10: 1.
    // B: t7 10:00 → hour 10: 1.  All services: 9 → 5, 10 → 2.  t8 is a transfer, not an arrival.
    expect(build().arrivals).toEqual([
      { hour: 9, serviceId: 'A', arrivals: 5, perDay: 5 },
      { hour: 9, serviceId: '*', arrivals: 5, perDay: 5 },
      { hour: 10, serviceId: 'A', arrivals: 1, perDay: 1 },
      { hour: 10, serviceId: 'B', arrivals: 1, perDay: 1 },
      { hour: 10, serviceId: '*', arrivals: 2, perDay: 2 },
    ]);
  });

  it('waiting p50/p90/max per service and priority class', () => {
    const w = build().waiting;
    // A, all classes: waits 300, 1200, 60, 1200, 480 → sorted 60 300 480 1200 1200 (n = 5).
    // p50 = rank ⌈0.5·5⌉ = 3 → 480; p90 = rank ⌈4.5⌉ = 5 → 1200; mean = 3240 / 5 = 648.
    // Every wait is a multiple of 15 s (a bin edge), so the stored day gives the same answer.
    expect(w.find((r) => r.serviceId === 'A' && r.priority === '*')).toEqual({
      serviceId: 'A',
      priority: '*',
      called: 5,
      meanSec: 648,
      p50Sec: 480,
      p90Sec: 1200,
      maxSec: 1200,
    });
    // A normal: 300, 1200, 1200, 480 → sorted 300 480 1200 1200; p50 rank 2 → 480, p90 rank ⌈3.6⌉ = 4 → 1200.
    expect(w.find((r) => r.serviceId === 'A' && r.priority === 'normal')).toMatchObject({
      called: 4,
      meanSec: 795,
      p50Sec: 480,
      p90Sec: 1200,
    });
    expect(w.find((r) => r.serviceId === 'A' && r.priority === 'priority')).toMatchObject({ called: 1, p50Sec: 60, maxSec: 60 });
    expect(w.find((r) => r.serviceId === 'B' && r.priority === '*')).toMatchObject({ called: 1, p50Sec: 120, p90Sec: 120 });
  });

  it('service time per service and clerk (the call → release of served visits)', () => {
    const s = build().serviceTime;
    // A served: t1 600, t2 480, t3 600, t8 600 → mean 570, sorted 480 600 600 600: p50 rank 2 → 600.
    expect(s.find((r) => r.serviceId === 'A' && r.staffId === '*')).toEqual({
      serviceId: 'A',
      staffId: '*',
      served: 4,
      meanSec: 570,
      p50Sec: 600,
      p90Sec: 600,
      maxSec: 600,
    });
    // s1 in A: t1 600, t2 480, t8 600 → mean 560, longest 600; s2 in A: t3 600. The no-show t4 is
    // not service. Per clerk there are no quantiles (a stored day keeps no per-clerk histogram).
    expect(s.find((r) => r.serviceId === 'A' && r.staffId === 's1')).toEqual({
      serviceId: 'A',
      staffId: 's1',
      served: 3,
      meanSec: 560,
      p50Sec: null,
      p90Sec: null,
      maxSec: 600,
    });
    expect(s.find((r) => r.serviceId === 'A' && r.staffId === 's2')).toMatchObject({ served: 1, meanSec: 600 });
    // B: t7 was served 10 min before being transferred on.
    expect(s.find((r) => r.serviceId === 'B' && r.staffId === 's2')).toMatchObject({ served: 1, meanSec: 600 });
  });

  it('service level: called within the target ÷ (called + left after the target)', () => {
    const sl = build().serviceLevel;
    // A (15 min = 900 s): within = 300, 60, 480 → 3; over = 1200, 1200. Left: t5 after 1800 s (> 900,
    // counts against), t6 after 300 s (left in time, not counted). 3 / (5 + 1) = 0.5.
    expect(sl.find((r) => r.serviceId === 'A')).toEqual({
      serviceId: 'A',
      targetMin: 15,
      called: 5,
      calledWithinTarget: 3,
      leftAfterTarget: 1,
      serviceLevel: 0.5,
    });
    // B (20 min): t7 called after 120 s → 1 / 1.
    expect(sl.find((r) => r.serviceId === 'B')).toMatchObject({ calledWithinTarget: 1, serviceLevel: 1 });
  });

  it('no-show, cancel and left-before-call rates over all tickets of the service', () => {
    // A tickets: t1..t6 and t8 = 7 (6 own arrivals + 1 transfer in); no-show t4; cancelled t5, t6 (both before a call).
    expect(build().rates.find((r) => r.serviceId === 'A')).toEqual({
      serviceId: 'A',
      tickets: 7,
      arrivals: 6,
      transfersIn: 1,
      called: 5,
      done: 4,
      noShow: 1,
      cancelled: 2,
      closedUnserved: 0,
      leftBeforeCall: 2,
      transferredOut: 0,
      noShowRate: 1 / 7,
      cancelRate: 2 / 7,
      leftBeforeCallRate: 2 / 7,
    });
    expect(build().rates.find((r) => r.serviceId === 'B')).toMatchObject({ tickets: 1, transferredOut: 1, done: 0 });
  });

  it('outcomes of finished visits', () => {
    // A done: t1, t3, t8 resolved; t2 follow_up → 3/4 and 1/4.
    expect(build().outcomes).toEqual([
      { serviceId: 'A', outcome: 'follow_up', count: 1, share: 0.25 },
      { serviceId: 'A', outcome: 'resolved', count: 3, share: 0.75 },
    ]);
  });

  it('counter utilisation: time with a visitor ÷ first call to last release', () => {
    const c = build().counters;
    // Counter 1: t1 600 + t2 480 + t4 120 + t8 600 = 1800 s busy; active 09:05 → 10:30 = 5100 s.
    expect(c.find((r) => r.counterId === '1')).toEqual({
      counterId: '1',
      calls: 4,
      served: 3,
      noShows: 1,
      busySec: 1800,
      activeSec: 5100,
      utilisation: 1800 / 5100,
    });
    // Counter 2: t3 600 + t7 600 = 1200 s; active 09:21 → 10:12 = 3060 s.
    expect(c.find((r) => r.counterId === '2')).toMatchObject({ busySec: 1200, activeSec: 3060, utilisation: 1200 / 3060 });
  });

  it('clerk productivity', () => {
    const k = build().clerks;
    // s1 served t1, t2, t8 (t4 no-show) over 09:05–10:30 = 5100 s = 1.41667 h → 3 / 1.41667 = 2.1176 per hour;
    // mean service (600 + 480 + 600) / 3 = 560 s.
    const s1 = k.find((r) => r.staffId === 's1');
    expect(s1).toMatchObject({ calls: 4, served: 3, noShows: 1, busySec: 1800, activeSec: 5100, meanServiceSec: 560 });
    expect(s1?.servedPerActiveHour).toBeCloseTo(3 / (5100 / 3600), 10);
    // s2 served t3 (A, 600 s) and t7 (B, 600 s) → mean 600 s, 2 per 3060 s.
    expect(k.find((r) => r.staffId === 's2')).toMatchObject({
      served: 2,
      meanServiceSec: 600,
      servedPerActiveHour: 2 / (3060 / 3600),
    });
  });

  it('the per-day table', () => {
    // A: 6 arrivals, 5 called, 4 done, mean wait 648 s; B: 1, 1, 0, 120 s.
    expect(build().daily).toEqual([
      { date: DAY, serviceId: 'A', arrivals: 6, called: 5, done: 4, meanWaitSec: 648 },
      { date: DAY, serviceId: 'B', arrivals: 1, called: 1, done: 0, meanWaitSec: 120 },
    ]);
  });
});

describe('distributions', () => {
  it('histogram quantiles are the upper edge of the bin holding the rank, capped at the maximum', () => {
    const d = new Dist();
    for (const v of [61, 62, 200]) d.add(v);
    const stored = Dist.fromSparse(d.toSparse());
    // exact: p50 = rank 2 → 62. Bins of 15 s: 62 is in (60, 75] → 75. p90 = rank 3 → 200, in (195, 210] → 210, capped at max 200.
    expect(d.quantile(0.5)).toBe(62);
    expect(stored.quantile(0.5)).toBe(75);
    expect(stored.quantile(0.9)).toBe(200);
    // Beyond 30 min the bins are a minute wide: 1800 is the top of (1785, 1800]; 1805 and 1900 are in
    // (1800, 1860] and (1860, 1920]. Ranks: p25 → 1 → 1800; p50 → 2 → 1860; p100 → 3 → 1920 capped at 1900.
    const x = new Dist();
    for (const v of [1800, 1805, 1900]) x.add(v);
    const s = Dist.fromSparse(x.toSparse());
    expect([s.quantile(0.25), s.quantile(0.5), s.quantile(1)]).toEqual([1800, 1860, 1900]);
    // "At most 30 min" is exact at a bin edge: 1 of 3.
    expect(s.atMost(1800)).toBe(1);
  });

  it('two stored days add up; spans stay per day', () => {
    const day1 = dayKpi(sheet());
    const day2 = dayKpi(sheet().map((t) => nextDay(t)));
    const acc = new KpiAccumulator().addDayKpi(day1).addDayKpi(day2);
    // Counter 1 twice: busy 2 × 1800, active 2 × 5100 (not 09:05 Monday → 10:30 Tuesday).
    const c1 = acc.counters.get('1');
    expect([c1?.busySec, c1?.spanSec]).toEqual([3600, 10_200]);
    expect(acc.service('A').tickets).toBe(14);
  });
});
