/**
 * The repeat engine (a one-pass scan over day chunks with a hash table of pending visits)
 * against a direct, quadratic reading of the rules on random small histories: whatever the
 * identities, times, window and range, both must give the same tables. A one-bucket table
 * makes every identity collide, so the chain walking and lazy clean-up are exercised too.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RepeatRateRow } from '../protocol';
import { runs } from '../testing/property';
import { HOUR_MS, MAX_WINDOW_HOURS, RepeatEngine, type RepeatTables } from './repeats';
import { visitsToChunk } from './visit-chunk';
import type { Visit } from './visits';

const DAYS = ['2026-03-02', '2026-03-03', '2026-03-05', '2026-03-09', '2026-03-12'];
const HMACS = ['a', 'b', 'c', 'd'].map((c) => c.repeat(64));
const DAY0 = Date.UTC(2026, 2, 2, 1); // 09:00 local on the first day

const visitArb = fc.record({
  who: fc.integer({ min: 0, max: HMACS.length - 1 }),
  day: fc.integer({ min: 0, max: DAYS.length - 1 }),
  minute: fc.integer({ min: 0, max: 600 }),
  served: fc.boolean(),
  minutes: fc.integer({ min: 1, max: 180 }),
  service: fc.constantFrom('A', 'B'),
  final: fc.constantFrom('A', 'B'),
  staff: fc.constantFrom('s1', 's2', undefined),
});

type VisitSpec = typeof visitArb extends fc.Arbitrary<infer T> ? T : never;

function toVisits(specs: VisitSpec[]): Visit[] {
  // Distinct arrival instants (a tie would leave the order of two visits to the sort).
  return specs.map((s, i) => {
    const date = DAYS[s.day] as string;
    const dayMs = Date.parse(`${date}T00:00:00Z`) - Date.parse(`${DAYS[0]}T00:00:00Z`);
    const arrivalAt = DAY0 + dayMs + s.minute * 60_000 + i;
    const v: Visit = {
      hmac: HMACS[s.who] as string,
      kind: 'id-card',
      masked: `m${s.who}`,
      date,
      number: `N${i}`,
      serviceId: s.service,
      finalServiceId: s.final,
      arrivalAt,
      endedAt: s.served ? arrivalAt + s.minutes * 60_000 : null,
      status: s.served ? 'done' : 'cancelled',
    };
    if (s.staff) v.staffId = s.staff;
    return v;
  });
}

/** The rules, read literally. */
function reference(visits: Visit[], windowHours: number, from: string, to: string): RepeatTables {
  const W = windowHours * HOUR_MS;
  const order = [...visits].sort((a, b) => a.arrivalAt - b.arrivalAt);
  const inRange = (v: Visit) => v.date >= from && v.date <= to;
  const nextOf = (u: Visit) =>
    order.find((v) => v !== u && v.hmac === u.hmac && v.arrivalAt >= (u.endedAt as number) && v.arrivalAt >= u.arrivalAt);
  const isRepeat = (v: Visit) => order.some((u) => u.endedAt !== null && nextOf(u) === v && v.arrivalAt - u.endedAt <= W);
  const rows = new Map<string, [number, number]>();
  const svc = new Map<string, [number, number]>();
  const flow = new Map<string, number>();
  const intervals = new Array<number>(MAX_WINDOW_HOURS).fill(0);
  let served = 0;
  let repeated = 0;
  let first = 0;
  let firstRepeated = 0;
  for (const u of order) {
    if (u.endedAt === null || !inRange(u)) continue;
    served++;
    const wasRepeat = isRepeat(u);
    if (!wasRepeat) first++;
    const next = nextOf(u);
    const gap = next ? next.arrivalAt - u.endedAt : Number.POSITIVE_INFINITY;
    const back = gap <= W;
    if (gap <= MAX_WINDOW_HOURS * HOUR_MS) {
      const bin = Math.min(MAX_WINDOW_HOURS - 1, Math.floor(gap / HOUR_MS));
      intervals[bin] = (intervals[bin] ?? 0) + 1;
    }
    const k = `${u.staffId ?? ''}|${u.finalServiceId}`;
    const r = rows.get(k) ?? [0, 0];
    const s = svc.get(u.finalServiceId) ?? [0, 0];
    r[0]++;
    s[0]++;
    if (back && next) {
      repeated++;
      if (!wasRepeat) firstRepeated++;
      r[1]++;
      s[1]++;
      const f = `${u.finalServiceId}|${next.serviceId}`;
      flow.set(f, (flow.get(f) ?? 0) + 1);
    }
    rows.set(k, r);
    svc.set(u.finalServiceId, s);
  }
  const rate = (a: number, b: number) => (a > 0 ? b / a : null);
  const row = (serviceId: string, staffId: string, [a, b]: [number, number]): RepeatRateRow => ({
    serviceId,
    staffId,
    servedVisits: a,
    repeated: b,
    repeatRate: rate(a, b),
  });
  let cumulative = 0;
  return {
    overall: {
      visits: visits.filter(inRange).length,
      servedVisits: served,
      repeated,
      repeatRate: rate(served, repeated),
      firstVisits: first,
      firstVisitsResolved: first - firstRepeated,
      firstVisitResolutionRate: rate(first, first - firstRepeated),
    },
    byService: [...svc].sort().map(([s, v]) => row(s, '*', v)),
    byClerkService: [...rows]
      .map(([k, v]) => row(k.split('|')[1] as string, k.split('|')[0] as string, v))
      .sort((a, b) => (a.staffId < b.staffId ? -1 : a.staffId > b.staffId ? 1 : a.serviceId < b.serviceId ? -1 : 1)),
    flow: [...flow]
      .sort()
      .map(([k, count]) => ({ fromServiceId: k.split('|')[0] as string, toServiceId: k.split('|')[1] as string, count })),
    intervals: intervals.map((count, hour) => {
      cumulative += count;
      return { hour, count, cumulativeShare: served > 0 ? cumulative / served : 0 };
    }),
    // Visits only here (no phone calls): every repeat is visit → visit.
    channels: repeated > 0 ? [{ fromChannel: 'visit', toChannel: 'visit', count: repeated }] : [],
  };
}

function engine(visits: Visit[], windowHours: number, from: string, to: string, tableBits?: number): RepeatTables {
  const e = new RepeatEngine({ windowHours, from, to, ...(tableBits ? { tableBits } : {}) });
  for (const d of DAYS)
    e.add(
      visitsToChunk(
        d,
        visits.filter((v) => v.date === d),
      ),
    );
  return e.tables();
}

describe('repeat engine against the rules read literally', () => {
  // 300 histories take about a second; the limit leaves room for a loaded machine.
  it('agrees on random histories, windows and ranges', { timeout: 60_000 }, () => {
    let withRepeats = 0;
    fc.assert(
      fc.property(
        fc.array(visitArb, { maxLength: 40 }),
        fc.constantFrom(2, 5, 24, 72, 168),
        fc.integer({ min: 0, max: DAYS.length - 1 }),
        fc.integer({ min: 0, max: DAYS.length - 1 }),
        (specs, windowHours, a, b) => {
          const visits = toVisits(specs);
          const from = DAYS[Math.min(a, b)] as string;
          const to = DAYS[Math.max(a, b)] as string;
          const expected = reference(visits, windowHours, from, to);
          if (expected.overall.repeated > 0) withRepeats++;
          expect(engine(visits, windowHours, from, to, 1)).toEqual(expected);
          expect(engine(visits, windowHours, from, to)).toEqual(expected);
        },
      ),
      runs(300),
    );
    // Not vacuous: a fair share of the histories had repeats to find.
    expect(withRepeats).toBeGreaterThan(30);
  });
});
