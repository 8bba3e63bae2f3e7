import { describe, expect, it } from 'vitest';
import { estimateWaitSec, ewma, forecastWaitSec, occupancySec, servingCapacity } from './estimate';

describe('ewma', () => {
  it('moves alpha of the way towards the sample', () => {
    expect(ewma(100, 200)).toBeCloseTo(120);
    expect(ewma(100, 50)).toBeCloseTo(90);
    expect(ewma(100, 200, 0.5)).toBeCloseTo(150);
    expect(ewma(100, 200, 1)).toBe(200);
    expect(ewma(100, 100)).toBe(100);
  });

  it('converges to a constant sample', () => {
    let v = 300;
    for (let i = 0; i < 60; i++) v = ewma(v, 120);
    expect(v).toBeCloseTo(120, 3);
  });
});

describe('estimateWaitSec', () => {
  it('is tickets ahead × average service time / servers, rounded', () => {
    expect(estimateWaitSec({ ahead: 4, avgServiceSec: 300, servers: 2 })).toBe(600);
    expect(estimateWaitSec({ ahead: 1, avgServiceSec: 100, servers: 3 })).toBe(33);
    expect(estimateWaitSec({ ahead: 0, avgServiceSec: 300, servers: 2 })).toBe(0);
  });

  it('assumes one server when no counter is open, so the figure stays finite', () => {
    expect(estimateWaitSec({ ahead: 3, avgServiceSec: 200, servers: 0 })).toBe(600);
    expect(Number.isFinite(estimateWaitSec({ ahead: 3, avgServiceSec: 200, servers: 0 }))).toBe(true);
  });

  it('a fractional share slows the queue down (not rounded up to one server)', () => {
    expect(estimateWaitSec({ ahead: 2, avgServiceSec: 300, servers: 0.25 })).toBe(2400);
    expect(estimateWaitSec({ ahead: 2, avgServiceSec: 300, servers: 1.25 })).toBe(480);
  });
});

describe('servingCapacity', () => {
  const c2 = {
    services: [
      { serviceId: 'A', weight: 2 },
      { serviceId: 'B', weight: 1 },
    ],
  };
  const c1 = { services: [{ serviceId: 'A', weight: 1 }] };

  it('splits a counter by weight only among services with visitors waiting', () => {
    expect(servingCapacity('A', [c2], () => true)).toBeCloseTo(2 / 3);
    expect(servingCapacity('B', [c2], () => true)).toBeCloseTo(1 / 3);
    expect(servingCapacity('A', [c2], (id) => id === 'A')).toBe(1);
    expect(servingCapacity('B', [c1, c2], (id) => id === 'B')).toBe(1);
    expect(servingCapacity('A', [c1, c2], () => true)).toBeCloseTo(5 / 3);
  });

  it('leaves out what the signed-in clerk may not call', () => {
    expect(servingCapacity('A', [{ ...c2, skills: new Set(['B']) }], () => true)).toBe(0);
    expect(servingCapacity('B', [{ ...c2, skills: new Set(['B']) }], () => true)).toBe(1);
  });
});

const by = { type: 'system' as const };
/** A ticket of service A with only the fields occupancySec does not read fixed. */
const base = {
  id: 't',
  number: 'A001',
  seq: 1,
  serviceId: 'A',
  businessDate: '2026-03-02',
  status: 'done' as const,
  source: 'kiosk' as const,
  priority: 'normal',
  lang: 'zh' as const,
  issuedAt: 0,
  arrivalAt: 0,
  recalls: 0,
  trackToken: 'x',
};

describe('occupancySec', () => {
  it('measures from the first call (after a re-queue) to the release', () => {
    const events = [
      { type: 'issued' as const, at: 0, by },
      { type: 'called' as const, at: 60_000, by },
      { type: 'recalled' as const, at: 90_000, by },
      { type: 'started' as const, at: 120_000, by },
    ];
    expect(occupancySec({ ...base, events }, 360_000)).toBe(300);
    const requeued = [...events, { type: 'requeued' as const, at: 400_000, by }, { type: 'called' as const, at: 500_000, by }];
    expect(occupancySec({ ...base, events: requeued }, 560_000)).toBe(60);
    expect(occupancySec({ ...base, events: [{ type: 'issued' as const, at: 0, by }] }, 560_000)).toBeUndefined();
    expect(occupancySec({ ...base, events }, 60_000 + 5 * 3600_000)).toBeUndefined();
  });
});

describe('occupancySec at its edges', () => {
  const t = (events: { type: 'issued' | 'called' | 'no_show' | 'requeued'; at: number }[]) => ({
    ...base,
    status: 'cancelled' as const,
    events: events.map((e) => ({ ...e, by })),
  });
  const called = t([
    { type: 'issued', at: 0 },
    { type: 'called', at: 60_000 },
  ]);

  it('a release in the instant of the call teaches nothing; exactly 4 hours is still a visit, a second more is not', () => {
    expect(occupancySec(called, 60_000)).toBeUndefined();
    expect(occupancySec(called, 61_000)).toBe(1);
    expect(occupancySec(called, 60_000 + 4 * 3600_000)).toBe(4 * 3600);
    expect(occupancySec(called, 60_000 + 4 * 3600_000 + 1000)).toBeUndefined();
  });

  it('a no-show put back in the line and cancelled before a new call teaches nothing', () => {
    const back = t([
      { type: 'issued', at: 0 },
      { type: 'called', at: 60_000 },
      { type: 'no_show', at: 120_000 },
      { type: 'requeued', at: 180_000 },
    ]);
    expect(occupancySec(back, 240_000)).toBeUndefined();
  });
});

describe('forecastWaitSec and a free counter', () => {
  const plain = { overtakeRatePerMs: 0, overtakableForMs: 0, overtakerDelayMs: 0, avgServiceSec: 300, servers: 1 };

  it('a free counter calls the visitor at once only with nobody ahead; with one ahead it waits a visit more', () => {
    expect(forecastWaitSec({ ...plain, aheadAt: () => 0, idle: true })).toBe(0);
    expect(forecastWaitSec({ ...plain, aheadAt: () => 1, idle: true })).toBe(600);
    expect(forecastWaitSec({ ...plain, aheadAt: () => 1, idle: false })).toBe(600);
  });
});
