import { describe, expect, it } from 'vitest';
import type { Ticket } from '../protocol';
import {
  appointmentTiming,
  classRule,
  defaultPolicy,
  initialClass,
  isTimeDependent,
  MINUTE_MS,
  orderLine,
  type QueuePolicy,
  standing,
  transferModeFor,
} from './policy';
import { PolicyLine } from './policy-line';
import { MIN, T0, waiting } from './test-tickets';

// The demo site's classes, with a shorter bound for appointments (bounds never grow upwards).
const policy: QueuePolicy = defaultPolicy({
  classes: [
    { id: 'appointment', rank: 0, boundMs: 20 * MINUTE_MS },
    { id: 'priority', rank: 1, boundMs: 30 * MINUTE_MS, minAge: 70 },
    { id: 'return', rank: 2, boundMs: 30 * MINUTE_MS },
    { id: 'normal', rank: 3, boundMs: 30 * MINUTE_MS },
  ],
});
const at = (minutes: number) => T0 + minutes * MIN;
const numbers = (ts: Ticket[]) => ts.map((t) => t.id);
/** A site's classes in rank order, each with a 30-minute bound. */
const ranked = (...ids: string[]) => ids.map((id, rank) => ({ id, rank, boundMs: 30 * MINUTE_MS }));

describe('class order', () => {
  it('calls higher classes first, each class in arrival order', () => {
    const n1 = waiting({ arrive: 0, id: 'n1' });
    const n2 = waiting({ arrive: 1, id: 'n2' });
    const r1 = waiting({ arrive: 2, priority: 'return', id: 'r1' });
    const p1 = waiting({ arrive: 3, priority: 'priority', id: 'p1' });
    const p2 = waiting({ arrive: 4, priority: 'priority', id: 'p2' });
    expect(numbers(orderLine([n1, n2, r1, p1, p2], at(5), policy))).toEqual(['p1', 'p2', 'r1', 'n1', 'n2']);
  });

  it('ranks a ticket of a class the configuration no longer has as normal', () => {
    const n = waiting({ arrive: 0, id: 'n' });
    const gone = waiting({ arrive: 1, priority: 'vip', id: 'gone' });
    const p = waiting({ arrive: 2, priority: 'priority', id: 'p' });
    expect(numbers(orderLine([gone, p, n], at(3), policy))).toEqual(['p', 'n', 'gone']);
  });
});

describe('anti-starvation', () => {
  // One normal visitor at 08:30 and a priority visitor every minute after.
  const normal = waiting({ arrive: 0, id: 'normal' });
  const flood = Array.from({ length: 60 }, (_, i) => waiting({ arrive: i + 1, priority: 'priority', id: `p${i + 1}` }));

  it('lets priority tickets pass during the first bound minutes', () => {
    const line = orderLine([normal, ...flood.slice(0, 29)], at(29.9), policy);
    expect(line.at(-1)?.id).toBe('normal');
  });

  it('protects the ticket once it has waited its bound: nobody who came later goes first', () => {
    const line = orderLine([normal, ...flood.slice(0, 29)], at(30), policy);
    expect(line[0]?.id).toBe('normal');
    // Still first a minute later, when the oldest priority tickets are protected too: it is older.
    expect(orderLine([normal, ...flood.slice(0, 30)], at(31.5), policy)[0]?.id).toBe('normal');
    expect(standing(normal, at(30), policy)).toMatchObject({ group: 1, due: true, classId: 'normal' });
  });

  it('never puts a protected normal ticket before an older priority ticket', () => {
    const olderPriority = waiting({ arrive: -1, priority: 'priority', id: 'older' });
    expect(numbers(orderLine([normal, olderPriority], at(45), policy))).toEqual(['older', 'normal']);
  });
});

describe('appointments', () => {
  const walkIns = [0, 1, 2, 3].map((m) => waiting({ arrive: m, id: `w${m}` }));

  it('an on-time appointment goes before earlier walk-ins', () => {
    const appt = waiting({ arrive: 5, appointment: 10, id: 'appt' });
    expect(appointmentTiming(appt, at(6), policy)).toBe('on-time');
    expect(orderLine([...walkIns, appt], at(6), policy)[0]?.id).toBe('appt');
  });

  it('a late check-in queues as a walk-in, or keeps its rank when the site says so', () => {
    const late = waiting({ arrive: 5, appointment: -10, id: 'late' }); // grace is 10 min: 5 min too late
    expect(appointmentTiming(late, at(6), policy)).toBe('late');
    expect(orderLine([...walkIns, late], at(6), policy).at(-1)?.id).toBe('late');
    const keep = { ...policy, appointmentWindow: { ...policy.appointmentWindow, late: 'keep' as const } };
    expect(orderLine([...walkIns, late], at(6), keep)[0]?.id).toBe('late');
  });

  it('an early visitor waits as a walk-in until the window opens', () => {
    const early = waiting({ arrive: 0.5, appointment: 60, id: 'early' }); // window opens at 30
    expect(appointmentTiming(early, at(10), policy)).toBe('early');
    expect(numbers(orderLine([...walkIns, early], at(10), policy))).toEqual(['w0', 'early', 'w1', 'w2', 'w3']);
    expect(appointmentTiming(early, at(30), policy)).toBe('on-time');
    // At 09:00 w0 (30 min, normal bound 30) and the appointment (29.5 min, appointment bound 20)
    // are both protected: oldest first. Without w0 the appointment leads.
    expect(numbers(orderLine([...walkIns, early], at(30), policy))).toEqual(['w0', 'early', 'w1', 'w2', 'w3']);
    expect(numbers(orderLine([...walkIns.slice(1), early], at(30), policy))[0]).toBe('early');
  });

  it('orders on-time appointments by appointment time, not arrival', () => {
    const a = waiting({ arrive: 1, appointment: 20, id: 'a' });
    const b = waiting({ arrive: 2, appointment: 15, id: 'b' });
    expect(numbers(orderLine([a, b], at(3), policy))).toEqual(['b', 'a']);
  });

  it('per-service windows override the site window', () => {
    const p = { ...policy, serviceWindows: { C: { earlyMs: 0, graceMs: 0, late: 'walk-in' as const } } };
    const c = waiting({ serviceId: 'C', arrive: 5, appointment: 10 });
    expect(appointmentTiming(c, at(6), p)).toBe('early');
    expect(appointmentTiming(c, at(10), p)).toBe('on-time');
    expect(appointmentTiming(waiting({ serviceId: 'C', arrive: 10.5, appointment: 10 }), at(11), p)).toBe('late');
  });
});

describe('head transfers', () => {
  it('go before everyone, even protected tickets', () => {
    const old = waiting({ arrive: 0, id: 'old' });
    const head = waiting({ arrive: 50, atHead: true, id: 'head' });
    expect(numbers(orderLine([old, head], at(55), policy))).toEqual(['head', 'old']);
  });
});

describe('initialClass', () => {
  it('gives the best age class the visitor qualifies for, never a worse one', () => {
    expect(initialClass(policy, 'normal', 75)).toBe('priority');
    expect(initialClass(policy, 'return', 70)).toBe('priority');
    expect(initialClass(policy, 'return', 69)).toBe('return');
    expect(initialClass(policy, 'normal', undefined)).toBe('normal');
    expect(initialClass(policy, 'priority', 20)).toBe('priority');
  });
});

describe('PolicyLine', () => {
  it('picks and counts positions as the reference order does (worked example of docs/queue-policy.md)', () => {
    const line = new PolicyLine(policy);
    const tickets = [
      waiting({ arrive: 0, id: 'A001' }),
      waiting({ arrive: 2, id: 'A002' }),
      waiting({ arrive: 4, priority: 'priority', id: 'A003' }),
      waiting({ arrive: 6, appointment: 15, id: 'A004' }),
      waiting({ arrive: 8, id: 'A005' }),
      waiting({ arrive: 31, priority: 'priority', id: 'A006' }),
    ];
    for (const t of tickets) line.add(t);
    expect(line.count).toBe(6);
    // 09:01: A001 has waited 31 min (normal bound 30) and the appointment ticket 25 min
    // (appointment bound 20): both protected, oldest first. Then the priority tickets, then the
    // other walk-ins in arrival order.
    const now = at(31);
    expect(numbers(line.ordered(now))).toEqual(['A001', 'A004', 'A003', 'A006', 'A002', 'A005']);
    expect(numbers(orderLine(tickets, now, policy))).toEqual(numbers(line.ordered(now)));
    expect(line.pick(now)?.id).toBe('A001');
    expect(tickets.map((t) => line.position(t, now))).toEqual([0, 4, 2, 1, 5, 3]);
    line.remove(tickets[0] as Ticket);
    expect(line.pick(now)?.id).toBe('A004');
    expect(line.remove(tickets[0] as Ticket)).toBe(false);
    expect(line.count).toBe(5);
    expect(line.oldest()?.id).toBe('A002');
  });
});

describe('the policy of a site that configures nothing', () => {
  it('is appointment, priority, normal with 30-minute bounds; appointments 30 min early to 10 min late', () => {
    expect(defaultPolicy()).toStrictEqual({
      classes: ranked('appointment', 'priority', 'normal'),
      appointmentClass: 'appointment',
      appointmentWindow: { earlyMs: 30 * MINUTE_MS, graceMs: 10 * MINUTE_MS, late: 'walk-in' },
      transfer: 'keep',
      noShow: { requeueWithinMs: 30 * MINUTE_MS },
    });
  });
});

describe('classes a ticket ranks in', () => {
  // A site listing a class below normal, and an appointment class below a VIP class.
  const site = defaultPolicy({
    classes: ranked('vip', 'appointment', 'normal', 'group'),
  });

  it('an unknown or missing class is normal, also when normal is not the lowest class', () => {
    expect(classRule(site, 'gone').id).toBe('normal');
    expect(classRule(site, undefined).id).toBe('normal');
    expect(classRule(site, 'group').id).toBe('group');
    expect(() => classRule(defaultPolicy({ classes: [{ id: 'vip', rank: 0, boundMs: 1 }] }), 'x')).toThrow(
      'queue policy has no "normal" class',
    );
  });

  it('an on-time appointment lifts a lower class to the appointment class, never lowers a higher one', () => {
    const now = at(60);
    const group = waiting({ arrive: 50, priority: 'group', appointment: 65 });
    const vip = waiting({ arrive: 50, priority: 'vip', appointment: 65 });
    expect(standing(group, now, site)).toMatchObject({ classId: 'appointment', key: at(65) });
    expect(standing(vip, now, site)).toMatchObject({ classId: 'vip', key: at(50) });
  });

  it('without an appointment class, an appointment is a walk-in of its own class', () => {
    const { appointmentClass: _none, ...noAppointments } = site;
    const group = waiting({ arrive: 50, priority: 'group', appointment: 65 });
    expect(standing(group, at(60), noAppointments)).toMatchObject({ classId: 'group', key: at(50) });
    expect(isTimeDependent(group, noAppointments)).toBe(false);
  });
});

describe('appointment timing at the window edges', () => {
  const appt = (arrive: number) => waiting({ arrive, appointment: 60 });

  it('none for a walk-in', () => {
    expect(appointmentTiming(waiting({ arrive: 0 }), at(0), policy)).toBe('none');
  });

  it('on time when checking in at exactly appointment + grace, late a millisecond after', () => {
    const edge = appt(70);
    expect(appointmentTiming(edge, at(70), policy)).toBe('on-time');
    const late = { ...edge, arrivalAt: at(70) + 1 };
    expect(appointmentTiming(late, at(70) + 1, policy)).toBe('late');
  });

  it('early until exactly appointment − early', () => {
    const t = appt(0);
    expect(appointmentTiming(t, at(30) - 1, policy)).toBe('early');
    expect(appointmentTiming(t, at(30), policy)).toBe('on-time');
  });
});

describe('which tickets can change standing with time (isTimeDependent)', () => {
  const keepLate = defaultPolicy({ appointmentWindow: { earlyMs: 30 * MINUTE_MS, graceMs: 10 * MINUTE_MS, late: 'keep' } });

  it('a head transfer and an appointment that may still gain its class', () => {
    expect(isTimeDependent(waiting({ arrive: 0, atHead: true }), policy)).toBe(true);
    expect(isTimeDependent(waiting({ arrive: 0, appointment: 60 }), policy)).toBe(true);
    // Checked in at exactly the end of the grace period: still on time.
    expect(isTimeDependent(waiting({ arrive: 70, appointment: 60 }), policy)).toBe(true);
  });

  it('not a walk-in, nor a late appointment under the walk-in rule', () => {
    expect(isTimeDependent(waiting({ arrive: 0 }), policy)).toBe(false);
    const late = waiting({ arrive: 71, appointment: 60 });
    expect(isTimeDependent(late, policy)).toBe(false);
    expect(isTimeDependent(late, keepLate)).toBe(true);
  });

  it('not an appointment whose own class ranks above the appointment class', () => {
    const site = defaultPolicy({
      classes: ranked('vip', 'appointment', 'normal'),
    });
    expect(isTimeDependent(waiting({ arrive: 0, priority: 'vip', appointment: 60 }), site)).toBe(false);
    expect(isTimeDependent(waiting({ arrive: 0, appointment: 60 }), site)).toBe(true);
  });
});

describe('ties inside a class', () => {
  it('two appointments at the same time: the one who checked in first goes first', () => {
    const later = waiting({ arrive: 45, appointment: 60, id: 'later' });
    const earlier = waiting({ arrive: 40, appointment: 60, id: 'earlier' });
    expect(numbers(orderLine([later, earlier], at(50), policy))).toEqual(['earlier', 'later']);
  });
});

describe('transfer mode', () => {
  it("a service's own mode, else the site's", () => {
    const p = defaultPolicy({ transfer: 'back', serviceTransfers: { B: 'head' } });
    expect(transferModeFor(p, 'B')).toBe('head');
    expect(transferModeFor(p, 'A')).toBe('back');
    expect(transferModeFor(defaultPolicy(), 'A')).toBe('keep');
  });
});

describe('initialClass at the edges', () => {
  const site = defaultPolicy({
    classes: ranked('priority', 'senior', 'normal').map((c) => ({ ...c, minAge: { priority: 80, senior: 60 }[c.id] })),
  });

  it('an age class applies from its minimum age on, and never replaces a better class asked for', () => {
    expect(initialClass(site, 'normal', 59)).toBe('normal');
    expect(initialClass(site, 'normal', 60)).toBe('senior');
    expect(initialClass(site, 'normal', 80)).toBe('priority');
    expect(initialClass(site, 'priority', 65)).toBe('priority');
    expect(initialClass(site, 'normal', undefined)).toBe('normal');
  });
});
