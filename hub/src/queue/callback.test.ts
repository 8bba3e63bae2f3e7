import { describe, expect, it } from 'vitest';
import type { Actor, Ticket } from '../protocol';
import { heldUntilLater, newCallback, noAnswerTicket, UNREACHABLE_OUTCOME } from './callback';
import { defaultPolicy } from './policy';
import { PolicyLine } from './policy-line';
import { NEW_ROTATION } from './rotation';
import { selectNext } from './select';
import { callTicket, startTicket } from './state-machine';
import { errorOf } from './test-errors';
import { MIN, T0, waiting } from './test-tickets';

const clerk: Actor = { type: 'staff', id: 'clerk1' };

function callback(arrive: number, notBefore?: number): Ticket {
  const t = waiting({ arrive });
  return {
    ...t,
    source: 'phone',
    callback: newCallback('138****5678', notBefore === undefined ? {} : { from: T0 + notBefore * MIN }),
  };
}

describe('callback tickets in the line', () => {
  it('a callback whose time has not come keeps its place but is passed over, then called in its place', () => {
    const line = new PolicyLine(defaultPolicy());
    const cb = callback(0, 30);
    const walkIn = waiting({ arrive: 5 });
    line.add(cb);
    line.add(walkIn);
    expect(heldUntilLater(cb, T0 + 10 * MIN)).toBe(true);
    expect(line.pick(T0 + 10 * MIN)?.id).toBe(walkIn.id);
    expect(line.callableAt(T0 + 10 * MIN)).toBe(1);
    // The walk-in behind it still counts it ahead.
    expect(line.position(walkIn, T0 + 10 * MIN)).toBe(1);
    expect(line.pick(T0 + 30 * MIN)?.id).toBe(cb.id);
    expect(line.callableAt(T0 + 30 * MIN)).toBe(2);
  });

  it('a service whose only waiting ticket is a callback not due yet is not chosen: call-next goes to the other service', () => {
    const a = new PolicyLine(defaultPolicy(), 'A');
    const b = new PolicyLine(defaultPolicy(), 'B');
    a.add(callback(0, 30));
    const walkIn = waiting({ serviceId: 'B', arrive: 10 });
    b.add(walkIn);
    const links = [
      { serviceId: 'A', weight: 5 },
      { serviceId: 'B', weight: 1 },
    ];
    const chosen = selectNext({
      links,
      rotation: NEW_ROTATION,
      now: T0 + 11 * MIN,
      line: (id) => (id === 'A' ? a : b),
    });
    expect(chosen?.ticket.id).toBe(walkIn.id);
  });

  it('"no answer" re-queues with a retry time and counts the attempt; the M-th ends it as unreachable', () => {
    const cb = callback(0);
    const called = callTicket(cb, { counterId: '1', staffId: 'clerk1', by: clerk, at: T0 + MIN });
    const back = noAnswerTicket(called, { at: T0 + 2 * MIN, by: clerk, retryMs: 10 * MIN, maxAttempts: 2 });
    expect(back.status).toBe('waiting');
    expect(back.counterId).toBeUndefined();
    expect(back.arrivalAt).toBe(cb.arrivalAt); // its place is kept
    expect(back.callback).toMatchObject({ attempts: 1, notBefore: T0 + 12 * MIN });
    expect(back.events.at(-1)?.type).toBe('requeued');
    const again = callTicket(back, { counterId: '1', by: clerk, at: T0 + 12 * MIN });
    const last = noAnswerTicket(again, { at: T0 + 13 * MIN, by: clerk, retryMs: 10 * MIN, maxAttempts: 2 });
    expect(last.status).toBe('done');
    expect(last.outcome).toBe(UNREACHABLE_OUTCOME);
    expect(last.callback).toMatchObject({ attempts: 2, unreachable: true });
    expect(last.callback?.notBefore).toBeUndefined();
  });

  it('"no answer" is for callbacks being made only', () => {
    const walkIn = callTicket(waiting({ arrive: 0 }), { counterId: '1', by: clerk, at: T0 });
    expect(() => noAnswerTicket(walkIn, { at: T0, by: clerk, retryMs: MIN, maxAttempts: 3 })).toThrow(/not a callback/);
    expect(() => noAnswerTicket(callback(0), { at: T0, by: clerk, retryMs: MIN, maxAttempts: 3 })).toThrow(/waiting/);
  });

  it("a new callback keeps the caller's window: from as its first call time, to as the end", () => {
    const from = T0 + 30 * MIN;
    const to = T0 + 90 * MIN;
    expect(newCallback('138****5678', { from, to })).toEqual({
      masked: '138****5678',
      attempts: 0,
      notBefore: from,
      windowTo: to,
    });
    expect(newCallback('138****5678', { to })).toEqual({ masked: '138****5678', attempts: 0, windowTo: to });
    expect(newCallback('138****5678', { from })).toEqual({ masked: '138****5678', attempts: 0, notBefore: from });
    expect(newCallback('138****5678')).toEqual({ masked: '138****5678', attempts: 0 });
  });

  it('held until the millisecond its time comes, not after; a ticket without a callback time never', () => {
    const cb = callback(0, 30);
    expect(heldUntilLater(cb, T0 + 30 * MIN - 1)).toBe(true);
    expect(heldUntilLater(cb, T0 + 30 * MIN)).toBe(false);
    expect(heldUntilLater(callback(0), T0)).toBe(false);
    expect(heldUntilLater(waiting({ arrive: 0 }), T0)).toBe(false);
  });

  it('the re-queue and the end are recorded in the history: who, when, where and why', () => {
    const cb = callback(0);
    const called = callTicket(cb, { counterId: '1', staffId: 'clerk1', by: clerk, at: T0 + MIN });
    const serving = startTicket(called, { by: clerk, at: T0 + 2 * MIN });
    // A call answered, then the line dropped (serving): "no answer" still applies.
    const back = noAnswerTicket(serving, { at: T0 + 3 * MIN, by: clerk, retryMs: 15 * MIN, maxAttempts: 2 });
    expect(back.status).toBe('waiting');
    expect(back.staffId).toBeUndefined();
    expect(back.events.map((e) => e.type)).toEqual(['issued', 'called', 'started', 'requeued']);
    expect(back.events.at(-1)).toEqual({
      type: 'requeued',
      at: T0 + 3 * MIN,
      by: clerk,
      note: 'no answer (1 of 2): call back after 15 min',
    });
    const again = callTicket(back, { counterId: '2', by: clerk, at: T0 + 20 * MIN });
    const last = noAnswerTicket(again, { at: T0 + 21 * MIN, by: clerk, retryMs: 15 * MIN, maxAttempts: 2 });
    expect(last.outcome).toBe('unreachable'); // the outcome stored with the ticket, not only a shared constant
    expect(last.events.map((e) => e.type)).toEqual(['issued', 'called', 'started', 'requeued', 'called', 'finished']);
    expect(last.events.at(-1)).toEqual({
      type: 'finished',
      at: T0 + 21 * MIN,
      by: clerk,
      counterId: '2',
      note: 'no answer 2 time(s): unreachable',
    });
  });

  it('"no answer" refusals say why, with the ticket', () => {
    const walkIn = callTicket(waiting({ arrive: 0 }), { counterId: '1', by: clerk, at: T0 });
    expect(errorOf(() => noAnswerTicket(walkIn, { at: T0, by: clerk, retryMs: MIN, maxAttempts: 3 }))).toEqual({
      code: 'ILLEGAL_TRANSITION',
      message: `ticket ${walkIn.number} is not a callback: "no answer" is for callbacks`,
      details: { ticketId: walkIn.id, action: 'no-answer' },
    });
    const cb = callback(0);
    expect(errorOf(() => noAnswerTicket(cb, { at: T0, by: clerk, retryMs: MIN, maxAttempts: 3 }))).toEqual({
      code: 'ILLEGAL_TRANSITION',
      message: `ticket ${cb.number} is waiting: only a callback being made can go unanswered`,
      details: { ticketId: cb.id, from: 'waiting', action: 'no-answer' },
    });
  });
});
