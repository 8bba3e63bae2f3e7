/**
 * The ratio pick and position of PolicyLine with tickets kept apart from the class buckets
 * (appointment tickets that may still gain the appointment class) and tickets awaiting arrival:
 * worked examples at the points where the indexed line could pick the wrong one of a class.
 */
import { describe, expect, it } from 'vitest';
import type { Ticket } from '../protocol';
import { defaultPolicy, MINUTE_MS, orderLine, type QueuePolicy } from './policy';
import { PolicyLine } from './policy-line';
import { NEW_TURN } from './ratio';
import { MIN, T0, waiting } from './test-tickets';

// Appointments rank first; first visits (normal) and returning patients share calls 1 : 1.
const policy: QueuePolicy = defaultPolicy({
  classes: ['appointment', 'normal', 'return'].map((id, rank) => ({ id, rank, boundMs: 60 * MINUTE_MS })),
  ratios: {
    A: {
      shares: [
        { classId: 'normal', weight: 1 },
        { classId: 'return', weight: 1 },
      ],
    },
  },
});

/** A returning patient with an appointment at 11:30, far too early to rank as one: a walk-in, kept apart. */
const earlyAppointment = (arrive: number, id: string) => waiting({ arrive, priority: 'return', appointment: 180, id });
const unconfirmed = (t: Ticket): Ticket => ({ ...t, source: 'remote', arrival: { graceMs: 10 * MIN } });
const lineOf = (...tickets: Ticket[]) => {
  const l = new PolicyLine(policy, 'A');
  for (const t of tickets) l.add(t);
  return l;
};

describe('the ratio pick among bucket heads and tickets kept apart', () => {
  const now = T0 + 5 * MIN;

  it('a walk-in who came first beats a later appointment ticket of the same class', () => {
    const r = waiting({ arrive: 0, priority: 'return', id: 'r' });
    const a = earlyAppointment(1, 'a');
    expect(lineOf(r, a).pick(now)?.id).toBe('r');
    expect(lineOf(a, r).pick(now)?.id).toBe('r');
  });

  it('an earlier appointment ticket beats the walk-in of its class', () => {
    const r = waiting({ arrive: 1, priority: 'return', id: 'r' });
    const a = earlyAppointment(0, 'a');
    expect(lineOf(r, a).pick(now)?.id).toBe('a');
  });

  it('an appointment ticket awaiting arrival is passed over, though it came first', () => {
    const r = waiting({ arrive: 1, priority: 'return', id: 'r' });
    const a = unconfirmed(earlyAppointment(0, 'a'));
    const l = lineOf(r, a);
    expect(l.pick(now)?.id).toBe('r');
    expect(l.skippedBy(r, now).map((t) => t.id)).toEqual(['a']);
  });
});

describe('tickets awaiting arrival without a ratio, and the turn', () => {
  const now = T0 + 5 * MIN;

  it('a line without a ratio passes over an unconfirmed appointment ticket too, and lists it as awaiting', () => {
    const r = waiting({ arrive: 1, priority: 'return', id: 'r' });
    const a = unconfirmed(earlyAppointment(0, 'a'));
    const l = new PolicyLine(policy);
    l.add(a);
    l.add(r);
    expect(l.pick(now)?.id).toBe('r');
    expect(l.awaitingArrival().map((t) => t.id)).toEqual(['a']);
    expect(lineOf(r).awaitingArrival()).toEqual([]);
  });

  it('a call outside the ratio leaves the turn where it stood', () => {
    const l = lineOf();
    l.recordCall(waiting({ arrive: 0, priority: 'appointment' }), now);
    expect(l.turn).toEqual(NEW_TURN);
    l.recordCall(waiting({ arrive: 0, priority: 'return' }), now);
    expect(l.turn).toEqual({ classId: 'return', run: 1 });
  });

  it('position still plays the turns forward with an appointment ticket among the walk-ins', () => {
    const tickets = [
      waiting({ arrive: 0, id: 'n1' }),
      waiting({ arrive: 1, id: 'n2' }),
      earlyAppointment(0.5, 'a'),
      waiting({ arrive: 2, priority: 'return', id: 'r' }),
    ];
    const l = lineOf(...tickets);
    const order = orderLine(tickets, now, policy);
    expect(order.map((t) => t.id)).toEqual(['n1', 'a', 'n2', 'r']);
    for (const [i, t] of order.entries()) expect(l.position(t, now)).toBe(i);
  });
});

describe('a line built without a service id', () => {
  it('has no ratio, even when a service is named "undefined"', () => {
    const named = { ...policy, ratios: { undefined: { shares: [{ classId: 'normal', weight: 1 }] } } };
    const l = new PolicyLine(named);
    l.recordCall(waiting({ arrive: 0 }), T0 + MIN);
    expect(l.turn).toEqual(NEW_TURN);
  });
});
