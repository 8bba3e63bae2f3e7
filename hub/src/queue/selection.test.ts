import { describe, expect, it } from 'vitest';
import type { Actor, CounterServiceLink, Ticket } from '../protocol';
import { compareArrival, pickNext } from './selection';
import { callTicket, newTicket, startTicket, transferTicket } from './state-machine';

const sys: Actor = { type: 'system' };
const T0 = Date.UTC(2026, 10, 24, 1, 0, 0);
const MIN = 60_000;

let nextId = 0;
function issue(serviceId: string, seq: number, at: number): Ticket {
  nextId++;
  return newTicket({
    id: `t${String(nextId).padStart(4, '0')}`,
    serviceId,
    seq,
    number: `${serviceId}${String(seq).padStart(3, '0')}`,
    businessDate: '2026-11-24',
    source: 'kiosk',
    priority: 'normal',
    lang: 'zh',
    trackToken: `tok${nextId}`,
    at,
    by: sys,
  });
}
const links = (...ids: string[]): CounterServiceLink[] => ids.map((serviceId) => ({ serviceId, weight: 1 }));

describe('compareArrival', () => {
  it('orders by arrival, then issue time, seq, id', () => {
    const a = issue('A', 5, T0);
    const later = issue('A', 1, T0 + 1);
    expect(compareArrival(a, later)).toBeLessThan(0);
    expect(compareArrival(later, a)).toBeGreaterThan(0);
    // Same arrival, earlier issue wins (a kept-arrival continuation issued later loses the tie).
    const kept = { ...issue('A', 2, T0 + 10), arrivalAt: T0 };
    expect(compareArrival(a, kept)).toBeLessThan(0);
    // Same arrival and issue: seq, then id.
    const s1 = { ...issue('A', 1, T0), id: 'z' };
    const s2 = { ...issue('A', 2, T0), id: 'a' };
    expect(compareArrival(s1, s2)).toBeLessThan(0);
    expect(compareArrival({ ...s1, id: 'b', seq: 2 }, s2)).toBeGreaterThan(0);
    expect(compareArrival(s2, { ...s2 })).toBe(0);
  });
});

describe('pickNext', () => {
  const a1 = issue('A', 1, T0 + 2 * MIN);
  const b1 = issue('B', 1, T0 + 1 * MIN);
  const c1 = issue('C', 1, T0);
  const a2 = issue('A', 2, T0 + 3 * MIN);
  const b2 = issue('B', 2, T0 + 4 * MIN);
  const all = [a1, b1, c1, a2, b2];

  it('is FIFO across the services of a multi-service counter', () => {
    const counter = links('A', 'B');
    const order: string[] = [];
    let pool = all;
    for (;;) {
      const t = pickNext(pool, counter);
      if (t === undefined) break;
      order.push(t.number);
      pool = pool.map((x) => (x.id === t.id ? callTicket(x, { counterId: 'c1', by: sys, at: T0 + 10 * MIN }) : x));
    }
    expect(order).toEqual(['B001', 'A001', 'A002', 'B002']); // C001 is older but not served here
  });

  it('only looks at waiting tickets of served services', () => {
    expect(pickNext(all, links('C'))?.id).toBe(c1.id);
    expect(pickNext(all, links('D'))).toBeUndefined();
    expect(pickNext(all, [])).toBeUndefined();
    const called = callTicket(c1, { counterId: 'c9', by: sys, at: T0 + MIN });
    expect(pickNext([called, a1], links('A', 'C'))?.id).toBe(a1.id);
    expect(pickNext([], links('A'))).toBeUndefined();
  });

  it('honours allowedServiceIds (e.g. staff skills)', () => {
    expect(pickNext(all, links('A', 'B'), new Set(['A']))?.id).toBe(a1.id);
    expect(pickNext(all, links('A', 'B'), new Set(['C']))).toBeUndefined(); // allowed but not served
    expect(pickNext(all, links('A', 'B'), new Set())).toBeUndefined();
  });

  it('accepts any iterable (e.g. a Map of tickets)', () => {
    const byId = new Map(all.map((t) => [t.id, t]));
    expect(pickNext(byId.values(), links('A', 'B', 'C'))?.id).toBe(c1.id);
  });

  it('a transferred continuation with keepArrival ranks ahead of later arrivals', () => {
    const x1 = issue('X', 1, T0); // arrives first, served at X, then sent to A
    const early = issue('A', 10, T0 + 5 * MIN);
    const late = issue('A', 11, T0 + 20 * MIN);
    let x = callTicket(x1, { counterId: 'cx', by: sys, at: T0 + MIN });
    x = startTicket(x, { by: sys, at: T0 + 2 * MIN });
    const at = T0 + 15 * MIN;
    const kept = transferTicket(x, { by: sys, at, serviceId: 'A', continuationId: 'k', keepArrival: true }).continuation;
    const fresh = transferTicket(x, { by: sys, at, serviceId: 'A', continuationId: 'f', keepArrival: false }).continuation;
    expect(pickNext([early, late, kept], links('A'))?.id).toBe('k');
    // Without keepArrival it queues by transfer time: after `early`, before `late`.
    expect(pickNext([early, late, fresh], links('A'))?.id).toBe(early.id);
  });
});

/** Tiny seeded PRNG (mulberry32) so the property test is reproducible without a dependency. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('property: random issue/call/transfer sequences', () => {
  const SERVICES = ['A', 'B', 'C'];
  const COUNTERS: { id: string; services: CounterServiceLink[] }[] = [
    { id: 'c1', services: [{ serviceId: 'A', weight: 1 }] },
    {
      id: 'c2',
      services: [
        { serviceId: 'A', weight: 2 },
        { serviceId: 'B', weight: 1 },
      ],
    },
    {
      id: 'c3',
      services: [
        { serviceId: 'B', weight: 1 },
        { serviceId: 'C', weight: 1 },
      ],
    },
  ];

  /** Independent oracle: sort a copy by the key tuple and take the first. */
  function oracle(tickets: Ticket[], services: CounterServiceLink[]): Ticket | undefined {
    const served = new Set(services.map((l) => l.serviceId));
    const key = (t: Ticket) => [t.arrivalAt, t.issuedAt, t.seq] as const;
    return tickets
      .filter((t) => t.status === 'waiting' && served.has(t.serviceId))
      .sort((x, y) => {
        const kx = key(x);
        const ky = key(y);
        for (let i = 0; i < 3; i++) if (kx[i] !== ky[i]) return (kx[i] as number) - (ky[i] as number);
        return x.id === y.id ? 0 : x.id < y.id ? -1 : 1;
      })[0];
  }

  it.each(Array.from({ length: 40 }, (_, i) => i + 1))('seed %i', (seed) => {
    const rnd = mulberry32(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    const tickets = new Map<string, Ticket>();
    const seqs = new Map<string, number>();
    const calledIds = new Set<string>();
    let now = T0;
    let n = 0;
    let calls = 0;

    for (let step = 0; step < 300; step++) {
      now += Math.floor(rnd() * 3) * 1000; // 0 s steps make equal timestamps: tie-breakers matter
      const r = rnd();
      if (r < 0.45) {
        const s = pick(SERVICES);
        const seq = (seqs.get(s) ?? 0) + 1;
        seqs.set(s, seq);
        n++;
        const t = newTicket({
          id: `r${n}`,
          serviceId: s,
          seq,
          number: `${s}${seq}`,
          businessDate: '2026-11-24',
          source: 'kiosk',
          priority: 'normal',
          lang: 'zh',
          trackToken: `k${n}`,
          at: now,
          by: sys,
        });
        tickets.set(t.id, t);
      } else if (r < 0.9) {
        const counter = pick(COUNTERS);
        const all = [...tickets.values()];
        const chosen = pickNext(tickets.values(), counter.services);
        const expected = oracle(all, counter.services);
        expect(chosen?.id).toBe(expected?.id);
        if (chosen === undefined) continue;
        expect(chosen.status).toBe('waiting');
        expect(counter.services.some((l) => l.serviceId === chosen.serviceId)).toBe(true);
        expect(calledIds.has(chosen.id)).toBe(false);
        calledIds.add(chosen.id);
        calls++;
        tickets.set(chosen.id, callTicket(chosen, { counterId: counter.id, by: sys, at: now }));
      } else {
        // Serve a called ticket and send it to another service, sometimes keeping its arrival,
        // so continuations with old arrival times jump into the middle of other queues.
        const called = [...tickets.values()].filter((t) => t.status === 'called');
        if (called.length === 0) continue;
        const t = pick(called);
        const serving = startTicket(t, { by: sys, at: now });
        const target = pick(SERVICES.filter((s) => s !== t.serviceId));
        n++;
        const { from, continuation } = transferTicket(serving, {
          by: sys,
          at: now,
          serviceId: target,
          continuationId: `r${n}`,
          keepArrival: rnd() < 0.7,
        });
        tickets.set(from.id, from);
        tickets.set(continuation.id, continuation);
      }
    }

    // Every call is recorded exactly once on its ticket.
    const calledEvents = [...tickets.values()].flatMap((t) => t.events.filter((e) => e.type === 'called'));
    expect(calledEvents).toHaveLength(calls);
    expect(calls).toBeGreaterThan(0);
  });
});

describe('compareArrival, the last tie-breaker', () => {
  it('orders two tickets alike in everything but the id by id, both ways', () => {
    const a = { ...issue('A', 1, T0), id: 'a' };
    const b = { ...a, id: 'b' };
    expect(compareArrival(a, b)).toBe(-1);
    expect(compareArrival(b, a)).toBe(1);
    expect(compareArrival(a, { ...a })).toBe(0);
  });
});
