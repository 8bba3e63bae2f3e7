/**
 * The protection time at its exact boundary, as worked examples (docs/queue-policy.md §4): a
 * visitor who has waited exactly B minutes is protected; one millisecond earlier they are not.
 * Checked on the reference order (policy.ts) and on the indexed line (policy-line.ts), for
 * pick, position and the protected count, with one and with several classes of bound.
 */
import { describe, expect, it } from 'vitest';
import { defaultPolicy, MINUTE_MS, orderLine, type QueuePolicy, standing } from './policy';
import { PolicyLine } from './policy-line';
import { MIN, T0, waiting } from './test-tickets';

const B = 30 * MIN;

function lineOf(policy: QueuePolicy, tickets: ReturnType<typeof waiting>[]) {
  const line = new PolicyLine(policy);
  for (const t of tickets) line.add(t);
  return line;
}

describe('the protection time at its boundary (30 minutes)', () => {
  // A normal walk-in at 08:30, then priority visitors at 08:31 and 08:45.
  const normal = waiting({ arrive: 0 });
  const p1 = waiting({ arrive: 1, priority: 'priority' });
  const p2 = waiting({ arrive: 15, priority: 'priority' });
  const policy = defaultPolicy();
  const line = lineOf(policy, [normal, p1, p2]);

  it('at 08:59:59.999 the normal visitor (29 min 59.999 s) may still be overtaken', () => {
    const now = T0 + B - 1;
    expect(standing(normal, now, policy)).toMatchObject({ due: false, group: 2 });
    expect(orderLine([normal, p1, p2], now, policy).map((t) => t.id)).toEqual([p1.id, p2.id, normal.id]);
    expect(line.pick(now)?.id).toBe(p1.id);
    expect([normal, p1, p2].map((t) => line.position(t, now))).toEqual([2, 0, 1]);
    expect(line.protectedCount(now)).toBe(0);
  });

  it('at 09:00:00.000 exactly (waited 30 min) the normal visitor is protected and called first', () => {
    const now = T0 + B;
    expect(standing(normal, now, policy)).toMatchObject({ due: true, group: 1 });
    expect(orderLine([normal, p1, p2], now, policy).map((t) => t.id)).toEqual([normal.id, p1.id, p2.id]);
    expect(line.pick(now)?.id).toBe(normal.id);
    expect([normal, p1, p2].map((t) => line.position(t, now))).toEqual([0, 1, 2]);
    expect(line.protectedCount(now)).toBe(1);
  });

  it('at 09:01 exactly the first priority visitor is protected too, and goes by arrival behind the normal one', () => {
    const now = T0 + B + MIN;
    expect(standing(p1, now, policy)).toMatchObject({ due: true });
    expect(standing(p1, now - 1, policy)).toMatchObject({ due: false });
    expect(line.protectedCount(now)).toBe(2);
    expect(line.protectedCount(now - 1)).toBe(1);
    expect([normal, p1, p2].map((t) => line.position(t, now))).toEqual([0, 1, 2]);
  });
});

describe('per-class protection times at their boundaries', () => {
  // priority: 10 minutes, return: 20, normal: 40 (a higher class never has a longer bound).
  const policy = defaultPolicy({
    classes: [
      { id: 'appointment', rank: 0, boundMs: 10 * MINUTE_MS },
      { id: 'priority', rank: 1, boundMs: 10 * MINUTE_MS },
      { id: 'return', rank: 2, boundMs: 20 * MINUTE_MS },
      { id: 'normal', rank: 3, boundMs: 40 * MINUTE_MS },
    ],
  });
  const normal = waiting({ arrive: 0 }); // protected from 09:10
  const ret = waiting({ arrive: 5, priority: 'return' }); // protected from 08:55
  const prio = waiting({ arrive: 30, priority: 'priority' }); // protected from 09:10
  const all = [normal, ret, prio];
  const line = lineOf(policy, all);
  const at = (minutes: number) => T0 + minutes * MIN;
  const cases: [string, number, string[], number][] = [
    ['08:54:59.999: nobody protected, class order', at(25) - 1, [ret.id, normal.id], 0],
    ['08:55:00.000: the return visitor protected', at(25), [ret.id, normal.id], 1],
    ['09:09:59.999: only the return visitor protected', at(40) - 1, [ret.id, prio.id, normal.id], 1],
    ['09:10:00.000: all three protected, in arrival order', at(40), [normal.id, ret.id, prio.id], 3],
  ];
  for (const [name, now, order, protectedCount] of cases)
    it(name, () => {
      const present = all.filter((t) => t.arrivalAt <= now);
      const l = lineOf(policy, present);
      expect(orderLine(present, now, policy).map((t) => t.id)).toEqual(order);
      expect(l.pick(now)?.id).toBe(order[0]);
      expect(present.map((t) => order.indexOf(t.id))).toEqual(present.map((t) => l.position(t, now)));
      expect(l.protectedCount(now)).toBe(protectedCount);
    });

  it('the full line agrees with the reference at every millisecond around each boundary', () => {
    for (const boundary of [at(25), at(40)])
      for (let now = boundary - 2; now <= boundary + 2; now++) {
        const ref = orderLine(all, now, policy);
        expect(line.ordered(now).map((t) => t.id)).toEqual(ref.map((t) => t.id));
        for (const [i, t] of ref.entries()) expect(line.position(t, now)).toBe(i);
      }
  });
});
