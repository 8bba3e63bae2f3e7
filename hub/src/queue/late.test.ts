import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor, Ticket } from '../protocol';

// The queue core imports nothing outside it: PROPERTY_RUNS scales the cases as in policy.property.test.ts.
const runs = (numRuns: number) => ({ numRuns: Math.round(numRuns * Math.max(1, Number(process.env.PROPERTY_RUNS ?? 1))) });

import { moveBack } from './late';
import { defaultPolicy } from './policy';
import { PolicyLine } from './policy-line';
import { MIN, T0, waiting } from './test-tickets';

const visitor: Actor = { type: 'anonymous' };
const limits = { maxPlaces: 5, maxMoves: 2 };
const policy = defaultPolicy();

function lineOf(tickets: Ticket[]): PolicyLine {
  const line = new PolicyLine(policy);
  for (const t of tickets) line.add(t);
  return line;
}

function move(line: PolicyLine, t: Ticket, places: number | 'end', now: number): Ticket {
  const after = moveBack(t, { line: line.ordered(now), places, at: now, by: visitor, limits });
  line.remove(t);
  line.add(after);
  return after;
}

describe("I'm running late (pure)", () => {
  it('refusals say why, with their limits (the phone page shows them)', () => {
    const t = waiting({ arrive: 0 });
    const now = T0 + MIN;
    const err = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e as { code: string; message: string; details?: unknown };
      }
      throw new Error('no error');
    };
    const called = err(() => moveBack({ ...t, status: 'called' }, { line: [], places: 1, at: now, by: visitor, limits }));
    expect(called).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      message: `ticket ${t.number} is called: only a waiting ticket can move back`,
      details: { from: 'called', action: 'move-back', ticketId: t.id },
    });
    const limit = err(() => moveBack({ ...t, lateMoves: 2 }, { line: [t], places: 1, at: now, by: visitor, limits }));
    expect(limit).toMatchObject({
      code: 'LATE_LIMIT',
      message: `ticket ${t.number} was already moved back 2 time(s)`,
      details: { moves: 2, maxMoves: 2 },
    });
    for (const places of [0, 1.5, 6]) {
      const bad = err(() => moveBack(t, { line: [t], places, at: now, by: visitor, limits }));
      expect(bad, String(places)).toMatchObject({
        code: 'VALIDATION_FAILED',
        message: 'a ticket may move back 1 to 5 places',
        details: { maxPlaces: 5 },
      });
    }
    // The edges that are allowed: 1 and maxPlaces.
    expect(moveBack(t, { line: [t], places: 1, at: now, by: visitor, limits }).lateMoves).toBe(1);
    expect(moveBack(t, { line: [t], places: 5, at: now, by: visitor, limits }).lateMoves).toBe(1);
  });

  it('a ticket not in the line given, or last in it, keeps its arrival; "end" passes one who arrived this very ms', () => {
    const [a, b] = [0, 1].map((m) => waiting({ arrive: m })) as [Ticket, Ticket];
    const now = T0 + 5 * MIN;
    const missing = moveBack(a, { line: [b], places: 1, at: now, by: visitor, limits });
    expect(missing.arrivalAt).toBe(a.arrivalAt);
    expect(missing.events.at(-1)).toEqual({ type: 'moved_back', at: now, by: visitor, note: '0 place(s)' });
    expect(moveBack(b, { line: [a, b], places: 2, at: now, by: visitor, limits }).arrivalAt).toBe(b.arrivalAt);
    const justNow = { ...b, arrivalAt: now };
    const end = moveBack(a, { line: [a, justNow], places: 'end', at: now, by: visitor, limits });
    expect(end.arrivalAt).toBe(now + 1);
    expect(end.events.at(-1)).toEqual({ type: 'moved_back', at: now, by: visitor, note: 'to the end' });
  });

  it('moves a ticket back by N places among walk-ins of its class', () => {
    const ts = [0, 1, 2, 3, 4, 5].map((m) => waiting({ arrive: m }));
    const line = lineOf(ts);
    const now = T0 + 10 * MIN;
    const first = ts[0] as Ticket;
    const after = move(line, first, 3, now);
    expect(line.position(after, now)).toBe(3);
    expect(after.lateMoves).toBe(1);
    expect(after.events.at(-1)).toMatchObject({ type: 'moved_back', note: '3 place(s)' });
  });

  it('"end" puts it last; more places than are behind also ends last', () => {
    const ts = [0, 1, 2].map((m) => waiting({ arrive: m }));
    const line = lineOf(ts);
    const now = T0 + 10 * MIN;
    const a = move(line, ts[1] as Ticket, 'end', now);
    expect(line.position(a, now)).toBe(2);
    expect(a.arrivalAt).toBe(now);
    const b = move(line, ts[0] as Ticket, 5, now);
    expect(line.position(b, now)).toBe(2);
  });

  it('refuses more moves than allowed, more places than allowed, and tickets not waiting', () => {
    const t = waiting({ arrive: 0 });
    const now = T0 + MIN;
    expect(() => moveBack({ ...t, lateMoves: 2 }, { line: [t], places: 1, at: now, by: visitor, limits })).toThrow(
      expect.objectContaining({ code: 'LATE_LIMIT' }),
    );
    expect(() => moveBack(t, { line: [t], places: 6, at: now, by: visitor, limits })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(() => moveBack({ ...t, status: 'called' }, { line: [], places: 1, at: now, by: visitor, limits })).toThrow(
      expect.objectContaining({ code: 'ILLEGAL_TRANSITION' }),
    );
    // Called to a room's door (two-step calling): out of the line, nothing to move back from.
    expect(() =>
      moveBack({ ...t, door: { counterId: '5', at: now } }, { line: [t], places: 1, at: now, by: visitor, limits }),
    ).toThrow(expect.objectContaining({ code: 'ILLEGAL_TRANSITION', details: expect.objectContaining({ from: 'door' }) }));
  });

  it('property: in a one-class line the ticket lands exactly min(p + N, last) and the others keep their order', () => {
    fc.assert(
      fc.property(
        // Distinct arrival times, as real ones (ms) nearly always are: a tie at the very millisecond may take it one place further.
        fc.uniqueArray(fc.integer({ min: 0, max: 19 }), { minLength: 1, maxLength: 20 }),
        fc.nat(),
        fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constant('end' as const)),
        (arrivals, pick, places) => {
          const ts = arrivals.map((m) => waiting({ arrive: m }));
          const line = lineOf(ts);
          const now = T0 + 20 * MIN; // under the 30-minute bound: nobody protected
          const order = line.ordered(now);
          const t = order[pick % order.length] as Ticket;
          const p = order.indexOf(t);
          const after = move(line, t, places, now);
          const expected = places === 'end' ? order.length - 1 : Math.min(p + places, order.length - 1);
          const next = line.ordered(now);
          expect(next.findIndex((x) => x.id === t.id)).toBe(expected);
          expect(next.filter((x) => x.id !== t.id).map((x) => x.id)).toEqual(order.filter((x) => x.id !== t.id).map((x) => x.id));
          expect(after.arrivalAt).toBeGreaterThanOrEqual(t.arrivalAt);
        },
      ),
      runs(300),
    );
  });
});
