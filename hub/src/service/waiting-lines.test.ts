import { describe, expect, it } from 'vitest';
import type { Actor, Ticket } from '../protocol';
import { callTicket, newTicket, startTicket, transferTicket } from '../queue';
import { WaitingLines } from './waiting-lines';

const T0 = Date.UTC(2026, 2, 2, 1, 0, 0);
const MIN = 60_000;
const kiosk: Actor = { type: 'device', id: 'kiosk-1' };
const clerk: Actor = { type: 'staff', id: 'u1' };

let counter = 0;
function ticket(serviceId: string, at: number, seq = ++counter): Ticket {
  return newTicket({
    id: `t-${serviceId}-${seq}-${at}`,
    serviceId,
    seq,
    number: `${serviceId}${String(seq).padStart(3, '0')}`,
    businessDate: '2026-03-02',
    source: 'kiosk',
    priority: 'normal',
    lang: 'zh',
    trackToken: `track-${seq}`,
    at,
    by: kiosk,
  });
}

// Any instant works for an all-normal line: protected tickets are the oldest, so order is arrival order.
const NOW = T0 + 45 * MIN;
const ids = (lines: WaitingLines, serviceId: string) => lines.ordered(serviceId, NOW).map((t) => t.id);

describe('WaitingLines', () => {
  it('is empty at first', () => {
    const lines = new WaitingLines();
    expect(lines.count('A')).toBe(0);
    expect(lines.head('A', NOW)).toBeUndefined();
    expect(lines.ordered('A', NOW)).toEqual([]);
  });

  it('keeps each service in arrival order whatever the insertion order', () => {
    const lines = new WaitingLines();
    const a = [0, 5, 1, 9, 3, 3.5, 7].map((m, i) => ticket('A', T0 + m * MIN, 100 + i));
    for (const t of a) lines.add(t);
    const expected = [...a].sort((x, y) => x.arrivalAt - y.arrivalAt).map((t) => t.id);
    expect(ids(lines, 'A')).toEqual(expected);
    expect(lines.head('A', NOW)?.arrivalAt).toBe(T0);
    expect(lines.count('A')).toBe(a.length);
  });

  it('keeps services apart', () => {
    const lines = new WaitingLines();
    const a1 = ticket('A', T0 + 2 * MIN);
    const b1 = ticket('B', T0);
    const a2 = ticket('A', T0 + 3 * MIN);
    for (const t of [a1, b1, a2]) lines.add(t);
    expect(ids(lines, 'A')).toEqual([a1.id, a2.id]);
    expect(ids(lines, 'B')).toEqual([b1.id]);
    expect(lines.count('A')).toBe(2);
    expect(lines.count('B')).toBe(1);
    expect(lines.head('B', NOW)).toBe(b1);
    expect(lines.position(a2, NOW)).toBe(1);
    expect(lines.position(b1, NOW)).toBe(0);
  });

  it('orders tickets of the same arrival time by issue sequence', () => {
    const lines = new WaitingLines();
    const second = ticket('A', T0, 2);
    const first = ticket('A', T0, 1);
    const third = ticket('A', T0, 3);
    for (const t of [second, third, first]) lines.add(t);
    expect(ids(lines, 'A')).toEqual([first.id, second.id, third.id]);
  });

  it('puts a transfer continuation that keeps its earlier arrival ahead of later arrivals', () => {
    const lines = new WaitingLines();
    // The visitor arrived first in service A and was served, then transferred to B at T0+30.
    const original = ticket('A', T0);
    const b = [ticket('B', T0 + 10 * MIN), ticket('B', T0 + 20 * MIN), ticket('B', T0 + 25 * MIN)];
    for (const t of b) lines.add(t);
    const serving = startTicket(callTicket(original, { counterId: '1', by: clerk, at: T0 + 5 * MIN }), {
      by: clerk,
      at: T0 + 6 * MIN,
    });
    const kept = transferTicket(serving, {
      by: clerk,
      at: T0 + 30 * MIN,
      serviceId: 'B',
      continuationId: 'cont-1',
      keepArrival: true,
    }).continuation;
    expect(kept.arrivalAt).toBe(T0);
    lines.add(kept);
    expect(lines.head('B', NOW)?.id).toBe('cont-1');
    expect(lines.position(kept, NOW)).toBe(0);
    expect(lines.position(b[0] as Ticket, NOW)).toBe(1);

    // Without keepArrival the continuation joins the back of the line.
    const late = transferTicket(serving, {
      by: clerk,
      at: T0 + 30 * MIN,
      serviceId: 'B',
      continuationId: 'cont-2',
      keepArrival: false,
    }).continuation;
    lines.add(late);
    expect(ids(lines, 'B')).toEqual(['cont-1', ...b.map((t) => t.id), 'cont-2']);
    expect(lines.position(late, NOW)).toBe(4);
  });

  it('a transfer arriving between two tickets goes between them', () => {
    const lines = new WaitingLines();
    const early = ticket('B', T0);
    const later = ticket('B', T0 + 20 * MIN);
    lines.add(early);
    lines.add(later);
    const middle = { ...ticket('B', T0 + 40 * MIN), arrivalAt: T0 + 10 * MIN };
    lines.add(middle);
    expect(ids(lines, 'B')).toEqual([early.id, middle.id, later.id]);
  });

  it('remove takes a ticket out by id and updates positions, count and head', () => {
    const lines = new WaitingLines();
    const [t1, t2, t3] = [0, 1, 2].map((m) => ticket('A', T0 + m * MIN)) as [Ticket, Ticket, Ticket];
    for (const t of [t1, t2, t3]) lines.add(t);
    expect(lines.position(t3, NOW)).toBe(2);

    // A later copy of the same ticket (e.g. after it was called) removes the waiting one.
    lines.remove(callTicket(t1, { counterId: '1', by: clerk, at: T0 + 5 * MIN }));
    expect(lines.count('A')).toBe(2);
    expect(lines.head('A', NOW)).toBe(t2);
    expect(lines.position(t2, NOW)).toBe(0);
    expect(lines.position(t3, NOW)).toBe(1);

    lines.remove(t3);
    expect(ids(lines, 'A')).toEqual([t2.id]);

    // Removing something that is not there changes nothing.
    lines.remove(t3);
    lines.remove(ticket('Z', T0));
    expect(ids(lines, 'A')).toEqual([t2.id]);

    lines.remove(t2);
    expect(lines.count('A')).toBe(0);
    expect(lines.head('A', NOW)).toBeUndefined();
  });

  it('position counts the tickets ahead in a long line', () => {
    const lines = new WaitingLines();
    const all = Array.from({ length: 50 }, (_, i) => ticket('A', T0 + i * 1000));
    // Insert in a scrambled order.
    for (let i = 0; i < all.length; i++) lines.add(all[(i * 17) % all.length] as Ticket);
    for (const [i, t] of all.entries()) expect(lines.position(t, NOW)).toBe(i);
    expect(lines.count('A')).toBe(50);
  });

  it('clear empties every line', () => {
    const lines = new WaitingLines();
    lines.add(ticket('A', T0));
    lines.add(ticket('B', T0));
    lines.clear();
    expect(lines.count('A')).toBe(0);
    expect(lines.count('B')).toBe(0);
  });
});
