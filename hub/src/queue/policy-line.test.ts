/** PolicyLine's bookkeeping beyond pick and position: the oldest ticket and the protected count. */
import { describe, expect, it } from 'vitest';
import { defaultPolicy } from './policy';
import { PolicyLine } from './policy-line';
import { MIN, T0, waiting } from './test-tickets';

describe('PolicyLine', () => {
  it('oldest() is the earliest arrival across classes and special tickets', () => {
    const line = new PolicyLine(defaultPolicy());
    const normal = waiting({ arrive: 5 });
    const prio = waiting({ arrive: 0, priority: 'priority' });
    line.add(normal); // the normal class is indexed first
    line.add(prio);
    expect(line.oldest()?.id).toBe(prio.id);
    const head = waiting({ arrive: 10, atHead: true });
    line.add(head);
    expect(line.oldest()?.id).toBe(prio.id); // a later special ticket is not older
    const early = waiting({ arrive: -3, appointment: 60 });
    line.add(early);
    expect(line.oldest()?.id).toBe(early.id);
    expect(new PolicyLine(defaultPolicy()).oldest()).toBeUndefined();
  });

  it('protectedCount() counts head transfers at once and appointment tickets once they waited their bound', () => {
    const line = new PolicyLine(defaultPolicy());
    line.add(waiting({ arrive: 0, atHead: true }));
    line.add(waiting({ arrive: 0, appointment: 120 })); // too early: waits as a walk-in
    line.add(waiting({ arrive: 1 }));
    expect(line.protectedCount(T0 + MIN)).toBe(1);
    expect(line.protectedCount(T0 + 30 * MIN - 1)).toBe(1);
    expect(line.protectedCount(T0 + 30 * MIN)).toBe(2);
    expect(line.protectedCount(T0 + 31 * MIN)).toBe(3);
  });
});

describe('removing a ticket that is not in the line', () => {
  it('answers false and changes nothing, also when it would sort after everyone of its class', () => {
    const line = new PolicyLine(defaultPolicy());
    const first = waiting({ arrive: 0 });
    line.add(first);
    expect(line.remove(waiting({ arrive: 5 }))).toBe(false);
    expect(line.remove(waiting({ arrive: -5 }))).toBe(false);
    expect(line.count).toBe(1);
    expect(line.remove(first)).toBe(true);
    expect(line.count).toBe(0);
  });
});
