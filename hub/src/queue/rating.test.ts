/** Which ticket a rating pad's score goes to, and rating a ticket once (queue/rating.ts). */
import { describe, expect, it } from 'vitest';
import type { Actor, Ticket } from '../protocol';
import { assertRateableByVisitor, padRatingTarget, RATING_ATTACH_MS, rateTicket } from './rating';
import { callTicket, finishTicket, startTicket, transferTicket } from './state-machine';
import { MIN, T0, waiting } from './test-tickets';

const clerk: Actor = { type: 'staff', id: 's1' };

function served(counterId: string, calledMin: number, endMin: number): Ticket {
  const t = callTicket(waiting({ arrive: 0 }), { counterId, staffId: 's1', by: clerk, at: T0 + calledMin * MIN });
  return finishTicket(startTicket(t, { by: clerk, at: T0 + calledMin * MIN }), { by: clerk, at: T0 + endMin * MIN });
}

describe('pad rating target', () => {
  it("the counter's current ticket first, called or serving", () => {
    const done = served('1', 0, 5);
    const current = callTicket(waiting({ arrive: 1 }), { counterId: '1', by: clerk, at: T0 + 6 * MIN });
    expect(padRatingTarget([done, current], { counterId: '1', current, at: T0 + 6 * MIN })?.id).toBe(current.id);
  });

  it('else the visit this counter ended last, within 5 minutes (the edge included)', () => {
    const a = served('1', 0, 5);
    const b = served('1', 5, 10);
    const other = served('2', 5, 11);
    const tickets = [a, b, other];
    expect(padRatingTarget(tickets, { counterId: '1', current: undefined, at: T0 + 12 * MIN })?.id).toBe(b.id);
    expect(padRatingTarget(tickets, { counterId: '1', current: undefined, at: T0 + 10 * MIN + RATING_ATTACH_MS })?.id).toBe(b.id);
    expect(padRatingTarget(tickets, { counterId: '1', current: undefined, at: T0 + 10 * MIN + RATING_ATTACH_MS + 1 })).toBe(
      undefined,
    );
    // A visit ended after the rating's time is not the one rated.
    expect(padRatingTarget(tickets, { counterId: '1', current: undefined, at: T0 + 7 * MIN })?.id).toBe(a.id);
  });

  it('a visit transferred on from this counter counts as ended here', () => {
    const t = startTicket(callTicket(waiting({ arrive: 0 }), { counterId: '3', by: clerk, at: T0 }), { by: clerk, at: T0 });
    const { from } = transferTicket(t, { by: clerk, at: T0 + 4 * MIN, serviceId: 'B', continuationId: 'c1', keepArrival: true });
    expect(padRatingTarget([from], { counterId: '3', current: undefined, at: T0 + 5 * MIN })?.id).toBe(from.id);
  });
});

describe('rating a ticket', () => {
  it('once; the same score from the same source again is a no-op, anything else ALREADY_RATED', () => {
    const t = served('1', 0, 5);
    const r = rateTicket(t, { score: 4, at: T0 + 6 * MIN, source: 'screen' });
    expect(r.rating).toEqual({ score: 4, at: T0 + 6 * MIN, source: 'screen' });
    expect(t.rating).toBeUndefined();
    expect(rateTicket(r, { score: 4, at: T0 + 7 * MIN, source: 'screen' })).toBe(r);
    expect(() => rateTicket(r, { score: 5, at: T0 + 7 * MIN, source: 'screen' })).toThrow(
      expect.objectContaining({ code: 'ALREADY_RATED' }),
    );
    expect(() => rateTicket(r, { score: 4, at: T0 + 7 * MIN, source: 'pad' })).toThrow(
      expect.objectContaining({ code: 'ALREADY_RATED' }),
    );
  });

  it('scores are whole numbers 1–5; a visitor rates only a finished visit', () => {
    const t = served('1', 0, 5);
    expect(() => rateTicket(t, { score: 6, at: T0, source: 'pad' })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(() => assertRateableByVisitor(t)).not.toThrow();
    expect(() => assertRateableByVisitor(waiting({ arrive: 0 }))).toThrow(
      expect.objectContaining({ code: 'VISIT_NOT_FINISHED' }),
    );
  });
});

describe('pad rating target at the edges', () => {
  it('a serving ticket is current too; a current ticket already finished is not', () => {
    const before = served('1', 0, 5);
    const serving = startTicket(callTicket(waiting({ arrive: 1 }), { counterId: '1', by: clerk, at: T0 + 6 * MIN }), {
      by: clerk,
      at: T0 + 6 * MIN,
    });
    const at = T0 + 7 * MIN;
    expect(padRatingTarget([before, serving], { counterId: '1', current: serving, at })?.id).toBe(serving.id);
    // A stale "current" that has finished meanwhile: the rating goes by the ended visits, the later one.
    const finished = finishTicket(serving, { by: clerk, at: T0 + 6.5 * MIN });
    expect(padRatingTarget([finished, before], { counterId: '1', current: finished, at })?.id).toBe(finished.id);
    expect(padRatingTarget([before], { counterId: '1', current: finished, at: T0 + 6 * MIN })?.id).toBe(before.id);
  });

  it('the visit that ended last wins, whatever order the tickets come in', () => {
    const a = served('1', 0, 5);
    const b = served('1', 5, 10);
    expect(padRatingTarget([b, a], { counterId: '1', current: undefined, at: T0 + 11 * MIN })?.id).toBe(b.id);
  });

  it('a rating in the very millisecond the visit ended belongs to it', () => {
    const a = served('1', 0, 5);
    expect(padRatingTarget([a], { counterId: '1', current: undefined, at: T0 + 5 * MIN })?.id).toBe(a.id);
    expect(padRatingTarget([a], { counterId: '1', current: undefined, at: T0 + 5 * MIN - 1 })).toBe(undefined);
  });

  it('a transfer counts from the transfer, not from the start of the visit (5 minutes after it, the edge)', () => {
    const t = startTicket(callTicket(waiting({ arrive: 0 }), { counterId: '3', by: clerk, at: T0 }), { by: clerk, at: T0 });
    const { from } = transferTicket(t, { by: clerk, at: T0 + 4 * MIN, serviceId: 'B', continuationId: 'c2', keepArrival: true });
    const at = T0 + 4 * MIN + RATING_ATTACH_MS;
    expect(padRatingTarget([from], { counterId: '3', current: undefined, at })?.id).toBe(from.id);
  });

  it("an end recorded without a counter (older data) is the ticket's counter's", () => {
    const t = served('2', 0, 5);
    const legacy: Ticket = {
      ...t,
      events: t.events.map((e) => {
        const { counterId: _drop, ...rest } = e;
        return rest;
      }),
    };
    expect(padRatingTarget([legacy], { counterId: '2', current: undefined, at: T0 + 6 * MIN })?.id).toBe(t.id);
    expect(padRatingTarget([legacy], { counterId: '1', current: undefined, at: T0 + 6 * MIN })).toBe(undefined);
  });
});

describe('rating scores at the edges', () => {
  const t = served('1', 0, 5);
  const rate = (score: number) => rateTicket(t, { score, at: T0 + 6 * MIN, source: 'pad' });

  it('1 and 5 are scores; 0, 6 and 2.5 are not', () => {
    expect(rate(1).rating?.score).toBe(1);
    expect(rate(5).rating?.score).toBe(5);
    for (const bad of [0, 6, 2.5])
      expect(() => rate(bad), String(bad)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it("keeps the pad's counter when there is one, and adds no counter key otherwise", () => {
    const fromPad = rateTicket(t, { score: 3, at: T0 + 6 * MIN, source: 'pad', counterId: '1' });
    expect(fromPad.rating).toStrictEqual({ score: 3, at: T0 + 6 * MIN, source: 'pad', counterId: '1' });
    expect(Object.keys(rate(3).rating ?? {})).toEqual(['score', 'at', 'source']);
  });

  it('names the ticket in the refusals', () => {
    const rated = rate(4);
    expect(() => rateTicket(rated, { score: 2, at: T0, source: 'pad' })).toThrow(
      expect.objectContaining({ code: 'ALREADY_RATED', details: { ticketId: t.id } }),
    );
    expect(() => assertRateableByVisitor(waiting({ arrive: 0, id: 'w1' }))).toThrow(
      expect.objectContaining({ details: { ticketId: 'w1', status: 'waiting' } }),
    );
  });
});

describe('rating refusals in words', () => {
  it('say what was wrong', () => {
    const t = served('1', 0, 5);
    expect(() => rateTicket(t, { score: 0, at: T0, source: 'pad' })).toThrow('a rating is a whole number from 1 to 5, got 0');
    const rated = rateTicket(t, { score: 4, at: T0, source: 'pad' });
    expect(() => rateTicket(rated, { score: 2, at: T0, source: 'pad' })).toThrow(`ticket ${t.number} was rated already`);
    const w = waiting({ arrive: 0 });
    expect(() => assertRateableByVisitor(w)).toThrow(`ticket ${w.number} is waiting: only a finished visit can be rated`);
  });
});
