import { describe, expect, it } from 'vitest';
import type { Actor, Ticket } from '../protocol';
import {
  calledBefore,
  callSinceArrival,
  callTicket,
  compareArrival,
  defaultPolicy,
  Forecaster,
  finishTicket,
  MINUTE_MS,
  newTicket,
  noShowTicket,
  requeueTicket,
  startTicket,
  transferTicket,
} from '../queue';
import { DayBook } from './day-book';

const T0 = Date.UTC(2026, 2, 2, 0, 30, 0);
const kiosk: Actor = { type: 'device', id: 'kiosk-1' };
const clerk: Actor = { type: 'staff', id: 'u1' };
const SERVICES = ['A', 'B', 'C'];
const CLASSES = ['appointment', 'priority', 'return', 'normal', 'missed'];
const policy = defaultPolicy({ classes: CLASSES.map((id, rank) => ({ id, rank, boundMs: 30 * MINUTE_MS })) });

/** mulberry32: the same seed replays the same day. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A busy day through the day book: tickets of three services and five classes, called out of
 * arrival order (by class, or a supervisor's pick), finished, missed and put back, transferred
 * (keeping their arrival, some to the head of the line); `check` every 25 steps.
 */
function busyDay(seed: number, steps: number, check: (book: DayBook, at: number) => void): DayBook {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const book = new DayBook(policy, new Forecaster(SERVICES.map((id) => ({ id, avgServiceSec: 300 }))));
  book.load('2026-03-02', [], T0);
  let at = T0;
  let seq = 0;
  const open = (status: string) => [...book.all()].filter((t) => t.status === status);
  for (let step = 0; step < steps; step++) {
    at += Math.floor(rnd() * 20_000);
    const r = rnd();
    const waiting = open('waiting');
    if (r < 0.4 || waiting.length === 0) {
      seq++;
      const serviceId = pick(SERVICES);
      book.index(
        newTicket({
          id: `t${seq}`,
          serviceId,
          seq,
          number: `${serviceId}${seq}`,
          businessDate: '2026-03-02',
          source: 'kiosk',
          priority: pick(CLASSES.slice(0, 4)),
          lang: 'zh',
          trackToken: `tok${seq}`,
          at,
          by: kiosk,
        }),
      );
    } else if (r < 0.7) {
      const t = pick(waiting);
      const outOfTurn = rnd() < 0.1 ? { reason: 'urgent', bypassed: 2 } : undefined;
      book.replace(t, callTicket(t, { counterId: '1', by: clerk, at, ...(outOfTurn ? { outOfTurn } : {}) }));
    } else if (r < 0.85) {
      const called = open('called');
      if (called.length === 0) continue;
      const t = pick(called);
      const serving = startTicket(t, { by: clerk, at });
      book.replace(t, serving);
      book.replace(serving, finishTicket(serving, { by: clerk, at: at + 1000 }));
    } else if (r < 0.93) {
      const called = open('called');
      if (called.length === 0) continue;
      const t = pick(called);
      const gone = noShowTicket(t, { by: clerk, at });
      book.replace(t, gone);
      if (rnd() < 0.7) {
        const back = requeueTicket(gone, { by: clerk, at: at + 1000, noShowAt: at, withinMs: 3_600_000, intoClass: 'missed' });
        book.replace(gone, back);
      }
    } else {
      const called = open('called');
      if (called.length === 0) continue;
      const c = pick(called);
      const t = startTicket(c, { by: clerk, at });
      book.replace(c, t);
      const to = pick(SERVICES.filter((s) => s !== t.serviceId));
      const { from, continuation } = transferTicket(t, {
        by: clerk,
        at,
        serviceId: to,
        continuationId: `${t.id}-x${step}`,
        keepArrival: true,
        head: rnd() < 0.5,
      });
      book.replace(t, from);
      book.index(continuation);
    }
    if (step % 25 === 0) check(book, at);
  }
  return book;
}

const viaIndex = (book: DayBook, x: Ticket) => calledBefore(x, book.calledAfter(x), policy);
const viaDay = (book: DayBook, x: Ticket) => calledBefore(x, book.all(), policy);

describe('the day book’s index of calls (who went before a waiting visitor)', () => {
  it('gives every waiting visitor the same record as a scan of the whole day, step by step through a busy day', () => {
    let compared = 0;
    let overtaken = 0;
    const book = busyDay(7, 1500, (b) => {
      // Each waiting visitor's record by the index and by a scan of the whole day.
      for (const x of b.all()) {
        if (x.status !== 'waiting') continue;
        const expected = viaDay(b, x);
        expect(viaIndex(b, x)).toEqual(expected);
        compared++;
        if (expected.total > 0) overtaken++;
      }
    });
    expect(book.size).toBeGreaterThan(500);
    // The day exercised the record: many comparisons, many of them non-empty, every reason seen.
    expect(compared).toBeGreaterThan(2000);
    expect(overtaken).toBeGreaterThan(500);
  });

  it('reads exactly the tickets of the service called since their arrival that came after the visitor, in order', () => {
    const book = busyDay(11, 1200, () => {});
    const reasons = new Set<string>();
    const day = [...book.all()];
    for (const x of day) {
      if (x.status !== 'waiting') continue;
      const expected = day
        .filter((t) => t.serviceId === x.serviceId && compareArrival(t, x) > 0 && callSinceArrival(t))
        .sort(compareArrival)
        .map((t) => t.id);
      expect(book.calledAfter(x).map((t) => t.id)).toEqual(expected);
      for (const r of Object.keys(viaDay(book, x).byReason)) reasons.add(r);
    }
    expect([...reasons].sort()).toEqual(expect.arrayContaining(['pick', 'priority', 'transfer']));
  });

  it('starts again when a day is loaded (the same tickets loaded give the same records)', () => {
    const book = busyDay(3, 800, () => {});
    const tickets = [...book.all()];
    const again = new DayBook(policy, new Forecaster(SERVICES.map((id) => ({ id, avgServiceSec: 300 }))));
    again.load('2026-03-02', tickets, T0);
    for (const x of tickets) if (x.status === 'waiting') expect(viaIndex(again, x)).toEqual(viaDay(book, x));
  });
});
