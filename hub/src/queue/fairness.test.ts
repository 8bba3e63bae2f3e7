import { describe, expect, it } from 'vitest';
import type { Ticket } from '../protocol';
import { calledBefore } from './fairness';
import { defaultPolicy, MINUTE_MS } from './policy';
import { callTicket } from './state-machine';
import { MIN, T0, waiting } from './test-tickets';

const policy = defaultPolicy({
  classes: ['appointment', 'priority', 'return', 'normal'].map((id, rank) => ({ id, rank, boundMs: 30 * MINUTE_MS })),
});
const called = (t: Ticket, minutes: number) => callTicket(t, { counterId: '1', by: { type: 'system' }, at: T0 + minutes * MIN });

describe('calledBefore', () => {
  it('counts later arrivals called while the visitor waited, by their class or as a head transfer', () => {
    const me = waiting({ arrive: 10, id: 'me' });
    const day = [
      me,
      called(waiting({ arrive: 0, id: 'older' }), 11), // arrived earlier: not an overtake
      called(waiting({ arrive: 12, priority: 'priority' }), 13),
      called(waiting({ arrive: 14, priority: 'priority' }), 15),
      called(waiting({ arrive: 16, priority: 'return' }), 17),
      called(waiting({ arrive: 18, atHead: true }), 19),
      waiting({ arrive: 20, priority: 'priority' }), // still waiting: not called before me yet
      called(waiting({ arrive: 1, serviceId: 'B', priority: 'priority' }), 21), // another service
    ];
    expect(calledBefore(me, day, policy)).toEqual({ total: 4, byReason: { priority: 2, return: 1, transfer: 1 } });
  });

  it('tells a supervisor’s pick (with its reason on the call) and a missed call put back apart from the classes', () => {
    const withMissed = defaultPolicy({
      classes: ['priority', 'normal', 'missed'].map((id, rank) => ({ id, rank, boundMs: 30 * MINUTE_MS })),
    });
    const me = waiting({ arrive: 10, id: 'me3' });
    const pick = callTicket(waiting({ arrive: 12, priority: 'priority' }), {
      counterId: '1',
      by: { type: 'staff', id: 'supervisor' },
      at: T0 + 13 * MIN,
      outOfTurn: { reason: 'urgent', bypassed: 3 },
    });
    expect(pick.events.at(-1)).toMatchObject({ type: 'called', outOfTurn: { reason: 'urgent', bypassed: 3 } });
    const day = [me, pick, called(waiting({ arrive: 14, priority: 'missed' }), 15), called(waiting({ arrive: 16 }), 17)];
    expect(calledBefore(me, day, withMissed)).toEqual({ total: 3, byReason: { pick: 1, missed: 1, normal: 1 } });
  });

  it('says nobody when nobody went first', () => {
    const me = waiting({ arrive: 10, id: 'me2' });
    expect(calledBefore(me, [me, called(waiting({ arrive: 5 }), 11)], policy)).toEqual({ total: 0, byReason: {} });
  });
});
