import { describe, expect, it } from 'vitest';
import type { Ticket } from '../protocol';
import { defaultPolicy, MINUTE_MS, type QueuePolicy } from './policy';
import { NEW_TURN } from './ratio';
import { turnFromTickets } from './ratio-history';
import { callTicket } from './state-machine';
import { MIN, T0, waiting } from './test-tickets';

const policy: QueuePolicy = defaultPolicy({
  classes: ['priority', 'normal', 'return'].map((id, rank) => ({ id, rank, boundMs: 60 * MINUTE_MS })),
  ratios: {
    A: {
      shares: [
        { classId: 'normal', weight: 2 },
        { classId: 'return', weight: 1 },
      ],
    },
  },
});
/** A ticket of `priority` that arrived at minute `arrive` and was called at minute `at`. */
const calledAt = (priority: string, arrive: number, at: number, serviceId = 'A'): Ticket =>
  callTicket(waiting({ arrive, priority, serviceId }), { counterId: '1', by: { type: 'system' }, at: T0 + at * MIN });

describe('turnFromTickets: the ratio turn from the day’s calls', () => {
  it('folds the calls in time order, whatever order the tickets come in', () => {
    const day = [calledAt('return', 0, 12), calledAt('normal', 1, 10), calledAt('normal', 2, 11)];
    // By time: normal, normal, return.
    expect(turnFromTickets(day, policy, 'A')).toEqual({ classId: 'return', run: 1 });
  });

  it('only calls of this service, only `called` events, only calls of a ratio class count', () => {
    const day = [
      calledAt('normal', 0, 10),
      calledAt('return', 1, 20, 'B'), // another service
      calledAt('priority', 2, 21), // a class outside the ratio
      waiting({ arrive: 30, priority: 'return' }), // issued after the last call, not called
    ];
    expect(turnFromTickets(day, policy, 'A')).toEqual({ classId: 'normal', run: 1 });
  });

  it('a new turn with no ratio calls, or for a service without a ratio', () => {
    expect(turnFromTickets([waiting({ arrive: 0 })], policy, 'A')).toEqual(NEW_TURN);
    expect(turnFromTickets([calledAt('normal', 0, 5, 'C')], policy, 'C')).toEqual(NEW_TURN);
  });
});
