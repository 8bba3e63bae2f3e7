import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor, ArrivalCheck, Ticket } from '../protocol';

// The queue core imports nothing outside it: PROPERTY_RUNS scales the cases as in policy.property.test.ts.
const runs = (numRuns: number) => ({ numRuns: Math.round(numRuns * Math.max(1, Number(process.env.PROPERTY_RUNS ?? 1))) });

import { arrivalCheckFor, arrivalLapsed, awaitsArrival, confirmArrival, lapsesAt, lapseTicket, markTurnReached } from './arrival';
import { defaultPolicy } from './policy';
import { PolicyLine } from './policy-line';
import { NEW_ROTATION } from './rotation';
import { selectNext } from './select';
import { MIN, T0, waiting } from './test-tickets';

const system: Actor = { type: 'system' };
const phone: Actor = { type: 'anonymous' };

function remote(arrive: number, graceMin = 10, priority?: string): Ticket {
  return { ...waiting({ arrive, ...(priority ? { priority } : {}) }), source: 'remote', arrival: { graceMs: graceMin * MIN } };
}

describe('arrival confirmation (pure)', () => {
  it('the check a new remote ticket starts with: its grace in ms, none when the service asks for none', () => {
    expect(arrivalCheckFor(true, 10)).toEqual({ graceMs: 10 * MIN });
    expect(arrivalCheckFor(false, 10)).toBeUndefined();
  });

  it('neither a confirmed nor a lapsed ticket awaits arrival, nor starts a grace, nor lapses', () => {
    const skipped = markTurnReached(remote(0, 10), T0 + 60 * MIN);
    const lapsed = { ...skipped, arrival: { ...(skipped.arrival as ArrivalCheck), lapsedAt: T0 + 70 * MIN } };
    const confirmed = { ...remote(0, 10), arrival: { graceMs: 10 * MIN, confirmedAt: T0 + MIN } };
    for (const t of [lapsed, confirmed]) {
      expect(awaitsArrival(t)).toBe(false);
      expect(markTurnReached(t, T0 + 80 * MIN)).toBe(t);
      expect(lapsesAt(t)).toBeUndefined();
    }
    // Only a waiting ticket lapses, at the grace's end exactly.
    expect(arrivalLapsed(skipped, T0 + 70 * MIN - 1)).toBe(false);
    expect(arrivalLapsed(skipped, T0 + 70 * MIN)).toBe(true);
    expect(arrivalLapsed({ ...skipped, status: 'cancelled' }, T0 + 80 * MIN)).toBe(false);
  });

  it('what checking in and lapsing record, and how they refuse', () => {
    const t = remote(0, 10);
    const here = confirmArrival(t, { at: T0 + 5 * MIN, by: phone, via: 'kiosk' });
    expect(here.events.at(-1)).toEqual({ type: 'arrived', at: T0 + 5 * MIN, by: phone, note: 'checked in at the kiosk' });
    expect(here.events.slice(0, -1)).toEqual(t.events);
    const gone = { ...t, status: 'cancelled' as const };
    expect(() => confirmArrival(gone, { at: T0, by: phone, via: 'phone' })).toThrow(
      expect.objectContaining({
        code: 'ILLEGAL_TRANSITION',
        message: `ticket ${t.number} is cancelled: only a waiting ticket checks in`,
        details: { from: 'cancelled', action: 'check-in', ticketId: t.id },
      }),
    );
    expect(() => lapseTicket(t, { at: T0, by: system })).toThrow(
      expect.objectContaining({
        code: 'ILLEGAL_TRANSITION',
        message: `ticket ${t.number} has not lapsed`,
        details: { ticketId: t.id, action: 'lapse' },
      }),
    );
    const skipped = markTurnReached(t, T0 + 60 * MIN);
    const lapsed = lapseTicket(skipped, { at: T0 + 70 * MIN, by: system });
    expect(lapsed.events.slice(0, -1)).toEqual(skipped.events);
    expect(lapsed.events.at(-1)).toEqual({
      type: 'cancelled',
      at: T0 + 70 * MIN,
      by: system,
      note: 'lapsed: the visitor did not confirm arrival in time',
    });
  });

  it('a ticket awaits arrival until confirmed; confirming is idempotent and recorded once', () => {
    const t = remote(0);
    expect(awaitsArrival(t)).toBe(true);
    const here = confirmArrival(t, { at: T0 + 5 * MIN, by: phone, via: 'phone' });
    expect(awaitsArrival(here)).toBe(false);
    expect(here.arrival).toMatchObject({ confirmedAt: T0 + 5 * MIN, via: 'phone' });
    expect(here.events.at(-1)?.type).toBe('arrived');
    expect(confirmArrival(here, { at: T0 + 6 * MIN, by: phone, via: 'kiosk' })).toBe(here);
    expect(awaitsArrival(waiting({ arrive: 0 }))).toBe(false);
  });

  it('the grace starts at the first skipped call, not at joining, and does not restart', () => {
    const t = remote(0, 10);
    expect(lapsesAt(t)).toBeUndefined();
    expect(arrivalLapsed(t, T0 + 600 * MIN)).toBe(false);
    const skipped = markTurnReached(t, T0 + 60 * MIN);
    expect(lapsesAt(skipped)).toBe(T0 + 70 * MIN);
    expect(markTurnReached(skipped, T0 + 65 * MIN)).toBe(skipped);
    expect(arrivalLapsed(skipped, T0 + 70 * MIN - 1)).toBe(false);
    expect(arrivalLapsed(skipped, T0 + 70 * MIN)).toBe(true);
  });

  it('a lapsed ticket ends as cancelled with lapsedAt, and can no longer check in', () => {
    const t = markTurnReached(remote(0, 5), T0 + 10 * MIN);
    expect(() => lapseTicket(t, { at: T0 + 14 * MIN, by: system })).toThrow(/not lapsed/);
    const lapsed = lapseTicket(t, { at: T0 + 15 * MIN, by: system });
    expect(lapsed.status).toBe('cancelled');
    expect(lapsed.arrival?.lapsedAt).toBe(T0 + 15 * MIN);
    expect(() => confirmArrival(lapsed, { at: T0 + 16 * MIN, by: phone, via: 'kiosk' })).toThrow(/only a waiting ticket/);
  });
});

describe('the line passes over unconfirmed tickets but keeps their place', () => {
  const policy = defaultPolicy();

  it('call-next skips the unconfirmed head, calls it in its place once confirmed', () => {
    const line = new PolicyLine(policy);
    const r = remote(0);
    const a = waiting({ arrive: 1 });
    const b = waiting({ arrive: 2 });
    for (const t of [r, a, b]) line.add(t);
    const now = T0 + 3 * MIN;
    expect(line.position(a, now)).toBe(1); // r keeps its place ahead of a
    expect(line.pick(now)?.id).toBe(a.id);
    expect(line.skippedBy(a, now).map((t) => t.id)).toEqual([r.id]);
    expect(line.callable).toBe(2);
    line.remove(r);
    const here = confirmArrival(r, { at: now, by: phone, via: 'kiosk' });
    line.add(here);
    expect(line.pick(now)?.id).toBe(r.id);
    expect(line.callable).toBe(3);
  });

  it('selectNext finds nobody to call when only unconfirmed tickets wait', () => {
    const line = new PolicyLine(policy);
    line.add(remote(0));
    const chosen = selectNext({
      links: [{ serviceId: 'A', weight: 1 }],
      rotation: NEW_ROTATION,
      now: T0 + MIN,
      line: () => line,
    });
    expect(chosen).toBeUndefined();
  });

  it('property: pick is the first confirmed ticket of the calling order, and the skipped are exactly the unconfirmed before it', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            arrive: fc.integer({ min: 0, max: 120 }),
            priority: fc.constantFrom('normal', 'priority'),
            unconfirmed: fc.boolean(),
          }),
          { minLength: 1, maxLength: 25 },
        ),
        fc.integer({ min: 0, max: 200 }),
        (specs, nowMin) => {
          const line = new PolicyLine(policy);
          const tickets = specs.map((s) => {
            const t = s.unconfirmed ? remote(s.arrive, 10, s.priority) : waiting({ arrive: s.arrive, priority: s.priority });
            line.add(t);
            return t;
          });
          const now = T0 + (120 + nowMin) * MIN;
          const order = line.ordered(now);
          const firstCallable = order.find((t) => !awaitsArrival(t));
          expect(line.pick(now)?.id).toBe(firstCallable?.id);
          expect(line.callable).toBe(tickets.filter((t) => !awaitsArrival(t)).length);
          if (firstCallable) {
            const before = order.slice(0, order.indexOf(firstCallable)).map((t) => t.id);
            expect(
              line
                .skippedBy(firstCallable, now)
                .map((t) => t.id)
                .sort(),
            ).toEqual(before.sort());
          }
        },
      ),
      runs(200),
    );
  });
});
