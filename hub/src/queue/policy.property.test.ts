/**
 * Property tests (fast-check) of the queue policy's invariants (issue 3, ARCHITECTURE.md §3).
 * Runs are bounded so the whole file stays around a second.
 *
 * A tiny discrete-event engine drives the real PolicyLine + selectNext: counters call the moment
 * they are free (work-conserving), visits take a per-ticket time, arrivals are whatever
 * fast-check makes up — including floods of priority tickets, ties and appointment tickets.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor, StoredIdentity, Ticket } from '../protocol';
import { defaultPolicy, MINUTE_MS, orderLine, type QueuePolicy } from './policy';
import { PolicyLine } from './policy-line';
import { compareArrival } from './selection';
import { callTicket, startTicket, transferTicket } from './state-machine';
import { type Call, type CounterSpec, runDay } from './test-day';
import { MIN, T0, waiting } from './test-tickets';

/**
 * Cases per property: these counts in `npm test` (with the fixed seed of hub/src/testing/property.ts),
 * PROPERTY_RUNS times as many in `npm run property`. (The queue core imports nothing outside it.)
 */
const runs = (numRuns: number) => ({ numRuns: Math.round(numRuns * Math.max(1, Number(process.env.PROPERTY_RUNS ?? 1))) });

const CLASSES = ['appointment', 'priority', 'return', 'normal'];
const SERVICES = ['A', 'B', 'C'];

const policyArb: fc.Arbitrary<QueuePolicy> = fc
  .record({
    bounds: fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 4, maxLength: 4 }),
    early: fc.integer({ min: 0, max: 60 }),
    grace: fc.integer({ min: 0, max: 30 }),
    late: fc.constantFrom<'walk-in' | 'keep'>('walk-in', 'keep'),
  })
  .map(({ bounds, early, grace, late }) => {
    const sorted = [...bounds].sort((a, b) => a - b); // a higher class never has a longer bound
    return defaultPolicy({
      classes: CLASSES.map((id, rank) => ({ id, rank, boundMs: (sorted[rank] as number) * MINUTE_MS })),
      appointmentWindow: { earlyMs: early * MIN, graceMs: grace * MIN, late },
    });
  });

interface Spec {
  serviceId: string;
  arrive: number;
  priority: string;
  appointment: number | undefined;
  atHead: boolean;
  /** Visit length in minutes. */
  visit: number;
}

const specArb = (services: string[], flood = false): fc.Arbitrary<Spec> =>
  fc.record({
    serviceId: fc.constantFrom(...services),
    // Whole minutes make ties (same arrival time) common, which exercises the tie-breaks.
    arrive: fc.integer({ min: 0, max: 180 }),
    priority: flood
      ? fc.constantFrom('priority', 'priority', 'priority', 'return', 'normal')
      : fc.constantFrom('normal', 'normal', 'normal', 'priority', 'return'),
    appointment: fc.option(fc.integer({ min: -20, max: 260 }), { nil: undefined, freq: 4 }),
    atHead: fc.constant(false),
    visit: fc.integer({ min: 1, max: 15 }),
  });

const ticketsOf = (specs: Spec[]) =>
  specs.map((s) =>
    waiting({
      serviceId: s.serviceId,
      arrive: s.arrive,
      priority: s.priority,
      ...(s.appointment !== undefined ? { appointment: s.appointment } : {}),
      atHead: s.atHead,
    }),
  );

const boundOf = (t: Ticket, policy: QueuePolicy) => {
  // Appointment tickets change class with time; every class's bound is at most normal's (the largest).
  const largest = Math.max(...policy.classes.map((c) => c.boundMs));
  if (t.appointmentAt !== undefined) return largest;
  return policy.classes.find((c) => c.id === t.priority)?.boundMs ?? largest;
};

const counterArb: fc.Arbitrary<CounterSpec> = fc
  .record({
    services: fc.subarray(SERVICES, { minLength: 1 }),
    weights: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 3, maxLength: 3 }),
    skills: fc.option(fc.subarray(SERVICES, { minLength: 1 }), { nil: undefined, freq: 3 }),
  })
  .map(({ services, weights, skills }) => ({
    links: services.map((serviceId, i) => ({ serviceId, weight: weights[i] as number })),
    ...(skills ? { skills: new Set(skills) } : {}),
  }));

describe('PolicyLine agrees with the reference order', () => {
  it('pick, position and count match a full sort, after adds and removals, at any instant', () => {
    fc.assert(
      fc.property(
        policyArb,
        fc.array(specArb(['A']), { minLength: 1, maxLength: 40, size: 'max' }),
        fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
        fc.integer({ min: 0, max: 200 }),
        (policy, specs, keep, laterMin) => {
          const tickets = ticketsOf(specs).map((t, i) => (i % 7 === 3 ? { ...t, atHead: true } : t));
          const line = new PolicyLine(policy);
          for (const t of tickets) line.add(t);
          const kept = tickets.filter((_, i) => keep[i]);
          for (const t of tickets) if (!kept.includes(t)) expect(line.remove(t)).toBe(true);
          const now = Math.max(T0, ...tickets.map((t) => t.arrivalAt)) + laterMin * MIN;
          const ref = orderLine(kept, now, policy);
          expect(line.count).toBe(kept.length);
          expect(line.pick(now)?.id).toBe(ref[0]?.id);
          for (const [i, t] of ref.entries()) expect(line.position(t, now)).toBe(i);
          expect(line.ordered(now).map((t) => t.id)).toEqual(ref.map((t) => t.id));
        },
      ),
      runs(150),
    );
  });
});

describe('invariants over a simulated day', () => {
  const dayArb = fc.record({
    policy: policyArb,
    // size 'max': fast-check's default keeps arrays tiny, and starvation needs long lines.
    specs: fc.oneof(
      fc.array(specArb(SERVICES), { minLength: 10, maxLength: 80, size: 'max' }),
      fc.array(specArb(SERVICES, true), { minLength: 10, maxLength: 80, size: 'max' }),
    ),
    counters: fc.array(counterArb, { minLength: 1, maxLength: 4 }),
  });

  it('nobody is called twice; a counter calls only what it serves and its clerk may call; everyone callable is called', () => {
    fc.assert(
      fc.property(dayArb, ({ policy, specs, counters }) => {
        const tickets = ticketsOf(specs);
        const visits = new Map(tickets.map((t, i) => [t.id, (specs[i] as Spec).visit]));
        const { calls, lines } = runDay(tickets, visits, counters, policy);
        const ids = calls.map((c) => c.ticket.id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const call of calls) {
          const c = counters[call.counter] as CounterSpec;
          expect(c.links.map((l) => l.serviceId)).toContain(call.ticket.serviceId);
          if (c.skills) expect([...c.skills]).toContain(call.ticket.serviceId);
        }
        const callable = (s: string) =>
          counters.some((c) => c.links.some((l) => l.serviceId === s) && (!c.skills || c.skills.has(s)));
        for (const t of tickets) expect(ids.includes(t.id)).toBe(callable(t.serviceId));
        for (const [s, l] of lines) if (callable(s)) expect(l.count).toBe(0);
      }),
      runs(120),
    );
  });

  it('within one class and service, walk-ins are called in arrival order', () => {
    fc.assert(
      fc.property(dayArb, ({ policy, specs, counters }) => {
        const tickets = ticketsOf(specs);
        const visits = new Map(tickets.map((t, i) => [t.id, (specs[i] as Spec).visit]));
        const { calls } = runDay(tickets, visits, counters, policy);
        const walkIns = calls.map((c) => c.ticket).filter((t) => t.appointmentAt === undefined);
        for (const [i, a] of walkIns.entries())
          for (const b of walkIns.slice(i + 1))
            if (a.serviceId === b.serviceId && a.priority === b.priority) expect(compareArrival(a, b)).toBeLessThan(0);
      }),
      runs(120),
    );
  });

  it('once a ticket has waited its bound, nobody who arrived after it is called first (adversarial floods)', () => {
    fc.assert(
      fc.property(dayArb, ({ policy, specs, counters }) => {
        const tickets = ticketsOf(specs);
        const visits = new Map(tickets.map((t, i) => [t.id, (specs[i] as Spec).visit]));
        const { calls } = runDay(tickets, visits, counters, policy);
        for (const call of calls)
          for (const x of call.others)
            if (call.at - x.arrivalAt >= boundOf(x, policy)) expect(compareArrival(call.ticket, x)).toBeLessThan(0);
      }),
      runs(120),
    );
  });

  it('one counter: every ticket waits less than plain arrival order would make it + its bound + one visit', () => {
    const maxVisit = 15;
    fc.assert(
      fc.property(policyArb, fc.array(specArb(['A'], true), { maxLength: 60, size: 'max' }), (policy, specs) => {
        const tickets = ticketsOf(specs);
        const visits = new Map(tickets.map((t, i) => [t.id, (specs[i] as Spec).visit]));
        const counter = [{ links: [{ serviceId: 'A', weight: 1 }] }];
        const withPolicy = runDay(tickets, visits, counter, policy);
        // Plain arrival order: the same day with everyone a normal walk-in.
        const plain = tickets.map(({ appointmentAt: _a, ...t }) => ({ ...t, priority: 'normal' }));
        const fifo = runDay(plain, visits, counter, policy);
        const calledAt = (calls: Call[]) => new Map(calls.map((c) => [c.ticket.id, c.at]));
        const p = calledAt(withPolicy.calls);
        const f = calledAt(fifo.calls);
        for (const t of tickets) {
          const extra = (p.get(t.id) as number) - (f.get(t.id) as number);
          expect(extra).toBeLessThan(boundOf(t, policy) + maxVisit * MIN);
        }
      }),
      runs(150),
    );
  });

  it('a counter with long lines calls each service exactly its weight per round', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 3 }),
        fc.integer({ min: 1, max: 4 }),
        (weights, rounds) => {
          const links = weights.map((weight, i) => ({ serviceId: SERVICES[i] as string, weight }));
          const total = weights.reduce((a, b) => a + b, 0);
          const specs: Spec[] = links.flatMap((l) =>
            Array.from({ length: total * rounds }, () => ({ ...BASE, serviceId: l.serviceId })),
          );
          const tickets = ticketsOf(specs);
          const { calls } = runDay(tickets, new Map(), [{ links }], defaultPolicy());
          const first = calls.slice(0, total * rounds).map((c) => c.ticket.serviceId);
          for (const l of links) expect(first.filter((s) => s === l.serviceId)).toHaveLength(l.weight * rounds);
        },
      ),
      runs(60),
    );
  });
});

const BASE: Spec = { serviceId: 'A', arrive: 0, priority: 'normal', appointment: undefined, atHead: false, visit: 5 };

describe('transfers', () => {
  const clerk: Actor = { type: 'staff', id: 'u1' };
  it('keep the visitor-facing identity and the whole history, and join the new line where the mode says', () => {
    fc.assert(
      fc.property(
        specArb(['A']),
        fc.constantFrom('keep', 'head', 'back'),
        fc.option(fc.string({ minLength: 1, maxLength: 8 }), { nil: undefined }),
        fc.array(specArb(['B']), { maxLength: 10 }),
        (spec, mode, masked, others) => {
          const identity: StoredIdentity | undefined = masked ? { kind: 'phone', hmac: `h-${masked}`, masked } : undefined;
          const t0 = ticketsOf([spec])[0] as Ticket;
          const original = identity ? { ...t0, identity } : t0;
          const callAt = original.arrivalAt + 5 * MIN;
          const serving = startTicket(callTicket(original, { counterId: '1', by: clerk, at: callAt }), {
            by: clerk,
            at: callAt + MIN,
          });
          const at = callAt + 10 * MIN;
          const { from, continuation } = transferTicket(serving, {
            by: clerk,
            at,
            serviceId: 'B',
            continuationId: 'cont',
            keepArrival: mode !== 'back',
            head: mode === 'head',
          });
          expect(from.events.slice(0, -1)).toEqual(serving.events);
          expect(from.events.at(-1)?.type).toBe('transferred');
          expect(from).toMatchObject({ status: 'transferred', transferredTo: 'cont' });
          expect(continuation).toMatchObject({
            number: original.number,
            trackToken: original.trackToken,
            priority: original.priority,
            lang: original.lang,
            status: 'waiting',
            transferredFrom: original.id,
            arrivalAt: mode === 'back' ? at : original.arrivalAt,
          });
          expect(continuation.identity).toEqual(original.identity);
          // In the new line: head goes first whatever waits there.
          const line = new PolicyLine(defaultPolicy());
          for (const o of ticketsOf(others)) line.add(o);
          line.add(continuation);
          if (mode === 'head') expect(line.pick(at)?.id).toBe('cont');
        },
      ),
      runs(100),
    );
  });
});
