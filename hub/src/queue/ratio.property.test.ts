/**
 * Property tests of interleave ratios (ratio.ts) with the protection time: the indexed line agrees
 * with the reference order for any ratio and turn, long lines follow the ratio exactly, and the
 * anti-starvation rule still holds however the arrivals are made up.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Ticket } from '../protocol';
import { defaultPolicy, MINUTE_MS, orderLine, type QueuePolicy } from './policy';
import { PolicyLine } from './policy-line';
import type { RatioRule, RatioShare, RatioTurn } from './ratio';
import { compareArrival } from './selection';
import { runDay } from './test-day';
import { MIN, waiting } from './test-tickets';

/** Cases per property: these in `npm test` (fixed seed), PROPERTY_RUNS times as many in `npm run property`. */
const runs = (numRuns: number) => ({ numRuns: Math.round(numRuns * Math.max(1, Number(process.env.PROPERTY_RUNS ?? 1))) });

const CLASSES = ['priority', 'normal', 'return', 'missed'];
const RATIO_CLASSES = ['normal', 'return', 'missed'];

const sharesArb: fc.Arbitrary<RatioShare[]> = fc
  .shuffledSubarray(RATIO_CLASSES, { minLength: 2 })
  .chain((ids) =>
    fc
      .tuple(...ids.map(() => fc.integer({ min: 1, max: 3 })))
      .map((ws) => ids.map((classId, i) => ({ classId, weight: ws[i] as number }))),
  );

const ruleArb: fc.Arbitrary<RatioRule> = sharesArb.chain((shares) =>
  fc
    .option(
      fc.tuple(
        fc.constantFrom(...shares),
        fc.constantFrom(...shares),
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 3, maxLength: 3 }),
      ),
      { nil: undefined },
    )
    .map((sw) =>
      sw === undefined
        ? { shares }
        : {
            shares,
            switches: [
              {
                classId: sw[0].classId,
                outnumbers: sw[1].classId,
                shares: shares.map((s, i) => ({ ...s, weight: sw[2][i] as number })),
              },
            ],
          },
    ),
);

const policyArb: fc.Arbitrary<QueuePolicy> = fc
  .record({ rule: ruleArb, bounds: fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 4, maxLength: 4 }) })
  .map(({ rule, bounds }) => {
    const sorted = [...bounds].sort((a, b) => a - b); // a higher class never has a longer bound
    return defaultPolicy({
      classes: CLASSES.map((id, rank) => ({ id, rank, boundMs: (sorted[rank] as number) * MINUTE_MS })),
      ratios: { A: rule },
    });
  });

const specArb = fc.record({
  arrive: fc.integer({ min: 0, max: 120 }),
  priority: fc.constantFrom('normal', 'normal', 'return', 'return', 'missed', 'priority'),
  appointment: fc.option(fc.integer({ min: -20, max: 200 }), { nil: undefined, freq: 6 }),
  visit: fc.integer({ min: 1, max: 15 }),
});
type Spec = { arrive: number; priority: string; appointment: number | undefined; visit: number };
const ticketsOf = (specs: Spec[]) =>
  specs.map((s) =>
    waiting({ arrive: s.arrive, priority: s.priority, ...(s.appointment !== undefined ? { appointment: s.appointment } : {}) }),
  );
const turnArb: fc.Arbitrary<RatioTurn> = fc.oneof(
  fc.constant({ run: 0 }),
  fc.record({ classId: fc.constantFrom(...RATIO_CLASSES), run: fc.integer({ min: 1, max: 5 }) }),
);

describe('PolicyLine with a ratio agrees with the reference order', () => {
  it('pick and every position match the reference, at any instant and turn', () => {
    fc.assert(
      fc.property(
        policyArb,
        fc.array(specArb, { minLength: 1, maxLength: 40, size: 'max' }),
        turnArb,
        fc.integer({ min: 0, max: 90 }),
        (policy, specs, turn, laterMin) => {
          const tickets = ticketsOf(specs);
          const line = new PolicyLine(policy, 'A');
          for (const t of tickets) line.add(t);
          line.turn = turn;
          const now = Math.max(...tickets.map((t) => t.arrivalAt)) + laterMin * MIN;
          const ref = orderLine(tickets, now, policy, turn);
          expect(line.pick(now)?.id).toBe(ref[0]?.id);
          for (const [i, t] of ref.entries()) expect(line.position(t, now)).toBe(i);
        },
      ),
      runs(150),
    );
  });
});

describe('a day under a ratio', () => {
  it('with long lines and no switch, every round of sum-of-weights calls holds each class exactly its weight', () => {
    fc.assert(
      fc.property(sharesArb, fc.integer({ min: 1, max: 4 }), (shares, rounds) => {
        const total = shares.reduce((a, s) => a + s.weight, 0);
        const tickets = shares.flatMap((s) =>
          Array.from({ length: total * rounds }, (_, i) => waiting({ arrive: i * 0.01, priority: s.classId })),
        );
        const policy = defaultPolicy({
          classes: CLASSES.map((id, rank) => ({ id, rank, boundMs: 24 * 60 * MINUTE_MS })),
          ratios: { A: { shares } },
        });
        const { calls } = runDay(tickets, new Map(), [{ links: [{ serviceId: 'A', weight: 1 }] }], policy);
        for (let r = 0; r < rounds; r++) {
          const round = calls.slice(r * total, (r + 1) * total).map((c) => c.ticket.priority);
          for (const s of shares) expect(round.filter((p) => p === s.classId)).toHaveLength(s.weight);
        }
      }),
      runs(80),
    );
  });

  it('once a ticket has waited its bound, nobody who arrived after it is called first, whatever the ratio', () => {
    fc.assert(
      fc.property(
        policyArb,
        fc.array(specArb, { minLength: 10, maxLength: 80, size: 'max' }),
        fc.integer({ min: 1, max: 3 }),
        (policy, specs, counters) => {
          const tickets = ticketsOf(specs);
          const visits = new Map(tickets.map((t, i) => [t.id, (specs[i] as Spec).visit]));
          const { calls } = runDay(
            tickets,
            visits,
            Array.from({ length: counters }, () => ({ links: [{ serviceId: 'A', weight: 1 }] })),
            policy,
          );
          const largest = Math.max(...policy.classes.map((c) => c.boundMs));
          const boundOf = (t: Ticket) =>
            t.appointmentAt !== undefined ? largest : (policy.classes.find((c) => c.id === t.priority)?.boundMs ?? largest);
          expect(calls).toHaveLength(tickets.length);
          for (const call of calls)
            for (const x of call.others)
              if (call.at - x.arrivalAt >= boundOf(x)) expect(compareArrival(call.ticket, x)).toBeLessThan(0);
        },
      ),
      runs(120),
    );
  });

  it('one counter: the ratio adds at most the bound and one visit to anybody’s wait compared with arrival order', () => {
    fc.assert(
      fc.property(policyArb, fc.array(specArb, { maxLength: 60, size: 'max' }), (policy, specs) => {
        const tickets = ticketsOf(specs);
        const visits = new Map(tickets.map((t, i) => [t.id, (specs[i] as Spec).visit]));
        const counter = [{ links: [{ serviceId: 'A', weight: 1 }] }];
        const withRatio = runDay(tickets, visits, counter, policy);
        const plain = runDay(
          tickets.map(({ appointmentAt: _a, ...t }) => ({ ...t, priority: 'normal' })),
          visits,
          counter,
          defaultPolicy(),
        );
        const at = (r: typeof plain) => new Map(r.calls.map((c) => [c.ticket.id, c.at]));
        const [p, f] = [at(withRatio), at(plain)];
        const largest = Math.max(...policy.classes.map((c) => c.boundMs));
        for (const t of tickets) expect((p.get(t.id) as number) - (f.get(t.id) as number)).toBeLessThan(largest + 15 * MIN);
      }),
      runs(120),
    );
  });
});
