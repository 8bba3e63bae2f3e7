import { describe, expect, it } from 'vitest';
import type { Ticket } from '../protocol';
import { defaultPolicy, MINUTE_MS, orderLine, type QueuePolicy } from './policy';
import { PolicyLine } from './policy-line';
import { activeShares, NEW_TURN, nextRatioClass, type RatioRule, ratioClasses, turnFromCalls } from './ratio';
import { turnFromTickets } from './ratio-history';
import { callTicket } from './state-machine';
import { MIN, T0, waiting } from './test-tickets';

// The hospital of docs/queue-policy.md: first visit 2 : return 1 : missed 1, and 1 : 1 : 1 while
// returning patients outnumber first visits. A green channel (`priority`) stays strictly first.
const HOSPITAL: RatioRule = {
  shares: [
    { classId: 'normal', weight: 2 },
    { classId: 'return', weight: 1 },
    { classId: 'missed', weight: 1 },
  ],
  switches: [
    {
      classId: 'return',
      outnumbers: 'normal',
      shares: [
        { classId: 'normal', weight: 1 },
        { classId: 'return', weight: 1 },
        { classId: 'missed', weight: 1 },
      ],
    },
  ],
};
const policy: QueuePolicy = defaultPolicy({
  classes: ['priority', 'normal', 'return', 'missed'].map((id, rank) => ({ id, rank, boundMs: 60 * MINUTE_MS })),
  ratios: { A: HOSPITAL },
});
const CLASS_LETTER: Record<string, string> = { normal: 'F', return: 'R', missed: 'M', priority: 'P' };
const letters = (ts: Ticket[]) => ts.map((t) => CLASS_LETTER[t.priority]).join('');
const line = (counts: Record<string, number>, arriveFrom = 0) => {
  const tickets: Ticket[] = [];
  let m = arriveFrom;
  for (const [priority, n] of Object.entries(counts))
    for (let i = 0; i < n; i++) {
      m += 0.1;
      tickets.push(waiting({ arrive: m, priority }));
    }
  return tickets;
};

/** Calls the whole line through PolicyLine, one call every minute from `start`. */
function callAll(tickets: Ticket[], start: number): Ticket[] {
  const l = new PolicyLine(policy, 'A');
  for (const t of tickets) l.add(t);
  const out: Ticket[] = [];
  for (let now = start; l.count > 0; now += MIN) {
    const t = l.pick(now) as Ticket;
    l.recordCall(t, now);
    l.remove(t);
    out.push(t);
  }
  return out;
}

describe('interleave ratio 2 : 1 : 1', () => {
  it('calls F F R M F F R M … while every class has people waiting', () => {
    const called = callAll(line({ normal: 8, return: 4, missed: 4 }), T0 + 5 * MIN);
    expect(letters(called)).toBe('FFRMFFRMFFRMFFRM');
  });

  it('skips a class with nobody waiting and keeps the others at their ratio', () => {
    expect(letters(callAll(line({ normal: 6, return: 3 }), T0 + 5 * MIN))).toBe('FFRFFRFFR');
  });

  it('switches to 1 : 1 : 1 while returning patients outnumber first visits', () => {
    // 3 F, 6 R, 1 M: R outnumbers F the whole time, so 1 : 1 : 1 (then only R is left).
    expect(letters(callAll(line({ normal: 3, return: 6, missed: 1 }), T0 + 5 * MIN))).toBe('FRMFRFRRRR');
  });

  it('keeps the green channel strictly first: a class outside the ratio ranks above the whole group', () => {
    const tickets = [...line({ normal: 2, return: 1 }), waiting({ arrive: 3, priority: 'priority' })];
    expect(letters(callAll(tickets, T0 + 5 * MIN))).toBe('PFFR');
  });

  it('still calls a protected visitor first, oldest first, whatever the turn', () => {
    const old = waiting({ arrive: -60, priority: 'missed', id: 'old' }); // waited 65 min ≥ 60
    const called = callAll([...line({ normal: 4, return: 2 }), old], T0 + 5 * MIN);
    expect(called[0]?.id).toBe('old');
    expect(letters(called.slice(1))).toBe('FFRFFR'); // a protected call does not use up a turn
  });

  it('position plays the turns forward: it matches the calling order', () => {
    const tickets = line({ normal: 6, return: 3, missed: 3 });
    const l = new PolicyLine(policy, 'A');
    for (const t of tickets) l.add(t);
    const now = T0 + 5 * MIN;
    const order = orderLine(tickets, now, policy);
    expect(letters(order)).toBe('FFRMFFRMFFRM');
    for (const [i, t] of order.entries()) expect(l.position(t, now)).toBe(i);
  });
});

describe('the ratio turn needs no store', () => {
  it('a new turn has made no calls yet', () => {
    expect(turnFromCalls([])).toEqual({ run: 0 });
    expect(NEW_TURN).toEqual({ run: 0 });
  });

  it('turnFromCalls: last class and calls in a row', () => {
    expect(turnFromCalls(['normal', 'normal', 'return', 'normal'])).toEqual({ classId: 'normal', run: 1 });
    expect(nextRatioClass(HOSPITAL.shares, { classId: 'normal', run: 1 }, () => true)).toBe('normal');
    expect(nextRatioClass(HOSPITAL.shares, { classId: 'normal', run: 2 }, () => true)).toBe('return');
    expect(nextRatioClass(HOSPITAL.shares, NEW_TURN, (c) => c !== 'normal')).toBe('return');
  });

  it('a line rebuilt from the day’s tickets continues the sequence where it stood', () => {
    const tickets = line({ normal: 8, return: 4, missed: 4 });
    const l = new PolicyLine(policy, 'A');
    for (const t of tickets) l.add(t);
    const done: Ticket[] = [];
    let now = T0 + 5 * MIN;
    for (let i = 0; i < 6; i++, now += MIN) {
      const t = l.pick(now) as Ticket;
      l.recordCall(t, now);
      l.remove(t);
      done.push(callTicket(t, { counterId: '1', by: { type: 'system' }, at: now }));
    }
    expect(letters(done)).toBe('FFRMFF');
    // "Restart": a new line from the waiting tickets, its turn folded from the called ones.
    const restarted = new PolicyLine(policy, 'A');
    for (const t of l.all()) restarted.add(t);
    restarted.turn = turnFromTickets([...done, ...l.all()], policy, 'A');
    expect(restarted.turn).toEqual(l.turn);
    expect(CLASS_LETTER[restarted.pick(now)?.priority as string]).toBe('R');
  });
});

describe('the ratio group and the shares in force', () => {
  it('the group is every class any share names, switches included', () => {
    expect([...ratioClasses(HOSPITAL)].sort()).toEqual(['missed', 'normal', 'return']);
    const withSwitch: RatioRule = {
      shares: [{ classId: 'normal', weight: 1 }],
      switches: [
        { ...(HOSPITAL.switches?.[0] as NonNullable<RatioRule['switches']>[number]), shares: [{ classId: 'vip', weight: 1 }] },
      ],
    };
    expect([...ratioClasses(withSwitch)].sort()).toEqual(['normal', 'vip']);
    expect([...ratioClasses({ shares: [{ classId: 'normal', weight: 1 }] })]).toEqual(['normal']);
  });

  it('a switch applies only while its class has strictly more waiting; a rule without switches keeps its shares', () => {
    const counts = (normal: number, ret: number) => (c: string) => (c === 'normal' ? normal : c === 'return' ? ret : 0);
    expect(activeShares(HOSPITAL, counts(3, 4))).toBe(HOSPITAL.switches?.[0]?.shares);
    expect(activeShares(HOSPITAL, counts(4, 4))).toBe(HOSPITAL.shares);
    const plain: RatioRule = { shares: HOSPITAL.shares };
    expect(activeShares(plain, counts(0, 9))).toBe(HOSPITAL.shares);
  });
});

describe('the rank of the ratio group', () => {
  it('is that of its highest class: a class ranked between the ratio classes comes after the whole group', () => {
    const withVip: QueuePolicy = defaultPolicy({
      classes: ['priority', 'normal', 'vip', 'return', 'missed'].map((id, rank) => ({ id, rank, boundMs: 60 * MINUTE_MS })),
      ratios: { A: HOSPITAL },
    });
    const vip = waiting({ arrive: 0, priority: 'vip' });
    const ret = waiting({ arrive: 1, priority: 'return' });
    expect(orderLine([vip, ret], T0 + 5 * MIN, withVip)).toEqual([ret, vip]);
  });
});
