import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Actor, CallboardError, MAX_ROUTE_STOPS, type Ticket } from '../protocol';
import { checkRoute, continueVisit, routeAtIssue, setRoute, stopsOf } from './route';
import { callTicket, finishTicket, startTicket, transferTicket } from './state-machine';
import { errorOf } from './test-errors';
import { MIN, T0, waiting } from './test-tickets';

const clerk: Actor = { type: 'staff', id: 'clerk1' };
const known = (id: string) => ['A', 'B', 'C', 'D'].includes(id);

function served(t: Ticket, at: number): Ticket {
  const called = callTicket(t, { counterId: '1', by: clerk, at });
  return finishTicket(startTicket(called, { by: clerk, at: at + MIN }), { by: clerk, at: at + 2 * MIN });
}

function problemOf(f: () => void): string | undefined {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CallboardError);
    expect((e as CallboardError).code).toBe('ROUTE_INVALID');
    return ((e as CallboardError).details as { problem: string }).problem;
  }
  return undefined;
}

describe('checkRoute', () => {
  it('accepts known services, an empty rest, and a service coming back later', () => {
    expect(problemOf(() => checkRoute(['B', 'C'], { currentServiceId: 'A', known }))).toBeUndefined();
    expect(problemOf(() => checkRoute([], { currentServiceId: 'A', known }))).toBeUndefined();
    expect(problemOf(() => checkRoute(['B', 'A', 'B'], { currentServiceId: 'A', known }))).toBeUndefined();
  });
  it('refuses an unknown service, too many stops and a service twice in a row', () => {
    expect(problemOf(() => checkRoute(['B', 'X'], { currentServiceId: 'A', known }))).toBe('unknown_service');
    expect(problemOf(() => checkRoute(['B', 'C', 'B'], { currentServiceId: 'A', known, max: 2 }))).toBe('too_long');
    expect(
      problemOf(() =>
        checkRoute(
          Array.from({ length: MAX_ROUTE_STOPS + 1 }, (_, i) => (i % 2 ? 'B' : 'C')),
          { known },
        ),
      ),
    ).toBe('too_long');
    expect(problemOf(() => checkRoute(['A', 'B'], { currentServiceId: 'A', known }))).toBe('repeat');
    expect(problemOf(() => checkRoute(['B', 'C', 'C'], { currentServiceId: 'A', known }))).toBe('repeat');
  });
  it('exactly the most stops allowed is accepted, one more is not', () => {
    expect(problemOf(() => checkRoute(['B', 'C'], { currentServiceId: 'A', known, max: 2 }))).toBeUndefined();
    const longest = Array.from({ length: MAX_ROUTE_STOPS }, (_, i) => (i % 2 ? 'B' : 'C'));
    expect(problemOf(() => checkRoute(longest, { currentServiceId: 'A', known }))).toBeUndefined();
    expect(problemOf(() => checkRoute([...longest, 'D'], { currentServiceId: 'A', known }))).toBe('too_long');
  });
  it('refusals name the stop (counted from 1) and the service', () => {
    expect(errorOf(() => checkRoute(['B', 'C', 'B'], { currentServiceId: 'A', known, max: 2 }))).toEqual({
      code: 'ROUTE_INVALID',
      message: 'a route has at most 2 stops after the current one',
      details: { problem: 'too_long', max: 2 },
    });
    expect(errorOf(() => checkRoute(['B', 'X'], { currentServiceId: 'A', known }))).toEqual({
      code: 'ROUTE_INVALID',
      message: 'stop 2: no service "X" at this site',
      details: { problem: 'unknown_service', index: 1, serviceId: 'X' },
    });
    expect(errorOf(() => checkRoute(['B', 'C', 'C'], { currentServiceId: 'A', known }))).toEqual({
      code: 'ROUTE_INVALID',
      message: 'stop 3: "C" twice in a row',
      details: { problem: 'repeat', index: 2, serviceId: 'C' },
    });
  });
});

describe('routeAtIssue and setRoute', () => {
  it('a service with a default route starts a multi-stop visit at stop 1', () => {
    expect(routeAtIssue(['B', 'C'])).toEqual({ route: ['B', 'C'], stop: 1 });
    expect(routeAtIssue(undefined)).toEqual({});
    expect(routeAtIssue([])).toEqual({});
  });
  it('replaces the remaining stops of an open ticket; [] ends the visit here', () => {
    const t = { ...waiting({ arrive: 0 }), route: ['B', 'C'], stop: 1 };
    expect(setRoute(t, ['C', 'B']).route).toEqual(['C', 'B']);
    expect(setRoute(t, []).route).toBeUndefined();
    expect(setRoute(waiting({ arrive: 0 }), ['B'])).toMatchObject({ route: ['B'], stop: 1 });
  });
  it('refuses a finished ticket', () => {
    const done = served({ ...waiting({ arrive: 0 }), route: ['B'], stop: 1 }, T0);
    expect(() => setRoute(done, ['C'])).toThrow(/cannot change the route/);
  });
  it('changes the route of a called or serving ticket too, and keeps everything else', () => {
    const t = { ...waiting({ arrive: 0 }), route: ['B', 'C'], stop: 2 };
    const called = callTicket(t, { counterId: '1', by: clerk, at: T0 });
    expect(setRoute(called, ['D']).route).toEqual(['D']);
    const serving = startTicket(called, { by: clerk, at: T0 + MIN });
    expect(setRoute(serving, ['D'])).toEqual({ ...serving, route: ['D'] });
    const { route: _r, ...rest } = serving;
    expect(setRoute(serving, [])).toEqual(rest);
  });
  it('a refusal names the ticket and its status', () => {
    const done = served({ ...waiting({ arrive: 0 }), route: ['B'], stop: 1 }, T0);
    expect(errorOf(() => setRoute(done, ['C']))).toEqual({
      code: 'ILLEGAL_TRANSITION',
      message: `cannot change the route of ticket ${done.number}: it is done`,
      details: { from: 'done', action: 'route', ticketId: done.id },
    });
  });
});

describe('continueVisit', () => {
  it('opens the next stop: same number and token, waiting at the next service, with the rest of the route', () => {
    const first = { ...waiting({ arrive: 0 }), route: ['B', 'C'], stop: 1 };
    const done = served(first, T0 + 5 * MIN);
    const at = T0 + 7 * MIN;
    const { done: linked, next } = continueVisit(done, { at, by: clerk, nextId: 'n1', arrival: 'finish', firstIssuedAt: T0 });
    expect(linked).toMatchObject({ status: 'done', transferredTo: 'n1' });
    expect(next).toMatchObject({
      id: 'n1',
      number: first.number,
      trackToken: first.trackToken,
      serviceId: 'B',
      status: 'waiting',
      route: ['C'],
      stop: 2,
      arrivalAt: at,
      issuedAt: at,
      transferredFrom: first.id,
      recalls: 0,
    });
    expect(next?.counterId).toBeUndefined();
    expect(stopsOf(next as Ticket)).toEqual({ stop: 2, stops: 3 });
  });
  it('keeps the first issue time where the next service says so', () => {
    const done = served({ ...waiting({ arrive: 0 }), route: ['B'], stop: 1 }, T0 + 30 * MIN);
    const { next } = continueVisit(done, { at: T0 + 40 * MIN, by: clerk, nextId: 'n', arrival: 'original', firstIssuedAt: T0 });
    expect(next?.arrivalAt).toBe(T0);
    expect(next?.route).toBeUndefined();
  });
  it('does nothing without a route, and refuses a stop that is not finished', () => {
    const done = served(waiting({ arrive: 0 }), T0);
    expect(continueVisit(done, { at: T0, by: clerk, nextId: 'n', arrival: 'finish', firstIssuedAt: T0 })).toEqual({ done });
    const open = { ...waiting({ arrive: 0 }), route: ['B'] };
    expect(() => continueVisit(open, { at: T0, by: clerk, nextId: 'n', arrival: 'finish', firstIssuedAt: T0 })).toThrow(
      /only a finished stop/,
    );
  });
  it('the next stop starts its own history, keeps the class unless told, and the identity of the visitor', () => {
    const identity = { kind: 'id-card' as const, hmac: 'h1', masked: '1101**********1234' };
    const first = { ...waiting({ arrive: 0, priority: 'elderly' }), route: ['B'], stop: 1, identity };
    const done = served(first, T0);
    const at = T0 + 5 * MIN;
    const p = { at, by: clerk, nextId: 'n', arrival: 'finish' as const, firstIssuedAt: T0 };
    const { next } = continueVisit(done, p);
    expect(next?.events).toEqual([{ type: 'issued', at, by: clerk, note: 'stop 2 after A' }]);
    expect(next?.priority).toBe('elderly');
    expect(next?.identity).toEqual(identity);
    expect(continueVisit(done, { ...p, priority: 'normal' }).next?.priority).toBe('normal');
    const anonymous = served({ ...waiting({ arrive: 0 }), route: ['B'], stop: 1 }, T0);
    expect(continueVisit(anonymous, p).next).not.toHaveProperty('identity');
  });
  it('a refusal to move on names the ticket and its status', () => {
    const open = { ...waiting({ arrive: 0 }), route: ['B'] };
    expect(errorOf(() => continueVisit(open, { at: T0, by: clerk, nextId: 'n', arrival: 'finish', firstIssuedAt: T0 }))).toEqual({
      code: 'ILLEGAL_TRANSITION',
      message: `ticket ${open.number} is waiting: only a finished stop moves on`,
      details: { from: 'waiting', action: 'next-stop', ticketId: open.id },
    });
  });
  it('a transfer keeps the stops still to come', () => {
    const t = { ...waiting({ arrive: 0 }), route: ['C'], stop: 1 };
    const serving = startTicket(callTicket(t, { counterId: '1', by: clerk, at: T0 }), { by: clerk, at: T0 });
    const { continuation } = transferTicket(serving, {
      by: clerk,
      at: T0 + MIN,
      serviceId: 'B',
      continuationId: 'c',
      keepArrival: true,
    });
    expect(continuation).toMatchObject({ route: ['C'], stop: 1 });
  });

  it('property: a route of n stops is walked in n tickets, each one stop on, one number, and never earlier than allowed', () => {
    const service = fc.constantFrom('A', 'B', 'C', 'D');
    fc.assert(
      fc.property(
        fc.array(service, { minLength: 1, maxLength: MAX_ROUTE_STOPS }),
        fc.array(fc.integer({ min: 0, max: 90 }), { minLength: MAX_ROUTE_STOPS + 1, maxLength: MAX_ROUTE_STOPS + 1 }),
        fc.boolean(),
        (raw, gaps, original) => {
          // No service twice in a row (what checkRoute guarantees).
          const route = raw.filter((s, i) => s !== (i === 0 ? 'A' : raw[i - 1]));
          let t: Ticket = { ...waiting({ arrive: 0, serviceId: 'A' }), ...routeAtIssue(route) };
          const first = t;
          const seen = [t.serviceId];
          let at = t.issuedAt;
          for (let i = 0; ; i++) {
            at += (gaps[i] ?? 1) * MIN;
            const done = served(t, at);
            at += 2 * MIN;
            const { done: linked, next } = continueVisit(done, {
              at,
              by: clerk,
              nextId: `n${i}`,
              arrival: original ? 'original' : 'finish',
              firstIssuedAt: first.issuedAt,
            });
            if (!next) {
              expect(linked.transferredTo).toBeUndefined();
              break;
            }
            expect(linked.transferredTo).toBe(next.id);
            expect(next.number).toBe(first.number);
            expect(next.trackToken).toBe(first.trackToken);
            expect(next.stop).toBe((t.stop ?? 1) + 1);
            expect(stopsOf(next).stops).toBe(route.length + 1);
            expect(next.arrivalAt).toBe(original ? first.issuedAt : at);
            expect(next.arrivalAt).toBeLessThanOrEqual(next.issuedAt);
            seen.push(next.serviceId);
            t = next;
          }
          expect(seen).toEqual(['A', ...route]);
        },
      ),
    );
  });
});
