/**
 * Staffing advice on two Mondays of a made-up service, reasoned by hand, plus the property
 * that ties stored (histogram) quantiles to exact ones.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Ticket } from '../protocol';
import { dayKpi, daySlots, KpiAccumulator } from './day-kpi';
import { DIST_EDGES, Dist } from './dist';
import { erlangAgentsFor, erlangServiceLevel } from './erlang';
import { LocalClock } from './local-time';
import { staffingAdvice } from './staffing';
import { TZ, tk } from './test-fixtures';

/** `n` visitors arriving in the 10:00 hour of `date`, each waiting `waitMin` and served 5 min, on counters 1..k. */
function hour(date: string, n: number, waitMin: number, counters: number): Ticket[] {
  const out: Ticket[] = [];
  for (let i = 0; i < n; i++) {
    const issued = `10:${String(i).padStart(2, '0')}`;
    const call = 10 * 60 + i + waitMin;
    const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    out.push(
      tk({
        id: `${date}-${i}`,
        date,
        issued,
        called: hhmm(call),
        finished: hhmm(call + 5),
        counter: String((i % counters) + 1),
        staff: `s${(i % counters) + 1}`,
      }),
    );
  }
  return out;
}

describe('staffing advice', () => {
  it('uses the mean arrivals of that weekday hour, the service mean counter time and Erlang C', () => {
    // Two Mondays: 12 and then 18 visitors in 10:00–10:59 → 15 per hour on average; every visit 5 min
    // at the counter → A = 15 × 300 / 3600 = 1.25 Erlangs. Target 10 min, 80 %.
    const acc = new KpiAccumulator()
      .addDayTickets(hour('2026-03-02', 12, 2, 2)) // waits 2 min
      .addDayTickets(hour('2026-03-09', 18, 12, 3)); // waits 12 min (> 10)
    const rows = staffingAdvice({
      acc,
      dates: ['2026-03-02', '2026-03-09'],
      timeZone: TZ,
      services: [{ id: 'A', targetWaitMin: 10 }],
      targetShare: 0.8,
    });
    const ten = rows.find((r) => r.weekday === 1 && r.hour === 10);
    expect(ten).toMatchObject({ serviceId: 'A', daysObserved: 2, arrivalsPerHour: 15, ahtSec: 300, targetMin: 10 });
    expect(ten?.erlangs).toBeCloseTo(1.25, 12);
    // Erlang C for A = 1.25: 2 counters: C = 0.4808 (B(2) = 0.2577 → 2·0.2577/(2 − 1.25·0.7423)),
    // SL(600 s) = 1 − 0.4808·e^(−0.75·2) = 1 − 0.4808·0.2231 = 0.8927 ≥ 0.8 → 2 counters needed.
    expect(ten?.countersNeeded).toBe(2);
    expect(ten?.countersNeeded).toBe(erlangAgentsFor(1.25, 300, 600, 0.8));
    expect(Math.abs((ten?.predictedServiceLevel as number) - 0.8927)).toBeLessThan(0.001);
    // Actual: 12 of 30 called within 10 min (the first Monday) → 0.4.
    expect(ten?.actualServiceLevel).toBeCloseTo(0.4, 12);
    // Counters busy in that hour's four quarters: Monday 1 had 2 counters in each quarter it had
    // visitors, Monday 2 had 3; the mean per quarter lies between 2 and 3 (some quarters had none).
    expect(ten?.countersActual).toBeGreaterThan(0);
    expect(ten?.predictedServiceLevelActual).toBe(erlangServiceLevel(1.25, Math.round(ten?.countersActual as number), 600, 300));
  });
});

describe('staffing advice with callbacks', () => {
  /** Callback tickets (virtual hold, docs/phone.md): the phone caller's place in the same line. */
  const callbacks = (date: string, n: number): Ticket[] =>
    hour(date, n, 2, 1).map((t, i) => ({
      ...t,
      id: `${t.id}-cb`,
      number: `A${String(100 + i)}`,
      source: 'phone' as const,
      identity: { kind: 'phone' as const, hmac: `cb${i}`, masked: '138****5678' },
      callback: { masked: '138****5678', attempts: 0 },
    }));

  it('counts callbacks as arrivals and their calls as counter time (Erlang C staffs for them)', () => {
    // 12 walk-ins and 6 callbacks in Monday 10:00–10:59, every call 5 min → 18 an hour,
    // A = 18 × 300 / 3600 = 1.5 Erlangs (walk-ins alone: 1.0).
    const walkIns = hour('2026-03-02', 12, 2, 2);
    const advise = (tickets: Ticket[]) =>
      staffingAdvice({
        acc: new KpiAccumulator().addDayTickets(tickets),
        dates: ['2026-03-02'],
        timeZone: TZ,
        services: [{ id: 'A', targetWaitMin: 10 }],
        targetShare: 0.8,
      }).find((r) => r.weekday === 1 && r.hour === 10);
    const alone = advise(walkIns);
    const both = advise([...walkIns, ...callbacks('2026-03-02', 6)]);
    expect(alone?.arrivalsPerHour).toBe(12);
    expect(both).toMatchObject({ arrivalsPerHour: 18, ahtSec: 300 });
    expect(both?.erlangs).toBeCloseTo(1.5, 12);
    expect(both?.countersNeeded).toBe(erlangAgentsFor(1.5, 300, 600, 0.8));
    // Erlang C for 1.5 Erlangs needs 3 counters at 80 % within 10 min of 5-min calls; 1.0 needs 2.
    expect(alone?.countersNeeded).toBe(2);
    expect(both?.countersNeeded).toBe(3);
  });
});

describe('staffing from stored days', () => {
  it('gives the same advice from the stored pre-aggregates and slots as from the tickets', () => {
    const days = [hour('2026-03-02', 12, 2, 2), hour('2026-03-09', 18, 12, 3), hour('2026-03-10', 7, 25, 1)];
    const roundTrip = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
    const fromTickets = new KpiAccumulator(new LocalClock(TZ));
    const fromStore = new KpiAccumulator(new LocalClock(TZ));
    for (const d of days) {
      fromTickets.addDayTickets(d);
      fromStore.addDayKpi(roundTrip(dayKpi(d))).addDaySlots(roundTrip(daySlots(d)));
    }
    const advise = (acc: KpiAccumulator) =>
      staffingAdvice({
        acc,
        dates: ['2026-03-02', '2026-03-09', '2026-03-10'],
        timeZone: TZ,
        services: [{ id: 'A', targetWaitMin: 10 }],
        targetShare: 0.8,
      });
    const stored = advise(fromStore);
    expect(stored).toEqual(advise(fromTickets));
    // Tuesday 10:00: one day observed, 7 visitors, all called after 25 min → 0 within 10 min.
    expect(stored.find((r) => r.weekday === 2 && r.hour === 10)).toMatchObject({
      daysObserved: 1,
      arrivalsPerHour: 7,
      actualServiceLevel: 0,
    });
  });
});

describe('stored quantiles', () => {
  it('are never below the exact nearest-rank quantile and at most one bin above it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 90_000, noNaN: true }), { minLength: 1, maxLength: 200 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (values, p) => {
          const exact = new Dist();
          for (const v of values) exact.add(v);
          const approx = Dist.fromSparse(exact.toSparse());
          const e = exact.quantile(p) as number;
          const a = approx.quantile(p) as number;
          const bin = DIST_EDGES.findIndex((edge) => e <= edge);
          const width = (DIST_EDGES[bin] as number) - (DIST_EDGES[bin - 1] ?? 0);
          // toSparse rounds sums/max to the millisecond.
          return a >= e - 0.001 && (a <= e + width || !Number.isFinite(width));
        },
      ),
    );
  });
});
