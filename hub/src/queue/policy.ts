/**
 * Queue policy (ARCHITECTURE.md §3, docs/queue-policy.md): the order in which the waiting
 * tickets of one service are called. Pure: `now` is an argument, nothing is read or mutated.
 *
 * At a given instant every waiting ticket has a *standing* and the line is sorted by it:
 *   1. tickets a clerk transferred "to the head" of this service (a visit already under way);
 *   2. *protected* tickets — those that have waited their class's anti-starvation bound —
 *      oldest arrival first;
 *   3. everybody else by class rank (appointment on time, priority, return visit, normal …),
 *      then by appointment time (on-time appointments) or arrival time (everyone else).
 * Rule 2 is the anti-starvation guarantee: once a ticket has waited its bound, no ticket of its
 * service that arrived after it is called before it (head transfers excepted). Because a
 * higher class never has a longer bound than a lower one (checked when the configuration is
 * loaded), rule 2 never puts a normal ticket before an older higher-class ticket.
 *
 * What it means in time, for one counter serving the service (property-tested): let X arrive
 * at t with bound B, and compare with the same day in plain arrival order. A counter that calls
 * whenever it is free does the same total work in both, so the unfinished work U of tickets that
 * arrived before X is the same at t. In arrival order X is called at t + U. Under the policy X is
 * called after at most U plus the visits of the later arrivals that overtook it; all of those were
 * called before t + B, one after another, so together they last less than B plus one visit.
 * Hence: wait(policy) < wait(arrival order) + B + the longest visit.
 */
import type { Ticket } from '../protocol';
import { activeShares, advanceTurn, NEW_TURN, nextRatioClass, type RatioRule, type RatioTurn } from './ratio';
import { compareArrival } from './selection';

/** What happens to an appointment ticket that checks in after `appointment + grace`. */
export type LateRule = 'walk-in' | 'keep';
/** Where a transferred visitor joins the next service: original arrival, head of the line, or back. */
export type TransferMode = 'keep' | 'head' | 'back';

export interface PriorityClassRule {
  id: string;
  /** 0 is called first; the configured list order. */
  rank: number;
  /** Anti-starvation bound (ms): after waiting this long, no later arrival is called first. */
  boundMs: number;
  /** Visitors at least this old (birth date from their ID card) get this class automatically. */
  minAge?: number;
}

export interface AppointmentWindow {
  /** An appointment ticket ranks by its appointment time from `at − earlyMs` … */
  earlyMs: number;
  /** … if it checked in no later than `at + graceMs` (else `late` decides). */
  graceMs: number;
  late: LateRule;
}

export interface NoShowRule {
  /** A called ticket recalled this many times becomes a no-show (not "resolved") when its counter calls next. */
  afterRecalls?: number;
  /** A called ticket not started this long after its last call or recall becomes a no-show. */
  afterMs?: number;
  /** A no-show may be put back in the line within this long (0 = never). */
  requeueWithinMs: number;
  /** How many times one ticket may be put back (undefined = no limit). */
  maxRequeues?: number;
  /** The class a re-queued ticket waits in (e.g. `missed`); undefined = it keeps its class. */
  requeueClass?: string;
}

/** The resolved policy of a site (config minutes are turned into ms once, at load). */
export interface QueuePolicy {
  /** In rank order; always contains `normal`. */
  classes: readonly PriorityClassRule[];
  /** The class of appointment tickets inside their window; none = appointments rank as walk-ins. */
  appointmentClass?: string;
  appointmentWindow: AppointmentWindow;
  /** Per-service overrides of the appointment window. */
  serviceWindows?: Readonly<Record<string, AppointmentWindow>>;
  transfer: TransferMode;
  serviceTransfers?: Readonly<Record<string, TransferMode>>;
  noShow: NoShowRule;
  /** Per-service interleave ratios between classes (ratio.ts); services without one use strict rank. */
  ratios?: Readonly<Record<string, RatioRule>>;
}

export const MINUTE_MS = 60_000;

/** The policy of a site that configures nothing: appointment, priority, normal; 30 min bound. */
export function defaultPolicy(overrides: Partial<QueuePolicy> = {}): QueuePolicy {
  const bound = 30 * MINUTE_MS;
  return {
    classes: ['appointment', 'priority', 'normal'].map((id, rank) => ({ id, rank, boundMs: bound })),
    appointmentClass: 'appointment',
    appointmentWindow: { earlyMs: 30 * MINUTE_MS, graceMs: 10 * MINUTE_MS, late: 'walk-in' },
    transfer: 'keep',
    noShow: { requeueWithinMs: 30 * MINUTE_MS },
    ...overrides,
  };
}

const NORMAL = 'normal';

export function classRule(policy: QueuePolicy, id: string | undefined): PriorityClassRule {
  // No class has the id undefined: that and a class the configuration no longer has (a ticket
  // persisted under it) rank as normal, which the configuration always has.
  const rule = policy.classes.find((c) => c.id === id) ?? policy.classes.find((c) => c.id === NORMAL);
  if (!rule) throw new Error('queue policy has no "normal" class');
  return rule;
}

export function windowFor(policy: QueuePolicy, serviceId: string): AppointmentWindow {
  return policy.serviceWindows?.[serviceId] ?? policy.appointmentWindow;
}

export function transferModeFor(policy: QueuePolicy, serviceId: string): TransferMode {
  return policy.serviceTransfers?.[serviceId] ?? policy.transfer;
}

export function ratioFor(policy: QueuePolicy, serviceId: string): RatioRule | undefined {
  return policy.ratios?.[serviceId];
}

/**
 * The rank a class competes at in a service: the classes of a ratio share one rank, that of the
 * highest of them, so a class outside the ratio is called before or after the whole group.
 */
export function effectiveRank(policy: QueuePolicy, serviceId: string, cls: PriorityClassRule): number {
  const rule = ratioFor(policy, serviceId);
  if (!rule?.shares.some((s) => s.classId === cls.id)) return cls.rank;
  let rank = cls.rank;
  for (const s of rule.shares) rank = Math.min(rank, classRule(policy, s.classId).rank);
  return rank;
}

export type AppointmentTiming = 'none' | 'early' | 'on-time' | 'late';

/**
 * Where an appointment ticket stands at `now`: `early` until the window opens (it waits as a
 * walk-in meanwhile), `late` if it checked in after the grace period, else `on-time`.
 * Lateness is fixed at check-in; earliness ends by itself as time passes.
 */
export function appointmentTiming(t: Ticket, now: number, policy: QueuePolicy): AppointmentTiming {
  if (t.appointmentAt === undefined) return 'none';
  const w = windowFor(policy, t.serviceId);
  if (t.arrivalAt > t.appointmentAt + w.graceMs) return 'late';
  return now < t.appointmentAt - w.earlyMs ? 'early' : 'on-time';
}

export interface Standing {
  /** 0 head transfer, 1 protected (waited its bound), 2 ranked by class. */
  group: 0 | 1 | 2;
  /** The class the ticket ranks in at this instant. */
  classId: string;
  rank: number;
  /** Time key inside the class: appointment time for on-time appointments, else arrival. */
  key: number;
  /** Waited at least its class's bound. */
  due: boolean;
}

/**
 * True when the ticket's standing can change with time other than by becoming due: an
 * appointment ticket that may still gain its appointment class. Indexes keep these apart.
 */
export function isTimeDependent(t: Ticket, policy: QueuePolicy): boolean {
  if (t.atHead) return true;
  if (t.appointmentAt === undefined || policy.appointmentClass === undefined) return false;
  const w = windowFor(policy, t.serviceId);
  if (t.arrivalAt > t.appointmentAt + w.graceMs && w.late === 'walk-in') return false;
  return classRule(policy, policy.appointmentClass).rank < classRule(policy, t.priority).rank;
}

export function standing(t: Ticket, now: number, policy: QueuePolicy): Standing {
  let cls = classRule(policy, t.priority);
  let key = t.arrivalAt;
  if (policy.appointmentClass !== undefined) {
    const timing = appointmentTiming(t, now, policy);
    const keepLate = timing === 'late' && windowFor(policy, t.serviceId).late === 'keep';
    const appt = classRule(policy, policy.appointmentClass);
    if ((timing === 'on-time' || keepLate) && appt.rank < cls.rank) {
      cls = appt;
      key = t.appointmentAt as number;
    }
  }
  const due = now - t.arrivalAt >= cls.boundMs;
  const rank = effectiveRank(policy, t.serviceId, cls);
  return { group: t.atHead ? 0 : due ? 1 : 2, classId: cls.id, rank, key, due };
}

/** Total order of two waiting tickets of one service at one instant (negative: `a` first). */
export function compareStandings(a: Ticket, sa: Standing, b: Ticket, sb: Standing): number {
  if (sa.group !== sb.group) return sa.group - sb.group;
  if (sa.group === 2) {
    if (sa.rank !== sb.rank) return sa.rank - sb.rank;
    if (sa.key !== sb.key) return sa.key - sb.key;
  }
  return compareArrival(a, b);
}

/** True when this call is one of the ratio's turns: an unprotected ticket of a ratio class. */
export function isRatioCall(rule: RatioRule | undefined, s: Standing): boolean {
  return rule !== undefined && s.group === 2 && rule.shares.some((x) => x.classId === s.classId);
}

/**
 * The reference implementation: the whole line of one service in calling order at `now`, for a
 * service whose ratio stands at `turn`. O(n log n) without a ratio, O(n²) with one.
 * The hub uses the indexed `PolicyLine`; property tests check that both agree.
 */
export function orderLine(tickets: readonly Ticket[], now: number, policy: QueuePolicy, turn: RatioTurn = NEW_TURN): Ticket[] {
  const withStanding = tickets.map((t) => ({ t, s: standing(t, now, policy) }));
  withStanding.sort((x, y) => compareStandings(x.t, x.s, y.t, y.s));
  const rule = tickets[0] ? ratioFor(policy, tickets[0].serviceId) : undefined;
  if (!rule) return withStanding.map((x) => x.t);
  const out: Ticket[] = [];
  let current = turn;
  while (withStanding.length > 0) {
    const first = withStanding[0] as (typeof withStanding)[number];
    let i = 0;
    if (isRatioCall(rule, first.s)) {
      // Nobody protected is left, and the ratio classes share one rank: the turn picks the class.
      const count = (c: string) => withStanding.filter((x) => x.s.classId === c && isRatioCall(rule, x.s)).length;
      const cls = nextRatioClass(activeShares(rule, count), current, (c) => count(c) > 0);
      i = Math.max(
        0,
        withStanding.findIndex((x) => x.s.classId === cls && isRatioCall(rule, x.s)),
      );
      current = advanceTurn(current, (withStanding[i] as (typeof withStanding)[number]).s.classId);
    }
    out.push((withStanding[i] as (typeof withStanding)[number]).t);
    withStanding.splice(i, 1);
  }
  return out;
}

/**
 * The class a new ticket starts in: the one asked for, or a better age class when the
 * visitor's age qualifies (derived from the ID card; the birth date itself is not kept).
 */
export function initialClass(policy: QueuePolicy, requested: string, age: number | undefined): string {
  let best = classRule(policy, requested);
  if (age === undefined) return best.id;
  for (const c of policy.classes) if (c.minAge !== undefined && age >= c.minAge && c.rank < best.rank) best = c;
  return best.id;
}
