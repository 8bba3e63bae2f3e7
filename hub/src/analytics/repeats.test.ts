/**
 * Repeat visits on small hand-made histories; expected figures are reasoned out in the
 * comments. Days: 2026-03-02 (Mon) … 03-09. Local times UTC+8.
 */
import { describe, expect, it } from 'vitest';
import type { Ticket } from '../protocol';
import { frequentVisitors, pairPage } from './frequent';
import { RepeatEngine } from './repeats';
import { type Spec, tk } from './test-fixtures';
import { decodeChunk, encodeChunk, type VisitChunk, visitsToChunk } from './visit-chunk';
import { ticketsToVisits } from './visits';

/** A served visit: called and finished by `staff` at counter 1. */
function served(p: { id: string; who: string; date: string; issued: string; called: string; finished: string } & Partial<Spec>) {
  return tk({ service: 'A', staff: 's1', masked: `${p.who}-masked`, identity: p.who, ...p });
}

function chunks(tickets: Ticket[]): VisitChunk[] {
  const days = [...new Set(tickets.map((t) => t.businessDate))].sort();
  return days.map((d) => visitsToChunk(d, ticketsToVisits(tickets.filter((t) => t.businessDate === d))));
}

function run(tickets: Ticket[], windowHours: number, from = '2026-03-01', to = '2026-03-31', pairs: object | false = false) {
  const engine = new RepeatEngine({ windowHours, from, to, pairs });
  for (const c of chunks(tickets)) engine.add(c);
  return engine;
}

describe('repeat visits', () => {
  it('a served visit followed by another visit within the window is repeated, attributed to its clerk and service', () => {
    const tickets = [
      served({ id: 'a1', who: 'alice', date: '2026-03-02', issued: '09:00', called: '09:02', finished: '09:10', staff: 's1' }),
      served({ id: 'a2', who: 'alice', date: '2026-03-03', issued: '09:10', called: '09:12', finished: '09:20', staff: 's2' }),
    ];
    const t = run(tickets, 72).tables();
    // a1 ends Mon 09:10; a2 arrives Tue 09:10 → gap 24 h ≤ 72 h: a1 is repeated, a2 is a repeat.
    // Served 2, repeated 1 → 0.5. First visits: a1 only (a2 is a repeat); a1 came back → 0 of 1 resolved.
    expect(t.overall).toEqual({
      visits: 2,
      servedVisits: 2,
      repeated: 1,
      repeatRate: 0.5,
      firstVisits: 1,
      firstVisitsResolved: 0,
      firstVisitResolutionRate: 0,
    });
    expect(t.byService).toEqual([{ serviceId: 'A', staffId: '*', servedVisits: 2, repeated: 1, repeatRate: 0.5 }]);
    // Attributed to s1, who served the earlier visit; s2's visit did not come back.
    expect(t.byClerkService).toEqual([
      { serviceId: 'A', staffId: 's1', servedVisits: 1, repeated: 1, repeatRate: 1 },
      { serviceId: 'A', staffId: 's2', servedVisits: 1, repeated: 0, repeatRate: 0 },
    ]);
    expect(t.flow).toEqual([{ fromServiceId: 'A', toServiceId: 'A', count: 1 }]);
    // Interval 24 h → bin 24; cumulative share from bin 24 on = 1 repeat / 2 served.
    expect(t.intervals[23]).toEqual({ hour: 23, count: 0, cumulativeShare: 0 });
    expect(t.intervals[24]).toEqual({ hour: 24, count: 1, cumulativeShare: 0.5 });
    expect(t.intervals[167]?.cumulativeShare).toBe(0.5);
  });

  it('a return exactly at the window edge counts; one second later does not', () => {
    const tickets = [
      // alice: ends Mon 09:10:00, back Tue 09:10:00 → gap exactly 24 h.
      served({ id: 'a1', who: 'alice', date: '2026-03-02', issued: '09:00', called: '09:00', finished: '09:10' }),
      tk({ id: 'a2', identity: 'alice', date: '2026-03-03', issued: '09:10:00', cancelled: '09:30' }),
      // bob: ends Mon 10:10:00, back Tue 10:10:01 → 24 h + 1 s.
      served({ id: 'b1', who: 'bob', date: '2026-03-02', issued: '10:00', called: '10:00', finished: '10:10' }),
      tk({ id: 'b2', identity: 'bob', date: '2026-03-03', issued: '10:10:01', cancelled: '10:30' }),
    ];
    const at24 = run(tickets, 24).tables();
    expect(at24.overall).toMatchObject({ servedVisits: 2, repeated: 1, repeatRate: 0.5 });
    // Both gaps fall in hour bin 24, whatever the window.
    expect(at24.intervals[24]?.count).toBe(2);
    // A window one hour wider takes bob in too.
    expect(run(tickets, 25).tables().overall.repeated).toBe(2);
  });

  it('the same day at another service is a repeat when within the window (2 hours here)', () => {
    const tickets = [
      // carol: A ends 09:10, B ticket at 11:10 → gap exactly 2 h.
      served({ id: 'c1', who: 'carol', date: '2026-03-02', issued: '09:00', called: '09:01', finished: '09:10' }),
      tk({
        id: 'c2',
        service: 'B',
        identity: 'carol',
        date: '2026-03-02',
        issued: '11:10',
        called: '11:12',
        finished: '11:20',
        staff: 's2',
      }),
      // dave: A ends 09:10, B ticket at 11:30 → 2 h 20 min, outside a 2 h window.
      served({ id: 'd1', who: 'dave', date: '2026-03-02', issued: '09:00', called: '09:01', finished: '09:10' }),
      tk({ id: 'd2', service: 'B', identity: 'dave', date: '2026-03-02', issued: '11:30', cancelled: '11:40' }),
    ];
    const t = run(tickets, 2).tables();
    // Served: c1, c2, d1 = 3; repeated: c1 → 1/3. First visits: c1, d1 (c2 is carol's repeat) → d1 resolved: 1/2.
    expect(t.overall).toMatchObject({ visits: 4, servedVisits: 3, repeated: 1, firstVisits: 2, firstVisitsResolved: 1 });
    expect(t.flow).toEqual([{ fromServiceId: 'A', toServiceId: 'B', count: 1 }]);
    expect(run(tickets, 3).tables().flow).toEqual([{ fromServiceId: 'A', toServiceId: 'B', count: 2 }]);
  });

  it('a transfer is one visit, never a repeat', () => {
    const tickets = [
      // erin: A 09:00, served 09:02 then transferred to B at 09:10; B continuation served 09:20–09:30.
      tk({ id: 'e1', identity: 'erin', issued: '09:00', called: '09:02', transferred: { at: '09:10', to: 'e2' } }),
      tk({
        id: 'e2',
        service: 'B',
        identity: 'erin',
        issued: '09:10',
        arrival: '09:00',
        from: 'e1',
        called: '09:20',
        finished: '09:30',
        staff: 's2',
      }),
    ];
    const t = run(tickets, 168).tables();
    // One visit (chosen service A, ended in B, served by s2), nothing after it.
    expect(t.overall).toMatchObject({ visits: 1, servedVisits: 1, repeated: 0, firstVisits: 1, firstVisitsResolved: 1 });
    expect(t.byClerkService).toEqual([{ serviceId: 'B', staffId: 's2', servedVisits: 1, repeated: 0, repeatRate: 0 }]);
    expect(t.flow).toEqual([]);
  });

  it('a ticket taken while an earlier visit was still at the counter is a parallel ticket, not a return', () => {
    const tickets = [
      // frank: A 09:00 served 09:05–09:20; B taken at 09:02 (before A ended), served 09:25–09:35.
      served({ id: 'f1', who: 'frank', date: '2026-03-02', issued: '09:00', called: '09:05', finished: '09:20' }),
      tk({ id: 'f2', service: 'B', identity: 'frank', issued: '09:02', called: '09:25', finished: '09:35', staff: 's2' }),
      // Next day 12:00 he is back: that is the next visit of both f1 and f2.
      tk({ id: 'f3', identity: 'frank', date: '2026-03-03', issued: '12:00', cancelled: '12:30' }),
    ];
    const t = run(tickets, 72).tables();
    // Served f1, f2 (both first visits), both repeated by f3 → 2/2; no first visit resolved.
    expect(t.overall).toMatchObject({ servedVisits: 2, repeated: 2, firstVisits: 2, firstVisitsResolved: 0 });
    expect(t.flow).toEqual([
      { fromServiceId: 'A', toServiceId: 'A', count: 1 },
      { fromServiceId: 'B', toServiceId: 'A', count: 1 },
    ]);
  });

  it('an earlier visit that was not served (no-show) does not make the next one a repeat', () => {
    const tickets = [
      tk({ id: 'g1', identity: 'gina', issued: '09:00', called: '09:05', noShow: '09:08' }),
      served({ id: 'g2', who: 'gina', date: '2026-03-03', issued: '09:00', called: '09:05', finished: '09:15' }),
    ];
    expect(run(tickets, 72).tables().overall).toMatchObject({ visits: 2, servedVisits: 1, repeated: 0, firstVisits: 1 });
  });

  it('counts served visits of the range, looking past its ends for returns and earlier visits', () => {
    const tickets = [
      // hal: served on 03-02 (before the range), back 03-03 (in range, served), back 03-05 (after the range).
      served({ id: 'h1', who: 'hal', date: '2026-03-02', issued: '09:00', called: '09:01', finished: '09:10' }),
      served({ id: 'h2', who: 'hal', date: '2026-03-03', issued: '09:00', called: '09:01', finished: '09:10' }),
      tk({ id: 'h3', identity: 'hal', date: '2026-03-05', issued: '09:00', cancelled: '09:20' }),
    ];
    const t = run(tickets, 72, '2026-03-03', '2026-03-04').tables();
    // Only h2 is in range: served 1; its next visit h3 (47 h 50 min later) comes after the range but
    // within 72 h → repeated. h2 is itself a repeat of h1 (23 h 50 min) → not a first visit.
    expect(t.overall).toEqual({
      visits: 1,
      servedVisits: 1,
      repeated: 1,
      repeatRate: 1,
      firstVisits: 0,
      firstVisitsResolved: 0,
      firstVisitResolutionRate: null,
    });
    expect(t.intervals[47]?.count).toBe(1);
  });

  it('drills down to the visit pairs, newest first, filtered by the earlier visit clerk', () => {
    const tickets = [
      served({
        id: 'a1',
        who: 'alice',
        number: 'A001',
        date: '2026-03-02',
        issued: '09:00',
        called: '09:02',
        finished: '09:10',
        staff: 's1',
      }),
      tk({ id: 'a2', identity: 'alice', number: 'B007', service: 'B', date: '2026-03-03', issued: '15:40', cancelled: '15:50' }),
      served({
        id: 'b1',
        who: 'bob',
        number: 'A002',
        date: '2026-03-02',
        issued: '10:00',
        called: '10:01',
        finished: '10:10',
        staff: 's2',
      }),
      tk({ id: 'b2', identity: 'bob', number: 'A050', date: '2026-03-02', issued: '16:10', cancelled: '16:20' }),
    ];
    const engine = run(tickets, 72, '2026-03-01', '2026-03-31', {});
    const page = pairPage(engine, 0, 10);
    // a2 (Tue 15:40) is newer than b2 (Mon 16:10). alice: Mon 09:10 → Tue 15:40 = 30 h 30 min = 30.5 h.
    expect(page.map((p) => [p.identityMasked, p.first.number, p.repeat.number, p.gapHours])).toEqual([
      ['alice-masked', 'A001', 'B007', 30.5],
      ['bob-masked', 'A002', 'A050', 6],
    ]);
    expect(page[0]?.first).toMatchObject({ serviceId: 'A', staffId: 's1', status: 'done', outcome: 'resolved' });
    expect(page[0]?.repeat).toMatchObject({ serviceId: 'B', status: 'cancelled', endedAt: null });
    const s2 = run(tickets, 72, '2026-03-01', '2026-03-31', { staffId: 's2' });
    expect(pairPage(s2, 0, 10).map((p) => p.identityMasked)).toEqual(['bob-masked']);
  });

  it('lists frequent visitors with their visits and outcomes', () => {
    const tickets = [
      served({ id: 'a1', who: 'alice', date: '2026-03-02', issued: '09:00', called: '09:02', finished: '09:10' }),
      tk({ id: 'a2', identity: 'alice', date: '2026-03-04', issued: '09:00', cancelled: '09:05' }),
      served({
        id: 'a3',
        who: 'alice',
        date: '2026-03-06',
        issued: '09:00',
        called: '09:02',
        finished: '09:10',
        outcome: 'referred',
      }),
      served({ id: 'b1', who: 'bob', date: '2026-03-02', issued: '11:00', called: '11:02', finished: '11:10' }),
      tk({ id: 'b2', identity: 'bob', date: '2026-03-09', issued: '09:00', cancelled: '09:05' }),
      served({ id: 'c1', who: 'carol', date: '2026-03-02', issued: '12:00', called: '12:02', finished: '12:10' }),
    ];
    const all = chunks(tickets);
    const list = frequentVisitors(all, { from: '2026-03-01', to: '2026-03-31', minVisits: 2, limit: 10 });
    // alice 3 visits (2 served), bob 2 (1 served); carol once → not listed.
    expect(list.map((v) => [v.identityMasked, v.visits, v.served])).toEqual([
      ['alice-masked', 3, 2],
      ['bob-masked', 2, 1],
    ]);
    expect(list[0]?.history.map((h) => [h.date, h.status, h.outcome])).toEqual([
      ['2026-03-02', 'done', 'resolved'],
      ['2026-03-04', 'cancelled', null],
      ['2026-03-06', 'done', 'referred'],
    ]);
    // Only visits in the range count: from 03-03 alice has 2, bob 1.
    const later = frequentVisitors(all, { from: '2026-03-03', to: '2026-03-31', minVisits: 2, limit: 10 });
    expect(later.map((v) => [v.identityMasked, v.visits])).toEqual([['alice-masked', 2]]);
  });

  it('refuses a window outside 2 hours … 7 days', () => {
    expect(() => new RepeatEngine({ windowHours: 1.5, from: '2026-03-01', to: '2026-03-02' })).toThrow(RangeError);
    expect(() => new RepeatEngine({ windowHours: 169, from: '2026-03-01', to: '2026-03-02' })).toThrow(RangeError);
  });
});

describe('repeat visits at the edges', () => {
  it('a visit that begins the instant the last one ended is its next visit (gap 0, hour bin 0)', () => {
    const tickets = [
      served({ id: 'a1', who: 'alice', date: '2026-03-02', issued: '09:00', called: '09:00', finished: '09:10' }),
      tk({ id: 'a2', identity: 'alice', date: '2026-03-02', issued: '09:10:00', cancelled: '09:20' }),
    ];
    const t = run(tickets, 2).tables();
    expect(t.overall).toMatchObject({ servedVisits: 1, repeated: 1 });
    expect(t.intervals[0]?.count).toBe(1);
  });

  it('a gap of exactly 7 days goes in the last hour bin, and repeats within a 7-day window', () => {
    const tickets = [
      served({ id: 'a1', who: 'alice', date: '2026-03-02', issued: '09:00', called: '09:00', finished: '09:10' }),
      tk({ id: 'a2', identity: 'alice', date: '2026-03-09', issued: '09:10:00', cancelled: '09:20' }),
    ];
    const t = run(tickets, 168).tables();
    expect(t.intervals[167]?.count).toBe(1);
    expect(t.intervals.reduce((n, r) => n + r.count, 0)).toBe(1);
    expect(t.overall.repeated).toBe(1);
  });

  // A service seen on an earlier day comes first in the engine's list of services, so B and the
  // second clerk are not the first of their lists.
  const tickets = [
    served({ id: 'x1', who: 'xavier', date: '2026-03-01', issued: '09:00', called: '09:00', finished: '09:10', staff: 's1' }),
    served({ id: 'c1', who: 'carol', service: 'B', date: '2026-03-02', issued: '09:00', called: '09:00', finished: '09:10' }),
    tk({ id: 'c2', identity: 'carol', service: 'A', date: '2026-03-02', issued: '10:00', cancelled: '10:10' }),
    served({ id: 'e1', who: 'erin', service: 'B', date: '2026-03-02', issued: '09:30', called: '09:30', finished: '09:40' }),
    tk({ id: 'e2', identity: 'erin', service: 'A', date: '2026-03-02', issued: '10:30', cancelled: '10:40' }),
    served({ id: 'd1', who: 'dora', date: '2026-03-02', issued: '09:00', called: '09:00', finished: '09:10', staff: 's2' }),
    tk({ id: 'd2', identity: 'dora', service: 'B', date: '2026-03-02', issued: '10:00', cancelled: '10:10' }),
  ];

  it('the flow goes from the service of the earlier visit to that of the return', () => {
    expect(run(tickets, 2).tables().flow).toEqual([
      { fromServiceId: 'A', toServiceId: 'B', count: 1 },
      { fromServiceId: 'B', toServiceId: 'A', count: 2 },
    ]);
  });

  it('the drill-down filters by the service left, the service returned to, and the first clerk listed', () => {
    const who = (pairs: object) =>
      pairPage(run(tickets, 2, '2026-03-01', '2026-03-31', pairs), 0, 10).map((p) => p.identityMasked);
    expect(who({ serviceId: 'B' })).toEqual(['erin-masked', 'carol-masked']);
    expect(who({ toServiceId: 'B' })).toEqual(['dora-masked']);
    expect(who({ staffId: 's1' })).toEqual(['erin-masked', 'carol-masked']);
    expect(who({ staffId: 's2' })).toEqual(['dora-masked']);
  });

  it('says what it refuses: a window outside 2–168 hours, a day of 2²¹ visits or more', () => {
    expect(() => new RepeatEngine({ windowHours: 1, from: '2026-03-01', to: '2026-03-02' })).toThrow(
      'the repeat window must be 2–168 hours',
    );
    const engine = new RepeatEngine({ windowHours: 2, from: '2026-03-01', to: '2026-03-02' });
    expect(() => engine.add({ date: '2026-03-01', n: 2 ** 21 } as VisitChunk)).toThrow('too many visits in one day');
  });
});

describe('visit index file', () => {
  it('round-trips every column and label, and gives the same analysis', () => {
    const tickets = [
      served({ id: 'a1', who: 'alice', date: '2026-03-02', issued: '09:00', called: '09:02', finished: '09:10', counter: '3' }),
      tk({
        id: 'a2',
        identity: 'alice',
        kind: 'phone',
        service: 'B',
        date: '2026-03-03',
        issued: '09:10',
        called: '09:11',
        noShow: '09:14',
      }),
      served({ id: 'b1', who: 'bob', date: '2026-03-03', issued: '10:00', called: '10:01', finished: '10:10', outcome: 'x.y' }),
    ];
    const original = chunks(tickets);
    const decoded = original.map((c) => decodeChunk(encodeChunk(c)));
    for (const [a, b] of original.map((c, i) => [c, decoded[i] as VisitChunk] as const)) {
      expect(b.date).toBe(a.date);
      expect([...b.key]).toEqual([...a.key]);
      expect([...b.end]).toEqual([...a.end]);
      expect([...b.status]).toEqual([...a.status]);
      expect([...b.kind]).toEqual([...a.kind]);
      for (let i = 0; i < a.n; i++) expect(b.label(i)).toEqual(a.label(i));
      expect([b.services, b.staffIds, b.outcomes, b.counters]).toEqual([a.services, a.staffIds, a.outcomes, a.counters]);
    }
    const tablesOf = (cs: VisitChunk[]) => {
      const e = new RepeatEngine({ windowHours: 72, from: '2026-03-01', to: '2026-03-31' });
      for (const c of cs) e.add(c);
      return e.tables();
    };
    expect(tablesOf(decoded)).toEqual(tablesOf(original));
    expect(() => decodeChunk(Buffer.from('not an index'))).toThrow(/not a visit index/);
    const whole = encodeChunk(original[0] as VisitChunk);
    expect(() => decodeChunk(whole.subarray(0, whole.length - 40))).toThrow(/truncated/);
  });
});
