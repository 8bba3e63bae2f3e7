import { describe, expect, it } from 'vitest';
import type { Actor } from '../protocol';
import { lastCallAt, noShowAt, noShowReason, requeueDeadline, requeueLimits } from './no-show';
import { callTicket, noShowTicket, recallTicket, requeueTicket } from './state-machine';
import { MIN, T0, waiting } from './test-tickets';

const clerk: Actor = { type: 'staff', id: 'u1' };
const called = () => callTicket(waiting({ arrive: 0 }), { counterId: '1', by: clerk, at: T0 + 5 * MIN });

describe('noShowReason', () => {
  it('times out a called ticket afterMs after its last call or recall', () => {
    const rule = { afterMs: 10 * MIN, requeueWithinMs: 0 };
    const t = called();
    expect(noShowReason(t, T0 + 14.9 * MIN, rule, false)).toBeUndefined();
    expect(noShowReason(t, T0 + 15 * MIN, rule, false)).toBe('timeout');
    const recalled = recallTicket(t, { by: clerk, at: T0 + 12 * MIN, maxRecalls: 3 });
    expect(lastCallAt(recalled)).toBe(T0 + 12 * MIN);
    expect(noShowReason(recalled, T0 + 15 * MIN, rule, false)).toBeUndefined();
    expect(noShowReason(recalled, T0 + 22 * MIN, rule, false)).toBe('timeout');
  });

  it('after N recalls, only when the counter calls next', () => {
    const rule = { afterRecalls: 2, requeueWithinMs: 0 };
    let t = called();
    t = recallTicket(t, { by: clerk, at: T0 + 6 * MIN, maxRecalls: 3 });
    expect(noShowReason(t, T0 + 7 * MIN, rule, true)).toBeUndefined();
    t = recallTicket(t, { by: clerk, at: T0 + 7 * MIN, maxRecalls: 3 });
    expect(noShowReason(t, T0 + 8 * MIN, rule, false)).toBeUndefined();
    expect(noShowReason(t, T0 + 8 * MIN, rule, true)).toBe('recalls');
  });

  it('never applies to a ticket that is not called, or with no rule', () => {
    const t = called();
    expect(
      noShowReason(waiting({ arrive: 0 }), T0 + 99 * MIN, { afterMs: MIN, afterRecalls: 0, requeueWithinMs: 0 }, true),
    ).toBeUndefined();
    expect(noShowReason(t, T0 + 999 * MIN, { requeueWithinMs: 0 }, true)).toBeUndefined();
  });
});

describe('requeue', () => {
  it('puts a no-show back at the back of the line within the window, as a fresh wait', () => {
    const gone = noShowTicket(recallTicket(called(), { by: clerk, at: T0 + 6 * MIN, maxRecalls: 3 }), {
      by: clerk,
      at: T0 + 8 * MIN,
    });
    expect(noShowAt(gone)).toBe(T0 + 8 * MIN);
    const back = requeueTicket(gone, { by: clerk, at: T0 + 20 * MIN, noShowAt: T0 + 8 * MIN, withinMs: 30 * MIN });
    expect(back).toMatchObject({ status: 'waiting', arrivalAt: T0 + 20 * MIN, recalls: 0, number: gone.number });
    expect(back.counterId).toBeUndefined();
    expect(back.events.map((e) => e.type)).toEqual(['issued', 'called', 'recalled', 'no_show', 'requeued']);
    expect(lastCallAt(back)).toBeUndefined();
  });

  it('takes the window, the limit and the class from the policy, only those it sets', () => {
    const gone = noShowTicket(called(), { by: clerk, at: T0 + 8 * MIN });
    expect(requeueLimits(gone, { requeueWithinMs: 30 * MIN }, T0 + 20 * MIN)).toEqual({
      noShowAt: T0 + 8 * MIN,
      withinMs: 30 * MIN,
    });
    expect(requeueLimits(gone, { requeueWithinMs: 30 * MIN, maxRequeues: 1, requeueClass: 'missed' }, T0 + 20 * MIN)).toEqual({
      noShowAt: T0 + 8 * MIN,
      withinMs: 30 * MIN,
      maxRequeues: 1,
      intoClass: 'missed',
    });
    // A ticket with no no_show event counts from now.
    expect(requeueLimits(called(), { requeueWithinMs: MIN }, T0 + 9 * MIN).noShowAt).toBe(T0 + 9 * MIN);
  });

  it('refuses after the window with REQUEUE_EXPIRED', () => {
    const gone = noShowTicket(called(), { by: clerk, at: T0 + 8 * MIN });
    expect(() => requeueTicket(gone, { by: clerk, at: T0 + 39 * MIN, noShowAt: T0 + 8 * MIN, withinMs: 30 * MIN })).toThrow(
      expect.objectContaining({ code: 'REQUEUE_EXPIRED', status: 409 }),
    );
  });
});

describe('the last call and the no-show time, read from the events', () => {
  const gone = noShowTicket(recallTicket(called(), { by: clerk, at: T0 + 6 * MIN, maxRecalls: 3 }), {
    by: clerk,
    at: T0 + 8 * MIN,
  });
  const back = requeueTicket(gone, { by: clerk, at: T0 + 20 * MIN, noShowAt: T0 + 8 * MIN, withinMs: 30 * MIN });

  it('the last call or recall, also once the ticket has moved on; none before a call or since a requeue', () => {
    expect(lastCallAt(waiting({ arrive: 0 }))).toBeUndefined();
    expect(lastCallAt(called())).toBe(T0 + 5 * MIN);
    expect(lastCallAt(gone)).toBe(T0 + 6 * MIN);
    expect(lastCallAt(back)).toBeUndefined();
    const calledAgain = callTicket(back, { counterId: '2', by: clerk, at: T0 + 25 * MIN });
    expect(lastCallAt(calledAgain)).toBe(T0 + 25 * MIN);
  });

  it('the no-show time stays that of the no_show event after a requeue; none for a ticket that never was one', () => {
    expect(noShowAt(back)).toBe(T0 + 8 * MIN);
    expect(noShowAt(called())).toBeUndefined();
  });

  it('a rule of 0 recalls gives up at the first "call next"', () => {
    expect(noShowReason(called(), T0 + 5 * MIN, { afterRecalls: 0, requeueWithinMs: 0 }, true)).toBe('recalls');
  });
});

describe('requeueDeadline', () => {
  it('is the end of the re-queue window of a no-show, while re-queues are left', () => {
    const rule = { requeueWithinMs: 30 * MIN, maxRequeues: 1 };
    const missed = noShowTicket(called(), { by: clerk, at: T0 + 10 * MIN });
    expect(requeueDeadline(missed, rule)).toBe(T0 + 40 * MIN);
    expect(requeueDeadline(called(), rule)).toBeUndefined();
    expect(requeueDeadline(missed, { requeueWithinMs: 0 })).toBeUndefined();
    const back = requeueTicket(missed, { by: clerk, at: T0 + 20 * MIN, noShowAt: T0 + 10 * MIN, withinMs: 30 * MIN });
    const again = noShowTicket(callTicket(back, { counterId: '1', by: clerk, at: T0 + 25 * MIN }), {
      by: clerk,
      at: T0 + 30 * MIN,
    });
    expect(requeueDeadline(again, rule)).toBeUndefined();
    expect(requeueDeadline(again, { requeueWithinMs: 30 * MIN })).toBe(T0 + 60 * MIN);
  });
});
