import { describe, expect, it } from 'vitest';
import { type Actor, CallboardError, NOT_SERVED_CLOSED, type Ticket, type TicketEventType, type TicketStatus } from '../protocol';
import {
  callTicket,
  canApply,
  cancelTicket,
  closeUnservedTicket,
  finishTicket,
  newTicket,
  noShowTicket,
  recallTicket,
  requeueTicket,
  startTicket,
  type TicketAction,
  TRANSITIONS,
  transferTicket,
} from './state-machine';

const clerk: Actor = { type: 'staff', id: 'u1' };
const kiosk: Actor = { type: 'device', id: 'kiosk-1' };
const T0 = Date.UTC(2026, 10, 24, 1, 0, 0);

// Hand-written lists and expectations: the test checks TRANSITIONS, it is not derived from it.
const STATUSES: TicketStatus[] = ['waiting', 'called', 'serving', 'done', 'no_show', 'cancelled', 'transferred'];
const ACTIONS: TicketAction[] = ['call', 'recall', 'start', 'finish', 'no_show', 'cancel', 'transfer', 'requeue'];
const LEGAL: Record<TicketStatus, Partial<Record<TicketAction, TicketStatus>>> = {
  waiting: { call: 'called', cancel: 'cancelled' },
  called: { recall: 'called', start: 'serving', no_show: 'no_show', cancel: 'cancelled' },
  serving: { finish: 'done', transfer: 'transferred' },
  done: {},
  no_show: { requeue: 'waiting' },
  cancelled: {},
  transferred: {},
};
const EVENT: Record<TicketAction, TicketEventType> = {
  call: 'called',
  recall: 'recalled',
  start: 'started',
  finish: 'finished',
  no_show: 'no_show',
  cancel: 'cancelled',
  transfer: 'transferred',
  requeue: 'requeued',
};

function issue(over: Partial<Parameters<typeof newTicket>[0]> = {}): Ticket {
  return newTicket({
    id: 't1',
    serviceId: 'A',
    seq: 1,
    number: 'A001',
    businessDate: '2026-11-24',
    source: 'kiosk',
    priority: 'normal',
    lang: 'zh',
    trackToken: 'tok-1',
    at: T0,
    by: kiosk,
    ...over,
  });
}

/** A ticket in any status, with a counter assigned from 'called' on (as it would be in life). */
function inStatus(status: TicketStatus): Ticket {
  const t = issue();
  return status === 'waiting' ? t : { ...t, status, counterId: 'c1', staffId: 'u1' };
}

function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

const AT = T0 + 60_000;
function act(t: Ticket, action: TicketAction): Ticket {
  switch (action) {
    case 'call':
      return callTicket(t, { counterId: 'c2', staffId: 'u2', by: clerk, at: AT });
    case 'recall':
      return recallTicket(t, { by: clerk, at: AT, maxRecalls: 3 });
    case 'start':
      return startTicket(t, { by: clerk, at: AT });
    case 'finish':
      return finishTicket(t, { by: clerk, at: AT });
    case 'no_show':
      return noShowTicket(t, { by: clerk, at: AT });
    case 'cancel':
      return cancelTicket(t, { by: clerk, at: AT });
    case 'transfer':
      return transferTicket(t, { by: clerk, at: AT, serviceId: 'B', continuationId: 't2', keepArrival: true }).from;
    case 'requeue':
      return requeueTicket(t, { by: clerk, at: AT, noShowAt: AT - 60_000, withinMs: 30 * 60_000 });
  }
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('state machine: every status × action', () => {
  const cases = STATUSES.flatMap((status) => ACTIONS.map((action) => ({ status, action, to: LEGAL[status][action] })));
  it('covers 56 pairs, 9 of them legal', () => {
    expect(cases).toHaveLength(56);
    expect(cases.filter((c) => c.to !== undefined)).toHaveLength(9);
  });

  it.each(cases)('$status + $action → $to', ({ status, action, to }) => {
    const before = deepFreeze(inStatus(status));
    expect(canApply(status, action)).toBe(to !== undefined);
    expect(TRANSITIONS[action].from.includes(status)).toBe(to !== undefined);
    if (to === undefined) {
      const e = thrown(() => act(before, action));
      expect(e).toBeInstanceOf(CallboardError);
      expect((e as CallboardError).code).toBe('ILLEGAL_TRANSITION');
      expect((e as CallboardError).status).toBe(409);
      expect((e as CallboardError).details).toEqual({ from: status, action, ticketId: 't1' });
      expect((e as CallboardError).message).toContain(`ticket A001: it is ${status}`);
      return;
    }
    const after = act(before, action);
    expect(after).not.toBe(before);
    expect(after.status).toBe(to);
    expect(after.events).toHaveLength(before.events.length + 1);
    const ev = after.events.at(-1);
    expect(ev).toMatchObject({ type: EVENT[action], at: AT, by: clerk });
    expect(ev && 'note' in ev).toBe(false);
    expect(TRANSITIONS[action].to).toBe(to);
  });

  it('uses the message format the API shows', () => {
    const e = thrown(() => startTicket(issue(), { by: clerk, at: AT }));
    expect((e as Error).message).toBe('cannot start ticket A001: it is waiting, start needs called');
    const c = thrown(() => cancelTicket(inStatus('serving'), { by: clerk, at: AT }));
    expect((c as Error).message).toBe('cannot cancel ticket A001: it is serving, cancel needs waiting or called');
  });
});

describe('transitions', () => {
  it('newTicket is waiting with one issued event and no undefined keys', () => {
    const t = issue();
    expect(t).toEqual({
      id: 't1',
      number: 'A001',
      seq: 1,
      serviceId: 'A',
      businessDate: '2026-11-24',
      status: 'waiting',
      source: 'kiosk',
      priority: 'normal',
      lang: 'zh',
      issuedAt: T0,
      arrivalAt: T0,
      recalls: 0,
      trackToken: 'tok-1',
      events: [{ type: 'issued', at: T0, by: kiosk }],
    });
    expect(Object.values(t).some((v) => v === undefined)).toBe(false);
    const withId = issue({ identity: { kind: 'id-card', hmac: 'h', masked: '1101**********1234' }, appointmentId: 'ap1' });
    expect(withId.identity?.masked).toBe('1101**********1234');
    expect(withId.appointmentId).toBe('ap1');
  });

  it('call sets counter and staff and records the counter on the event', () => {
    const t = callTicket(issue(), { counterId: 'c3', staffId: 'u9', by: clerk, at: AT });
    expect(t).toMatchObject({ status: 'called', counterId: 'c3', staffId: 'u9' });
    expect(t.events.at(-1)).toEqual({ type: 'called', at: AT, by: clerk, counterId: 'c3' });
    const noStaff = callTicket(issue(), { counterId: 'c3', by: { type: 'system' }, at: AT });
    expect('staffId' in noStaff).toBe(false);
  });

  it('finish defaults the outcome to resolved and keeps a given one and the note', () => {
    const serving = inStatus('serving');
    expect(finishTicket(serving, { by: clerk, at: AT }).outcome).toBe('resolved');
    const f = finishTicket(serving, { by: clerk, at: AT, outcome: 'follow_up', note: 'bring ID' });
    expect(f.outcome).toBe('follow_up');
    expect(f.events.at(-1)).toEqual({ type: 'finished', at: AT, by: clerk, counterId: 'c1', note: 'bring ID' });
  });

  it('no-show and cancel carry the note', () => {
    expect(noShowTicket(inStatus('called'), { by: clerk, at: AT, note: 'gone' }).events.at(-1)?.note).toBe('gone');
    expect(cancelTicket(issue(), { by: kiosk, at: AT, note: 'left' }).events.at(-1)?.note).toBe('left');
  });

  it('a full life keeps every event in order', () => {
    let t = issue();
    t = callTicket(t, { counterId: 'c1', by: clerk, at: T0 + 1 });
    t = recallTicket(t, { by: clerk, at: T0 + 2, maxRecalls: 2 });
    t = startTicket(t, { by: clerk, at: T0 + 3 });
    t = finishTicket(t, { by: clerk, at: T0 + 4 });
    expect(t.events.map((e) => [e.type, e.at])).toEqual([
      ['issued', T0],
      ['called', T0 + 1],
      ['recalled', T0 + 2],
      ['started', T0 + 3],
      ['finished', T0 + 4],
    ]);
    expect(t.recalls).toBe(1);
  });
});

describe('recall limit', () => {
  it('allows exactly maxRecalls recalls, then RECALL_LIMIT', () => {
    let t = deepFreeze(inStatus('called'));
    for (let i = 1; i <= 3; i++) {
      t = deepFreeze(recallTicket(t, { by: clerk, at: AT + i, maxRecalls: 3 }));
      expect(t.recalls).toBe(i);
      expect(t.status).toBe('called');
    }
    const e = thrown(() => recallTicket(t, { by: clerk, at: AT + 9, maxRecalls: 3 }));
    expect(e).toBeInstanceOf(CallboardError);
    expect((e as CallboardError).code).toBe('RECALL_LIMIT');
  });

  it('maxRecalls 0 forbids any recall', () => {
    const e = thrown(() => recallTicket(inStatus('called'), { by: clerk, at: AT, maxRecalls: 0 }));
    expect((e as CallboardError).code).toBe('RECALL_LIMIT');
  });

  it('a recall of a non-called ticket is an illegal transition, not a limit', () => {
    const e = thrown(() => recallTicket(issue(), { by: clerk, at: AT, maxRecalls: 0 }));
    expect((e as CallboardError).code).toBe('ILLEGAL_TRANSITION');
  });
});

describe('transfer', () => {
  const identity = { kind: 'phone' as const, hmac: 'hm', masked: '138****0000' };
  const serving = deepFreeze({
    ...issue({ identity, priority: 'elderly', lang: 'en', source: 'staff', seq: 23, number: 'A023', trackToken: 'tok-x' }),
    status: 'serving' as const,
    counterId: 'c1',
    staffId: 'u1',
    recalls: 2,
  });
  const at = T0 + 30 * 60_000;

  it('ends the original and opens a waiting continuation that keeps the visitor-facing fields', () => {
    const { from, continuation } = transferTicket(serving, {
      by: clerk,
      at,
      serviceId: 'B',
      continuationId: 't2',
      keepArrival: true,
      note: 'needs tax desk',
    });
    expect(from.status).toBe('transferred');
    expect(from.transferredTo).toBe('t2');
    expect(from.serviceId).toBe('A');
    expect(from.events.at(-1)).toEqual({ type: 'transferred', at, by: clerk, counterId: 'c1', note: 'needs tax desk' });
    expect(continuation).toEqual({
      id: 't2',
      number: 'A023',
      seq: 23,
      serviceId: 'B',
      businessDate: '2026-11-24',
      status: 'waiting',
      source: 'staff',
      priority: 'elderly',
      lang: 'en',
      identity,
      issuedAt: at,
      arrivalAt: T0,
      recalls: 0,
      transferredFrom: 't1',
      trackToken: 'tok-x',
      events: [{ type: 'issued', at, by: clerk, note: 'needs tax desk' }],
    });
  });

  it('keepArrival false puts the continuation at the transfer time', () => {
    const { continuation } = transferTicket(serving, { by: clerk, at, serviceId: 'B', continuationId: 't2', keepArrival: false });
    expect(continuation.arrivalAt).toBe(at);
    expect(continuation.events).toEqual([{ type: 'issued', at, by: clerk }]);
    expect(
      'identity' in
        transferTicket(inStatus('serving'), { by: clerk, at, serviceId: 'B', continuationId: 't3', keepArrival: true })
          .continuation,
    ).toBe(false);
  });

  it('refuses the same service', () => {
    const e = thrown(() => transferTicket(serving, { by: clerk, at, serviceId: 'A', continuationId: 't2', keepArrival: true }));
    expect(e).toBeInstanceOf(CallboardError);
    expect((e as CallboardError).code).toBe('TRANSFER_SAME_SERVICE');
  });
});

describe('purity', () => {
  it('no transition mutates its input (deep-frozen input, compared with a clone)', () => {
    for (const status of STATUSES) {
      for (const action of ACTIONS) {
        if (LEGAL[status][action] === undefined) continue;
        const input = inStatus(status);
        const clone = structuredClone(input);
        const out = act(deepFreeze(input), action);
        expect(input).toEqual(clone);
        expect(out.events).not.toBe(input.events);
      }
    }
    const input = deepFreeze(inStatus('serving'));
    const clone = structuredClone(input);
    transferTicket(input, { by: clerk, at: AT, serviceId: 'B', continuationId: 't2', keepArrival: true, note: 'n' });
    expect(input).toEqual(clone);
  });
});

describe('refusals name what was refused', () => {
  it('RECALL_LIMIT says how often the ticket was recalled and the limit', () => {
    const t = recallTicket(inStatus('called'), { by: clerk, at: AT, maxRecalls: 1 });
    const e = thrown(() => recallTicket(t, { by: clerk, at: AT + 1, maxRecalls: 1 })) as CallboardError;
    expect(e.message).toBe(`cannot recall ticket ${t.number}: already recalled 1 time(s), limit is 1`);
    expect(e.details).toEqual({ ticketId: t.id, recalls: 1, maxRecalls: 1 });
  });

  it('TRANSFER_SAME_SERVICE names the ticket and the service', () => {
    const t = inStatus('serving');
    const e = thrown(() =>
      transferTicket(t, { by: clerk, at: AT, serviceId: t.serviceId, continuationId: 'x', keepArrival: true }),
    ) as CallboardError;
    expect(e.code).toBe('TRANSFER_SAME_SERVICE');
    expect(e.message).toBe(`cannot transfer ticket ${t.number} to its own service`);
    expect(e.details).toEqual({ ticketId: t.id, serviceId: t.serviceId });
  });
});

describe('requeue window at its edge', () => {
  const MIN = 60_000;
  const noShowAt = AT - 31 * MIN;
  const gone = () => inStatus('no_show');

  it('a no-show may come back exactly withinMs after missing the call, not a millisecond later', () => {
    expect(requeueTicket(gone(), { by: clerk, at: noShowAt + 30 * MIN, noShowAt, withinMs: 30 * MIN }).status).toBe('waiting');
    const e = thrown(() =>
      requeueTicket(gone(), { by: clerk, at: noShowAt + 30 * MIN + 1, noShowAt, withinMs: 30 * MIN }),
    ) as CallboardError;
    expect(e.code).toBe('REQUEUE_EXPIRED');
  });

  it('REQUEUE_EXPIRED says, in minutes, how long ago and how long is allowed', () => {
    const t = gone();
    const e = thrown(() => requeueTicket(t, { by: clerk, at: AT, noShowAt, withinMs: 30 * MIN })) as CallboardError;
    expect(e.message).toBe(`ticket ${t.number} missed its call 31 min ago; re-queueing is allowed for 30 min`);
    expect(e.details).toEqual({ ticketId: t.id, noShowAt, withinMs: 30 * MIN });
  });
});

describe('events carry no empty keys', () => {
  it('an event without a note or counter has no such keys (the store and the API schemas want them absent)', () => {
    const called = callTicket(issue(), { counterId: 'c1', by: clerk, at: AT });
    expect(Object.keys(called.events.at(-1) ?? {})).toEqual(['type', 'at', 'by', 'counterId']);
    expect(Object.keys(issue().events[0] ?? {})).toEqual(['type', 'at', 'by']);
    const noted = cancelTicket(issue(), { by: clerk, at: AT, note: 'left' });
    expect(noted.events.at(-1)).toEqual({ type: 'cancelled', at: AT, by: clerk, note: 'left' });
  });
});

describe('the requeue limit at its edge', () => {
  const MIN = 60_000;
  /** A no-show already put back `n` times. */
  const putBack = (n: number): Ticket => {
    const t = inStatus('no_show');
    const back = Array.from({ length: n }, () => ({ type: 'requeued' as const, at: AT - 2 * MIN, by: clerk }));
    return { ...t, events: [...t.events, ...back] };
  };
  const requeue = (t: Ticket, maxRequeues?: number) =>
    requeueTicket(t, { by: clerk, at: AT, noShowAt: AT - MIN, withinMs: 30 * MIN, maxRequeues });

  it('a ticket comes back maxRequeues times, the next time REQUEUE_LIMIT says why', () => {
    expect(requeue(putBack(1), 2).status).toBe('waiting');
    const t = putBack(2);
    const e = thrown(() => requeue(t, 2)) as CallboardError;
    expect(e.code).toBe('REQUEUE_LIMIT');
    expect(e.message).toBe(`ticket ${t.number} was already put back 2 time(s); the limit is 2: take a new ticket`);
    expect(e.details).toEqual({ ticketId: t.id, requeues: 2, maxRequeues: 2 });
  });

  it('comes back in the class asked for (e.g. `missed`), or in its own without one', () => {
    const t = putBack(0);
    const into = requeueTicket(t, { by: clerk, at: AT, noShowAt: AT - MIN, withinMs: 30 * MIN, intoClass: 'missed' });
    expect(into.priority).toBe('missed');
    expect(requeue(t).priority).toBe(t.priority);
  });

  it('no limit without maxRequeues; a limit of 0 refuses the first time', () => {
    expect(requeue(putBack(5)).status).toBe('waiting');
    expect((thrown(() => requeue(putBack(0), 0)) as CallboardError).code).toBe('REQUEUE_LIMIT');
  });
});

describe('closing time', () => {
  it('closes an unserved ticket as cancelled, "not served — closed", noted "closing time" unless told otherwise', () => {
    const closed = closeUnservedTicket(inStatus('waiting'), { by: { type: 'system' }, at: AT });
    expect(closed.status).toBe('cancelled');
    expect(closed.outcome).toBe(NOT_SERVED_CLOSED);
    expect(closed.events.at(-1)).toEqual({ type: 'cancelled', at: AT, by: { type: 'system' }, note: 'closing time' });
    const noted = closeUnservedTicket(inStatus('called'), { by: clerk, at: AT, note: 'closed early' });
    expect(noted.events.at(-1)?.note).toBe('closed early');
    expect(noted.outcome).toBe(NOT_SERVED_CLOSED);
  });
});

describe('a transfer of a multi-stop visit', () => {
  it('the continuation keeps the stops still to come; a visit without them gets no empty keys', () => {
    const serving = inStatus('serving');
    const move = (t: Ticket) =>
      transferTicket(t, { by: clerk, at: AT, serviceId: 'B', continuationId: 't9', keepArrival: true }).continuation;
    const plain = move(serving);
    expect('route' in plain).toBe(false);
    expect('stop' in plain).toBe(false);
    const routed = move({ ...serving, route: ['A', 'B', 'C'], stop: 2 });
    expect(routed.route).toEqual(['A', 'B', 'C']);
    expect(routed.stop).toBe(2);
  });
});
