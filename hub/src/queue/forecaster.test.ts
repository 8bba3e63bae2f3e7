/**
 * The forecaster as the hub uses it (queue/forecaster.ts): what it learns from released visits,
 * which services keep their learned time, and that the day's arrivals and its start reach the
 * promised waits. The wait model itself has its worked examples in forecast.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../protocol';
import { SERVICE_TIME_ALPHA } from './estimate';
import { type FloorNow, Forecaster } from './forecaster';
import { defaultPolicy } from './policy';
import { PolicyLine } from './policy-line';
import { callTicket, cancelTicket, finishTicket, startTicket } from './state-machine';
import { MIN, T0, waiting } from './test-tickets';

const clerk: Actor = { type: 'staff', id: 's1' };
const policy = defaultPolicy(); // appointment > priority > normal, 30 minutes each
const oneCounter: FloorNow = { open: [{ services: [{ serviceId: 'A', weight: 1 }] }], hasWaiting: () => true, idle: false };

/** A visit called at `calledMin` and at the counter for `minutes`, in its status at each step. */
function visit(calledMin: number, minutes: number) {
  const called = callTicket(waiting({ arrive: 0 }), { counterId: '1', by: clerk, at: T0 + calledMin * MIN });
  const serving = startTicket(called, { by: clerk, at: T0 + calledMin * MIN });
  const done = finishTicket(serving, { by: clerk, at: T0 + (calledMin + minutes) * MIN });
  return { called, serving, done, releasedAt: T0 + (calledMin + minutes) * MIN };
}

describe('service times', () => {
  it('starts from the configured time, 300 s for a service it does not know', () => {
    const f = new Forecaster([{ id: 'A', avgServiceSec: 240 }]);
    expect(f.serviceSec('A')).toBe(240);
    expect(f.serviceSec('Z')).toBe(300);
  });

  it('learns from released visits only, as a moving average', () => {
    const f = new Forecaster([{ id: 'A', avgServiceSec: 300 }]);
    const v = visit(0, 10); // 600 s at the counter
    f.learn(v.called, v.releasedAt);
    f.learn(v.serving, v.releasedAt);
    f.learn(waiting({ arrive: 0 }), v.releasedAt);
    expect(f.serviceSec('A')).toBe(300);
    f.learn(v.done, v.releasedAt);
    expect(f.serviceSec('A')).toBeCloseTo(300 + SERVICE_TIME_ALPHA * (600 - 300), 9);
    // A cancelled ticket that was never called has no counter time to learn from.
    f.learn(cancelTicket(waiting({ arrive: 0 }), { by: clerk, at: T0 }), T0 + MIN);
    expect(f.serviceSec('A')).toBeCloseTo(315, 9);
  });

  it("takes a service's first measured visit as it is when nothing was configured", () => {
    const f = new Forecaster([]);
    const v = visit(0, 7);
    f.learn({ ...v.done, serviceId: 'Q' }, v.releasedAt);
    expect(f.serviceSec('Q')).toBe(420);
  });

  it('keeps learned times for the services that stay when the services change', () => {
    const f = new Forecaster([
      { id: 'A', avgServiceSec: 300 },
      { id: 'B', avgServiceSec: 200 },
    ]);
    const v = visit(0, 10);
    f.learn(v.done, v.releasedAt);
    f.applyServices([
      { id: 'A', avgServiceSec: 100 },
      { id: 'C', avgServiceSec: 120 },
    ]);
    expect(f.serviceSec('A')).toBeCloseTo(315, 9);
    expect(f.serviceSec('C')).toBe(120);
    expect(f.serviceSec('B')).toBe(300); // gone: the default
  });
});

describe('servers', () => {
  it("a counter's time goes to the lines that have visitors", () => {
    const f = new Forecaster([]);
    const open = [
      {
        services: [
          { serviceId: 'A', weight: 2 },
          { serviceId: 'B', weight: 1 },
        ],
      },
    ];
    expect(f.servers('A', { open, hasWaiting: () => false })).toBe(1);
    expect(f.servers('A', { open, hasWaiting: () => true })).toBeCloseTo(2 / 3, 9);
  });
});

describe('promised waits', () => {
  it('a walk-in: the day starts at its first arrival, and higher-class arrivals since then overtake', () => {
    const f = new Forecaster([{ id: 'A', avgServiceSec: 300 }]);
    const now = T0 + 10 * MIN;
    const ask = () => f.newArrivalWait('A', { now, waiting: 0, protected: 0, policy, floor: oneCounter });
    expect(ask()).toBe(300);
    for (const m of [1, 2, 3]) f.recordArrival(waiting({ arrive: m, priority: 'priority' }), policy, T0 + m * MIN);
    // Counted over 30 minutes (no day start yet): 3 per 30 min, 0.5 of them in the 5-minute wait.
    expect(ask()).toBe(450);
    // The day began at T0: 3 per 10 minutes, 1.5 overtakers → 2.5 visits.
    f.startDay(T0);
    for (const m of [1, 2, 3]) f.recordArrival(waiting({ arrive: m, priority: 'priority' }), policy, T0 + m * MIN);
    expect(ask()).toBe(750);
    // A new day forgets yesterday's arrivals.
    f.startDay(T0 + 9 * MIN);
    expect(ask()).toBe(300);
  });

  it('records an arrival under the class it has at `classAt`', () => {
    const f = new Forecaster([{ id: 'A', avgServiceSec: 300 }]);
    f.startDay(T0);
    // An appointment ticket checked in early waits as a walk-in (normal) until its window opens.
    const appt = waiting({ arrive: 1, appointment: 60 });
    f.recordArrival(appt, policy, T0 + MIN);
    f.recordArrival(appt, policy, T0 + 2 * MIN, T0 + 60 * MIN);
    const ask = () => f.newArrivalWait('A', { now: T0 + 10 * MIN, waiting: 0, protected: 0, policy, floor: oneCounter });
    // One higher-class arrival in 10 minutes: 0.5 of it in the 5-minute wait.
    expect(ask()).toBe(450);
  });

  it('a waiting ticket: the visitors ahead of it, one counter, idle or not', () => {
    const f = new Forecaster([{ id: 'A', avgServiceSec: 300 }]);
    const line = new PolicyLine(policy);
    const ts = [0, 1, 2].map((m) => waiting({ arrive: m }));
    for (const t of ts) line.add(t);
    const now = T0 + 3 * MIN;
    expect(f.ticketWait(ts[2] as (typeof ts)[number], { now, line, policy, floor: oneCounter })).toBe(900);
    expect(f.ticketWait(ts[0] as (typeof ts)[number], { now, line, policy, floor: { ...oneCounter, idle: true } })).toBe(0);
  });
});
