/**
 * Worked examples of the promised wait (forecast.ts over estimate.ts): a plain head count, the
 * higher-class arrivals expected while the visitor can still be overtaken, and the shorter window
 * when the visitor will be protected before being called.
 */
import { describe, expect, it } from 'vitest';
import type { ArrivalRates } from './arrival-rates';
import { newArrivalWaitSec, ticketWaitSec } from './forecast';
import { defaultPolicy } from './policy';
import { PolicyLine } from './policy-line';
import { MIN, T0, waiting } from './test-tickets';

/** Arrival rates fixed by the test, recording what they were asked. */
function rates(perMs: number) {
  const asked: { serviceId: string; classes: string[]; now: number; since: number }[] = [];
  const r = {
    ratePerMs(serviceId: string, classIds: Iterable<string>, now: number, since: number) {
      asked.push({ serviceId, classes: [...classIds], now, since });
      return perMs;
    },
  } as unknown as ArrivalRates;
  return { r, asked };
}

const policy = defaultPolicy(); // appointment > priority > normal, 30 minutes each
const base = { serviceId: 'A', classId: 'normal', now: T0, policy, since: T0 - 30 * MIN, avgServiceSec: 300 };

describe('newArrivalWaitSec (the board and kiosk figure)', () => {
  it('with nobody overtaking: (waiting + 1) visits at one counter', () => {
    const { r, asked } = rates(0);
    expect(newArrivalWaitSec({ ...base, waiting: 5, protected: 0, rates: r, servers: 1, idle: false })).toBe(1800);
    expect(asked).toEqual([{ serviceId: 'A', classes: ['appointment', 'priority'], now: T0, since: T0 - 30 * MIN }]);
    // Two counters halve it; no counter open counts as one; a free counter matters only with
    // nobody ahead (then the visitor is called at once).
    expect(newArrivalWaitSec({ ...base, waiting: 5, protected: 0, rates: r, servers: 2, idle: false })).toBe(900);
    expect(newArrivalWaitSec({ ...base, waiting: 5, protected: 0, rates: r, servers: 1, idle: true })).toBe(1800);
    expect(newArrivalWaitSec({ ...base, waiting: 0, protected: 0, rates: r, servers: 1, idle: true })).toBe(0);
    expect(newArrivalWaitSec({ ...base, waiting: 0, protected: 0, rates: r, servers: 1, idle: false })).toBe(300);
    expect(newArrivalWaitSec({ ...base, waiting: 5, protected: 0, rates: r, servers: 0, idle: false })).toBe(1800);
  });

  it('adds the higher-class visitors expected during the wait (4 per half hour over 30 minutes)', () => {
    const { r } = rates(4 / (30 * MIN));
    // 5 ahead + 4 expected = 9, + 1 = 10 visits of 5 minutes.
    expect(newArrivalWaitSec({ ...base, waiting: 5, protected: 0, rates: r, servers: 1, idle: false })).toBe(3000);
  });

  it('counts only overtakers that can reach the front before the visitor is protected', () => {
    const short = defaultPolicy({
      classes: [
        { id: 'appointment', rank: 0, boundMs: 20 * MIN },
        { id: 'priority', rank: 1, boundMs: 20 * MIN },
        { id: 'normal', rank: 2, boundMs: 20 * MIN },
      ],
    });
    const { r } = rates(4 / (30 * MIN));
    // Plain wait 30 min > the 20-minute bound: newcomers first wait behind the 2 protected
    // tickets (3 visits = 15 min), so only 20 − 15 = 5 minutes of arrivals count: 2/3 of a visitor.
    const wait = (protectedCount: number, servers: number) =>
      newArrivalWaitSec({ ...base, policy: short, waiting: 5, protected: protectedCount, rates: r, servers, idle: false });
    expect(wait(2, 1)).toBe(2000);
    // Nobody protected: newcomers wait one visit (5 min), so 15 minutes count: 2 visitors, 8 visits.
    expect(wait(0, 1)).toBe(2400);
    // Two counters: 6 plain visits take 15 min ≤ 20, all of them count: 5 + 2 = 7, + 1 = 8 visits / 2.
    expect(wait(2, 2)).toBe(1200);
    // No counter open counts as one, for the newcomers' delay too.
    expect(wait(2, 0)).toBe(2000);
    // Two counters and 9 waiting: plain 25 min > 20; newcomers wait 3 visits / 2 counters = 7.5 min,
    // so 12.5 minutes of arrivals count (1 2/3 visitors): 11 2/3 visits over 2 counters.
    expect(newArrivalWaitSec({ ...base, policy: short, waiting: 9, protected: 2, rates: r, servers: 2, idle: false })).toBe(1750);
  });
});

describe('ticketWaitSec (a waiting ticket)', () => {
  it('a ticket that can still be overtaken expects the higher-class arrivals of its wait', () => {
    const t = waiting({ arrive: 0 });
    const other = waiting({ arrive: 1 });
    const line = new PolicyLine(policy);
    line.add(t);
    line.add(other);
    const now = T0 + 10 * MIN;
    const { r, asked } = rates(1 / (5 * MIN)); // one higher-class arrival every 5 minutes
    const p = { ticket: t, now, line, policy, rates: r, since: now - 30 * MIN, avgServiceSec: 300, servers: 1, idle: false };
    // Nobody ahead: plain wait one visit (5 min), one overtaker expected in it: 2 visits.
    expect(ticketWaitSec(p)).toBe(600);
    expect(asked[0]).toEqual({ serviceId: 'A', classes: ['appointment', 'priority'], now, since: now - 30 * MIN });
    // The second ticket: 1 ahead, plain 10 min, two overtakers: 4 visits.
    expect(ticketWaitSec({ ...p, ticket: other })).toBe(1200);
  });

  it('a protected ticket is overtaken by nobody: the plain count, rates not asked', () => {
    const t = waiting({ arrive: 0 });
    const line = new PolicyLine(policy);
    line.add(t);
    const now = T0 + 30 * MIN; // waited exactly the bound
    const { r, asked } = rates(1 / MIN);
    expect(
      ticketWaitSec({ ticket: t, now, line, policy, rates: r, since: now, avgServiceSec: 300, servers: 1, idle: false }),
    ).toBe(300);
    expect(asked).toEqual([]);
  });

  it('a head transfer is overtaken by nobody either', () => {
    const t = waiting({ arrive: 0, atHead: true });
    const line = new PolicyLine(policy);
    line.add(t);
    const { r, asked } = rates(1 / MIN);
    const p = { ticket: t, now: T0, line, policy, rates: r, since: T0, avgServiceSec: 300, servers: 1, idle: false };
    expect(ticketWaitSec(p)).toBe(300);
    expect(asked).toEqual([]);
  });

  it('counts an older ticket that will be protected before this one is called', () => {
    const older = waiting({ arrive: 0 }); // protected from 09:00
    const t = waiting({ arrive: 20, priority: 'priority' });
    const line = new PolicyLine(policy);
    line.add(older);
    line.add(t);
    const now = T0 + 25 * MIN; // the priority ticket is first now, but in 5 minutes the older one is protected
    const { r } = rates(0);
    const p = { ticket: t, now, line, policy, rates: r, since: now, avgServiceSec: 300, servers: 1, idle: false };
    expect(line.position(t, now)).toBe(0);
    expect(ticketWaitSec(p)).toBe(600);
  });

  it('near its bound, only the overtakers that can get ahead in the time left count', () => {
    const t = waiting({ arrive: 0 });
    const line = new PolicyLine(policy);
    line.add(t);
    for (let i = 1; i <= 5; i++) line.add(waiting({ arrive: -40 - i })); // five protected tickets ahead
    const now = T0 + 25 * MIN; // 5 minutes of the bound left
    const { r } = rates(1 / MIN);
    // 5 ahead: plain 30 min > 5 min left; newcomers first wait 6 visits (30 min) > 5: none count.
    const p = { ticket: t, now, line, policy, rates: r, since: now, avgServiceSec: 300, servers: 1, idle: false };
    expect(ticketWaitSec(p)).toBe(1800);
  });
});
