/**
 * A discrete-event business day through the real queue core: tickets are made and moved by the
 * state machine, lines are PolicyLines, counters choose with selectNext (weighted round-robin +
 * policy), and each visitor is promised the estimate the hub would print by the hub's own
 * Forecaster (position under the policy, moving-average visit length, open counters' share). No sleeping: the clock jumps from
 * event to event. Counters call the moment they are free, as a busy hall's clerks do.
 */
import type { Actor, Ticket } from '@callboard/hub/protocol';
import {
  callTicket,
  compareArrival,
  Forecaster,
  finishTicket,
  NEW_ROTATION,
  newTicket,
  noShowTicket,
  PolicyLine,
  type QueuePolicy,
  type Rotation,
  selectNext,
  startTicket,
  transferModeFor,
  transferTicket,
} from '@callboard/hub/queue';
import { lognormal, rng, weighted } from './random';
import type { Scenario, SimCounter } from './scenarios';

export type Category = 'appointment' | 'priority' | 'return' | 'normal' | 'missed';
export const CATEGORIES: Category[] = ['appointment', 'priority', 'return', 'normal', 'missed'];

/** One visitor of the synthetic day, drawn before any policy runs (so two policies see the same day). */
export interface Visitor {
  id: string;
  serviceId: string;
  arrivalAt: number;
  category: Category;
  appointmentAt?: number;
  serviceSec: number;
  noShow: boolean;
  transfer?: { serviceId: string; serviceSec: number };
}

export const DAY0 = Date.UTC(2026, 2, 2); // times print as local wall-clock minutes after this
const MIN = 60_000;

/** Inverse-CDF draw of an arrival minute from the piecewise-constant profile. */
function arrivalMinute(sc: Scenario, u: number): number {
  const pieces = sc.profile.map(([from, w], i) => {
    const to = sc.profile[i + 1]?.[0] ?? sc.lastArrival;
    return { from, to, mass: (to - from) * w };
  });
  let rest = u * pieces.reduce((s, p) => s + p.mass, 0);
  for (const p of pieces) {
    if (rest <= p.mass) return p.from + (rest / p.mass) * (p.to - p.from);
    rest -= p.mass;
  }
  return sc.lastArrival;
}

export function generateDay(sc: Scenario): Visitor[] {
  const random = rng(sc.seed);
  const withAppointments = sc.services.filter((s) => s.appointments);
  const visitors: Visitor[] = [];
  for (let i = 0; i < sc.arrivals; i++) {
    const minute = arrivalMinute(sc, random());
    const flood = sc.flood && minute >= sc.flood.from && minute < sc.flood.to ? sc.flood.priority : undefined;
    const c = sc.classes;
    const priority = flood ?? c.priority;
    const category = weighted<Category>(random, [
      ['appointment', withAppointments.length > 0 ? c.appointment : 0],
      ['priority', priority],
      ['return', c.return],
      // Visitors who missed their call and were put back (hospital days): they queue anew.
      ['missed', c.missed ?? 0],
      ['normal', Math.max(0, 1 - c.appointment - priority - c.return - (c.missed ?? 0))],
    ]);
    const pool = category === 'appointment' ? withAppointments : sc.services;
    const service = weighted(
      random,
      pool.map((s) => [s, s.share] as const),
    );
    const v: Visitor = {
      id: `v${String(i + 1).padStart(4, '0')}`,
      serviceId: service.id,
      arrivalAt: DAY0 + minute * MIN,
      category,
      serviceSec: lognormal(random, service.meanServiceSec, service.cv),
      noShow: random() < sc.noShowRate,
    };
    // Appointment holders arrive from 40 min early to 15 min late: most inside the window.
    if (category === 'appointment') v.appointmentAt = v.arrivalAt + (-15 + random() * 55) * MIN;
    if (!v.noShow && random() < sc.transferRate) {
      const others = sc.services.filter((s) => s.id !== service.id);
      const target = others[Math.floor(random() * others.length)];
      if (target) v.transfer = { serviceId: target.id, serviceSec: lognormal(random, target.meanServiceSec, target.cv) };
    }
    visitors.push(v);
  }
  return visitors.sort((a, b) => a.arrivalAt - b.arrivalAt || a.id.localeCompare(b.id));
}

export interface TicketRecord {
  ticketId: string;
  visitorId: string;
  serviceId: string;
  category: Category;
  continuation: boolean;
  arrivalAt: number;
  calledAt?: number;
  counterId?: string;
  positionAtIssue: number;
  /** The estimate the visitor was given at issue (continuations: at the transfer). */
  estimateSec: number;
  /** Longest time this ticket had waited when a later arrival of its service was called first. */
  overtakenAfterMs: number;
}

export interface Violation {
  ticketId: string;
  category: Category;
  waitedMs: number;
  boundMs: number;
  overtakenBy: string;
}

export interface DayResult {
  records: TicketRecord[];
  calls: { counterId: string; serviceId: string; at: number }[];
  violations: Violation[];
  endAt: number;
}

interface CounterState {
  spec: SimCounter;
  allowed?: ReadonlySet<string>;
  rotation: Rotation;
  current?: { ticket: Ticket; visit: { serviceSec: number; noShow: boolean; transfer?: Visitor['transfer'] } };
  busyUntil: number;
}

const kiosk: Actor = { type: 'device', id: 'kiosk-1' };
const clerk: Actor = { type: 'staff', id: 'sim-clerk' };

/**
 * Runs one day. With `plain`, every visitor is a normal walk-in (no classes, no appointments):
 * the "plain arrival order" the anti-starvation bound is measured against. `checkPolicy` checks
 * the bound against other class bounds than the ones in force (a test of the check itself).
 */
export function simulateDay(
  sc: Scenario,
  visitors: readonly Visitor[],
  opts: { plain?: boolean; checkPolicy?: QueuePolicy } = {},
): DayResult {
  const policy = sc.policy;
  const checked = opts.checkPolicy ?? policy;
  const lines = new Map(sc.services.map((s) => [s.id, new PolicyLine(policy, s.id)]));
  const line = (id: string) => lines.get(id);
  const forecaster = new Forecaster(sc.services);
  const counters: CounterState[] = sc.counters.map((spec) => ({
    spec,
    ...(spec.skills ? { allowed: new Set(spec.skills) } : {}),
    rotation: NEW_ROTATION,
    busyUntil: 0,
  }));
  const capacity = counters.map((c) => ({ services: c.spec.links, ...(c.allowed ? { skills: c.allowed } : {}) }));
  const serves = (c: CounterState, serviceId: string) =>
    c.spec.links.some((l) => l.serviceId === serviceId) && (!c.allowed || c.allowed.has(serviceId));
  const records = new Map<string, TicketRecord>();
  const visits = new Map<string, { serviceSec: number; noShow: boolean; transfer?: Visitor['transfer'] }>();
  const calls: DayResult['calls'] = [];
  const violations: Violation[] = [];
  const largestBound = Math.max(...checked.classes.map((c) => c.boundMs));
  // The bound is checked independently of the policy's own bookkeeping: a ticket's class bound
  // (appointment tickets, whose class changes with time: the largest bound of all).
  const boundOf = (t: Ticket) =>
    t.appointmentAt !== undefined ? largestBound : (checked.classes.find((c) => c.id === t.priority)?.boundMs ?? largestBound);
  let seq = 0;
  forecaster.startDay(DAY0 + sc.open * MIN);
  const hasWaiting = (id: string) => (line(id)?.count ?? 0) > 0;

  const promise = (t: Ticket, now: number, rec: Omit<TicketRecord, 'positionAtIssue' | 'estimateSec' | 'overtakenAfterMs'>) => {
    const l = line(t.serviceId) as PolicyLine;
    l.add(t);
    const ahead = l.position(t, now);
    const idle = counters.some((c) => !c.current && serves(c, t.serviceId));
    forecaster.recordArrival(t, policy, now);
    const estimateSec = forecaster.ticketWait(t, { now, line: l, policy, floor: { open: capacity, hasWaiting, idle } });
    records.set(t.id, { ...rec, positionAtIssue: ahead, estimateSec, overtakenAfterMs: 0 });
  };

  const arrive = (v: Visitor, now: number) => {
    seq++;
    const category: Category = opts.plain ? 'normal' : v.category;
    const t = newTicket({
      id: v.id,
      serviceId: v.serviceId,
      seq,
      number: v.id,
      businessDate: '2026-03-02',
      source: v.appointmentAt !== undefined ? 'appointment' : 'kiosk',
      priority: category === 'appointment' || category === 'normal' ? 'normal' : category,
      lang: 'zh',
      trackToken: v.id,
      at: v.arrivalAt,
      by: kiosk,
      ...(v.appointmentAt !== undefined && !opts.plain ? { appointmentAt: v.appointmentAt } : {}),
    });
    visits.set(t.id, { serviceSec: v.serviceSec, noShow: v.noShow, ...(v.transfer ? { transfer: v.transfer } : {}) });
    promise(t, now, {
      ticketId: t.id,
      visitorId: v.id,
      serviceId: v.serviceId,
      category: v.category,
      continuation: false,
      arrivalAt: v.arrivalAt,
    });
  };

  const release = (c: CounterState, now: number) => {
    const cur = c.current;
    if (!cur) return;
    c.current = undefined;
    let after: Ticket;
    if (cur.visit.noShow) after = noShowTicket(cur.ticket, { by: clerk, at: now });
    else {
      const serving = startTicket(cur.ticket, { by: clerk, at: cur.ticket.events.at(-1)?.at ?? now });
      const transfer = cur.visit.transfer;
      if (transfer) {
        const mode = transferModeFor(policy, transfer.serviceId);
        const moved = transferTicket(serving, {
          by: clerk,
          at: now,
          serviceId: transfer.serviceId,
          continuationId: `${cur.ticket.id}>${transfer.serviceId}`,
          keepArrival: mode !== 'back',
          head: mode === 'head',
        });
        after = moved.from;
        visits.set(moved.continuation.id, { serviceSec: transfer.serviceSec, noShow: false });
        const origin = records.get(cur.ticket.id) as TicketRecord;
        promise(moved.continuation, now, {
          ticketId: moved.continuation.id,
          visitorId: origin.visitorId,
          serviceId: transfer.serviceId,
          category: origin.category,
          continuation: true,
          arrivalAt: moved.continuation.arrivalAt,
        });
      } else after = finishTicket(serving, { by: clerk, at: now });
    }
    forecaster.learn(after, now);
  };

  const call = (c: CounterState, now: number): boolean => {
    const chosen = selectNext({
      links: c.spec.links,
      rotation: c.rotation,
      now,
      line,
      ...(c.allowed ? { allowed: c.allowed } : {}),
    });
    if (!chosen) return false;
    const y = chosen.ticket;
    const l = line(y.serviceId) as PolicyLine;
    if (!y.atHead)
      for (const x of l.all()) {
        if (x.id === y.id || compareArrival(y, x) < 0) continue; // only later arrivals overtake
        const waited = now - x.arrivalAt;
        const rec = records.get(x.id) as TicketRecord;
        rec.overtakenAfterMs = Math.max(rec.overtakenAfterMs, waited);
        if (waited >= boundOf(x))
          violations.push({ ticketId: x.id, category: rec.category, waitedMs: waited, boundMs: boundOf(x), overtakenBy: y.id });
      }
    l.recordCall(y, now);
    l.remove(y);
    c.rotation = chosen.rotation;
    const called = callTicket(y, { counterId: c.spec.id, by: clerk, at: now });
    const visit = visits.get(y.id) as NonNullable<CounterState['current']>['visit'];
    c.current = { ticket: called, visit };
    c.busyUntil = now + (visit.noShow ? sc.noShowWaitSec : visit.serviceSec) * 1000;
    const rec = records.get(y.id) as TicketRecord;
    rec.calledAt = now;
    rec.counterId = c.spec.id;
    calls.push({ counterId: c.spec.id, serviceId: y.serviceId, at: now });
    return true;
  };

  let next = 0;
  let now = DAY0 + sc.open * MIN;
  for (;;) {
    for (const c of counters) if (c.current && c.busyUntil <= now) release(c, now);
    while (next < visitors.length && (visitors[next] as Visitor).arrivalAt <= now) arrive(visitors[next++] as Visitor, now);
    for (const c of counters) if (!c.current) call(c, now);
    const upcoming = counters.filter((c) => c.current).map((c) => c.busyUntil);
    if (next < visitors.length) upcoming.push((visitors[next] as Visitor).arrivalAt);
    if (upcoming.length === 0) break;
    now = Math.max(now, Math.min(...upcoming));
  }
  return { records: [...records.values()], calls, violations, endAt: now };
}
