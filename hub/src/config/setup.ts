/**
 * Services, counters and the queue policy: validated and resolved the same way whether they come
 * from the configuration file at start or from an admin's live edit (`PUT /api/v1/admin/setup`).
 * Every mistake is collected, each with where it sits (`services.1.prefix: …`) and how to fix it.
 */
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import {
  type ClassName,
  type CounterServiceLink,
  DEFAULT_CLASS_NAMES,
  DEFAULT_PRIORITIES,
  DOOR_SIZE_DEFAULT,
  type Localized,
  type PriorityClassConfig,
  type PriorityClassView,
  type QueueSettings,
  type RatioConfig,
  type RemoteJoinSettings,
  type Service,
  type ServiceConfig,
  type SiteSetup,
} from '../protocol';
import {
  type AppointmentWindow,
  type LateRule,
  MINUTE_MS,
  type PriorityClassRule,
  type QueuePolicy,
  type TransferMode,
} from '../queue/policy';
import type { RatioRule } from '../queue/ratio';
import { checkRoute } from '../queue/route';
import type { AppointmentsConfig } from './schema';

export interface ResolvedCounter {
  id: string;
  name: Localized;
  services: CounterServiceLink[];
  pad?: { deviceId: string; padId: string };
}

/**
 * `priorities`: class ids, highest first (always contains `normal`); `classes`: the same with their
 * display names; `outcomeRequired`: a clerk must choose each finished visit's outcome;
 * `policy`: docs/queue-policy.md.
 */
export interface ResolvedQueue {
  maxRecalls: number;
  boardHistory: number;
  /** After closing time, how long until tickets still open are closed as "not served — closed". */
  closingGraceMs: number;
  priorities: string[];
  classes: PriorityClassView[];
  outcomeRequired: boolean;
  policy: QueuePolicy;
}

export interface ResolvedSetup {
  services: Service[];
  counters: ResolvedCounter[];
  queue: ResolvedQueue;
}

/** What the set-up is checked against besides itself: staff skills and the appointment book. */
export interface SetupContext {
  staff: readonly { username: string; skills?: readonly string[] | undefined }[];
  appointments?: AppointmentsConfig;
  /** Where staff come from, for messages: `staff.0.skills` in a file, `staff "clerk1"` live. */
  staffLabel?: (index: number, username: string) => string;
}

/** A fix hint for each kind of schema mistake, so the message says what to do, not only what is wrong. */
export function schemaHint(keyword: string, params: Record<string, unknown>): string {
  switch (keyword) {
    case 'additionalProperties':
      return `: unknown key(s) ${(params.additionalProperties as string[] | undefined)?.join(', ')} — remove it or check the spelling (see config/callboard.demo.json)`;
    case 'required':
      return ' — add it (see config/callboard.demo.json for an example)';
    case 'type':
      return ` — write ${/^[aeiou]/.test(String(params.type)) ? 'an' : 'a'} ${String(params.type)} here${params.type === 'integer' || params.type === 'number' ? ', without quotes' : ''}`;
    case 'pattern':
      return ` — the expected form is ${String(params.pattern)}`;
    case 'minimum':
    case 'maximum':
    case 'minLength':
    case 'maxLength':
    case 'minItems':
      return ' — change the value to fit';
    case 'anyOf':
    case 'union':
      return ' — none of the allowed forms fits; see config/callboard.demo.json';
    default:
      return '';
  }
}

export function pointer(instancePath: string): string {
  return instancePath === '' ? '(top level)' : instancePath.slice(1).replaceAll('/', '.');
}

/** Every schema mistake of `value`, each with its place and a fix hint. */
export function schemaProblems(schema: TSchema, value: unknown): string[] {
  const problems: string[] = [];
  for (const e of Value.Errors(schema, value)) {
    if (e.message === 'schema is false') continue; // duplicated by the additionalProperties entry
    problems.push(`${pointer(e.instancePath)} ${e.message}${schemaHint(e.keyword, e.params as Record<string, unknown>)}`);
  }
  return problems;
}

/**
 * Checks what a schema cannot say (unique ids and prefixes, references between counters, services,
 * staff skills and the appointment book, the policy's rules) and resolves defaults. Problems are
 * appended to `problems`; the result is only meaningful when none were added.
 */
export function resolveSetup(setup: SiteSetup, ctx: SetupContext, problems: string[]): ResolvedSetup {
  const serviceIds = new Set<string>();
  const prefixes = new Map<string, string>();
  for (const [i, s] of setup.services.entries()) {
    if (serviceIds.has(s.id)) problems.push(`services.${i}.id: duplicate service id "${s.id}"`);
    serviceIds.add(s.id);
    const other = prefixes.get(s.prefix);
    if (other !== undefined) problems.push(`services.${i}.prefix: prefix "${s.prefix}" is already used by service "${other}"`);
    prefixes.set(s.prefix, s.id);
    if (s.numberRange && s.numberRange[0] > s.numberRange[1])
      problems.push(`services.${i}.numberRange: start ${s.numberRange[0]} is after end ${s.numberRange[1]}`);
  }
  // Multi-stop visits: a service's default route names known services, never itself next.
  for (const [i, s] of setup.services.entries()) {
    if (!s.route) continue;
    try {
      checkRoute(s.route, { currentServiceId: s.id, known: (id) => serviceIds.has(id) });
    } catch (err) {
      problems.push(`services.${i}.route: ${(err as Error).message}`);
    }
  }
  const counterIds = new Set<string>();
  for (const [i, c] of setup.counters.entries()) {
    if (counterIds.has(c.id)) problems.push(`counters.${i}.id: duplicate counter id "${c.id}"`);
    counterIds.add(c.id);
    const seen = new Set<string>();
    for (const [j, link] of c.services.entries()) {
      const id = typeof link === 'string' ? link : link.serviceId;
      if (!serviceIds.has(id))
        problems.push(
          `counters.${i}.services.${j}: counter "${c.id}" names unknown service "${id}" (known: ${[...serviceIds].join(', ')})`,
        );
      if (seen.has(id)) problems.push(`counters.${i}.services.${j}: service "${id}" is listed twice`);
      seen.add(id);
    }
  }
  const usernames = new Set<string>();
  const label = ctx.staffLabel ?? ((i: number) => `staff.${i}`);
  for (const [i, s] of ctx.staff.entries()) {
    if (usernames.has(s.username)) problems.push(`${label(i, s.username)}.username: duplicate username "${s.username}"`);
    usernames.add(s.username);
    for (const skill of s.skills ?? [])
      if (!serviceIds.has(skill)) problems.push(`${label(i, s.username)}.skills: unknown service "${skill}"`);
  }
  const policy = resolvePolicy(setup, problems);
  checkAppointments(
    { ...setup, ...(ctx.appointments ? { appointments: ctx.appointments } : {}) },
    serviceIds,
    counterIds,
    usernames,
    problems,
  );
  return {
    services: setup.services.map((s) => {
      const service: Service = {
        id: s.id,
        prefix: s.prefix,
        name: s.name,
        numberRange: s.numberRange ?? [1, 999],
        targetWaitMin: s.targetWaitMin ?? 15,
        avgServiceSec: s.avgServiceSec ?? 300,
        walkIns: s.walkIns ?? true,
        appointments: s.appointments ?? false,
      };
      if (s.hours) service.hours = s.hours;
      if (s.dayStartsAt) service.dayStartsAt = s.dayStartsAt;
      if (s.topics) service.topics = s.topics;
      if (s.remoteJoin) service.remoteJoin = remoteJoinOf(s.remoteJoin);
      if (s.route) service.route = s.route;
      if (s.where) service.where = s.where;
      if (s.stopArrival) service.stopArrival = s.stopArrival;
      if (s.twoStep) service.twoStep = { doorSize: s.twoStep.doorSize ?? DOOR_SIZE_DEFAULT };
      if (s.namesOnScreens && s.namesOnScreens !== 'number') service.namesOnScreens = s.namesOnScreens;
      return service;
    }),
    counters: setup.counters.map((c) => ({
      id: c.id,
      name: c.name,
      services: c.services.map((l) => (typeof l === 'string' ? { serviceId: l, weight: 1 } : l)),
      ...(c.pad ? { pad: c.pad } : {}),
    })),
    queue: {
      maxRecalls: setup.queue?.maxRecalls ?? 3,
      boardHistory: setup.queue?.boardHistory ?? 8,
      closingGraceMs: (setup.queue?.closingGraceMin ?? DEFAULT_CLOSING_GRACE_MIN) * MINUTE_MS,
      priorities: policy.classes.map((c) => c.id),
      classes: classItems(setup.queue).map((c) => ({ id: c.id, name: classNameOf(c) })),
      outcomeRequired: setup.queue?.outcomeRequired ?? false,
      policy,
    },
  };
}

const DEFAULT_BOUND_MIN = 30;
const DEFAULT_WINDOW: { earlyMin: number; graceMin: number; late: LateRule } = { earlyMin: 30, graceMin: 10, late: 'walk-in' };
const DEFAULT_REQUEUE_MIN = 30;
const DEFAULT_CLOSING_GRACE_MIN = 60;

type WindowConfig = NonNullable<QueueSettings['appointmentWindow']>;

function toWindow(w: WindowConfig | undefined, base: typeof DEFAULT_WINDOW): AppointmentWindow {
  return {
    earlyMs: (w?.earlyMin ?? base.earlyMin) * MINUTE_MS,
    graceMs: (w?.graceMin ?? base.graceMin) * MINUTE_MS,
    late: w?.late ?? base.late,
  };
}

/** The set-up's priority classes as objects, highest first; `normal` is always there (last unless placed). */
function classItems(q: QueueSettings | undefined): PriorityClassConfig[] {
  const items = (q?.priorities ?? DEFAULT_PRIORITIES).map((p) => (typeof p === 'string' ? { id: p } : p));
  if (!items.some((c) => c.id === 'normal')) items.push({ id: 'normal' });
  return items;
}

/** A class's display names: the set-up's, language by language, over the shipped default (if any). */
function classNameOf(c: PriorityClassConfig): ClassName {
  return { ...DEFAULT_CLASS_NAMES[c.id], ...c.name };
}

/**
 * The queue policy in ms, with what a schema cannot check: unique class names, one appointment
 * class at most, and bounds that never grow towards the top (a higher class must be protected
 * no later than a lower one, else protecting a normal ticket could put it before an older
 * priority ticket — docs/queue-policy.md).
 */
function resolvePolicy(file: SiteSetup, problems: string[]): QueuePolicy {
  const q = file.queue ?? {};
  const items = classItems(file.queue);
  const seen = new Set<string>();
  for (const [i, c] of items.entries()) {
    if (seen.has(c.id)) problems.push(`queue.priorities.${i}: class "${c.id}" is listed twice`);
    seen.add(c.id);
  }
  const defaultBound = q.starvationBoundMin ?? DEFAULT_BOUND_MIN;
  const classes: PriorityClassRule[] = items.map((c, rank) => {
    const rule: PriorityClassRule = {
      id: c.id,
      rank,
      boundMs: ('starvationBoundMin' in c ? (c.starvationBoundMin ?? defaultBound) : defaultBound) * MINUTE_MS,
    };
    if ('minAge' in c && c.minAge !== undefined) rule.minAge = c.minAge;
    return rule;
  });
  for (let i = 0; i + 1 < classes.length; i++) {
    const [hi, lo] = [classes[i] as PriorityClassRule, classes[i + 1] as PriorityClassRule];
    if (hi.boundMs > lo.boundMs)
      problems.push(
        `queue.priorities.${i}: starvation bound of "${hi.id}" (${hi.boundMs / MINUTE_MS} min) is longer than that of the lower class "${lo.id}" (${lo.boundMs / MINUTE_MS} min); a higher class must not have a longer bound`,
      );
  }
  const marked = items.filter((c) => 'appointment' in c && c.appointment === true).map((c) => c.id);
  if (marked.length > 1)
    problems.push(`queue.priorities: only one class may be the appointment class (marked: ${marked.join(', ')})`);
  const unmarked = items.some((c) => c.id === 'appointment' && !('appointment' in c && c.appointment === false));
  const appointmentClass = marked[0] ?? (unmarked ? 'appointment' : undefined);
  if (appointmentClass === 'normal') problems.push('queue.priorities: "normal" cannot be the appointment class');

  const maxRecalls = q.maxRecalls ?? 3;
  const afterRecalls = q.noShow?.afterRecalls;
  if (afterRecalls !== undefined && afterRecalls > maxRecalls)
    problems.push(`queue.noShow.afterRecalls: ${afterRecalls} recalls can never happen with queue.maxRecalls ${maxRecalls}`);

  const base = { ...DEFAULT_WINDOW, ...q.appointmentWindow };
  const policy: QueuePolicy = {
    classes,
    appointmentWindow: toWindow(undefined, base),
    transfer: q.transfer ?? 'keep',
    noShow: { requeueWithinMs: (q.noShow?.requeueWithinMin ?? DEFAULT_REQUEUE_MIN) * MINUTE_MS },
  };
  if (appointmentClass !== undefined) policy.appointmentClass = appointmentClass;
  if (afterRecalls !== undefined) policy.noShow.afterRecalls = afterRecalls;
  if (q.noShow?.afterMin !== undefined) policy.noShow.afterMs = q.noShow.afterMin * MINUTE_MS;
  const windows: Record<string, AppointmentWindow> = {};
  const transfers: Record<string, TransferMode> = {};
  for (const s of file.services) {
    if (s.appointmentWindow) windows[s.id] = toWindow(s.appointmentWindow, base);
    if (s.transfer) transfers[s.id] = s.transfer;
  }
  if (Object.keys(windows).length > 0) policy.serviceWindows = windows;
  if (Object.keys(transfers).length > 0) policy.serviceTransfers = transfers;
  const requeueClass = q.noShow?.requeueClass;
  if (requeueClass !== undefined) {
    if (!seen.has(requeueClass))
      problems.push(`queue.noShow.requeueClass: "${requeueClass}" is not a class of queue.priorities (add it there)`);
    policy.noShow.requeueClass = requeueClass;
  }
  if (q.noShow?.maxRequeues !== undefined) policy.noShow.maxRequeues = q.noShow.maxRequeues;
  const ratios: Record<string, RatioRule> = {};
  for (const [i, s] of file.services.entries()) {
    const config = s.ratio ?? q.ratio;
    if (config) ratios[s.id] = toRatio(config, s.ratio ? `services.${i}.ratio` : 'queue.ratio', seen, problems);
  }
  if (Object.keys(ratios).length > 0) policy.ratios = ratios;
  return policy;
}

/**
 * A ratio in the policy's terms, with what the schema cannot check: known, distinct classes, and
 * switches that reweigh the same classes (so every turn has a class to go to).
 */
function toRatio(config: RatioConfig, where: string, classes: ReadonlySet<string>, problems: string[]): RatioRule {
  const shares = (list: RatioConfig['shares'], at: string) => {
    const ids = new Set<string>();
    for (const [j, x] of list.entries()) {
      if (!classes.has(x.class)) problems.push(`${at}.${j}.class: "${x.class}" is not a class of queue.priorities`);
      if (ids.has(x.class)) problems.push(`${at}.${j}.class: "${x.class}" is listed twice`);
      ids.add(x.class);
    }
    return list.map((x) => ({ classId: x.class, weight: x.weight }));
  };
  const rule: RatioRule = { shares: shares(config.shares, `${where}.shares`) };
  const own = [...rule.shares.map((x) => x.classId)].sort().join(',');
  const switches = (config.switches ?? []).map((sw, k) => {
    const at = `${where}.switches.${k}`;
    const list = shares(sw.shares, `${at}.shares`);
    if ([...list.map((x) => x.classId)].sort().join(',') !== own)
      problems.push(`${at}.shares: name the same classes as ${where}.shares (${own}), with other weights`);
    for (const c of [sw.when.class, sw.when.outnumbers])
      if (!own.split(',').includes(c)) problems.push(`${at}.when: "${c}" is not one of the ratio's classes (${own})`);
    return { classId: sw.when.class, outnumbers: sw.when.outnumbers, shares: list };
  });
  if (switches.length > 0) rule.switches = switches;
  return rule;
}

/** References and time ranges of the appointment book (docs/appointments.md). */
function checkAppointments(
  file: SiteSetup & { appointments?: AppointmentsConfig },
  serviceIds: Set<string>,
  counterIds: Set<string>,
  usernames: Set<string>,
  problems: string[],
): void {
  const a = file.appointments;
  if (!a) return;
  const takes = new Set(file.services.filter((s) => s.appointments).map((s) => s.id));
  const ref = (where: string, x: { serviceId?: string; counterId?: string; staff?: string }) => {
    if (x.serviceId !== undefined && !serviceIds.has(x.serviceId))
      problems.push(`${where}.serviceId: unknown service "${x.serviceId}"`);
    else if (x.serviceId !== undefined && !takes.has(x.serviceId))
      problems.push(`${where}.serviceId: service "${x.serviceId}" takes no appointments (set "appointments": true on it)`);
    if (x.counterId !== undefined && !counterIds.has(x.counterId))
      problems.push(`${where}.counterId: unknown counter "${x.counterId}"`);
    if (x.staff !== undefined && !usernames.has(x.staff)) problems.push(`${where}.staff: unknown staff username "${x.staff}"`);
    if (x.counterId !== undefined && x.staff !== undefined)
      problems.push(`${where}: give a counterId or a staff member, not both`);
  };
  for (const [i, s] of (a.schedules ?? []).entries()) {
    ref(`appointments.schedules.${i}`, s);
    for (const [j, w] of s.weekly.entries())
      if (w.from >= w.to) problems.push(`appointments.schedules.${i}.weekly.${j}: from ${w.from} is not before to ${w.to}`);
  }
  for (const [i, e] of (a.exceptions ?? []).entries()) {
    ref(`appointments.exceptions.${i}`, e);
    if (e.toDate !== undefined && e.toDate < e.date) problems.push(`appointments.exceptions.${i}.toDate: before date`);
    if (e.from !== undefined && e.to !== undefined && e.from >= e.to)
      problems.push(`appointments.exceptions.${i}: from ${e.from} is not before to ${e.to}`);
  }
  for (const [i, x] of (a.extraSlots ?? []).entries()) ref(`appointments.extraSlots.${i}`, x);
  const keys = new Set<string>();
  for (const [i, k] of (a.apiKeys ?? []).entries()) {
    if (keys.has(k.key)) problems.push(`appointments.apiKeys.${i}.key: the same key is listed twice`);
    keys.add(k.key);
  }
}

/** The per-service remote-join rules with their defaults (off unless enabled; 50 a day; confirmation on, 10 min grace). */
function remoteJoinOf(c: NonNullable<ServiceConfig['remoteJoin']>): RemoteJoinSettings {
  const r: RemoteJoinSettings = {
    enabled: c.enabled ?? false,
    dailyCap: c.dailyCap ?? 50,
    arrivalConfirmation: c.arrivalConfirmation ?? true,
    graceMin: c.graceMin ?? 10,
  };
  if (c.latestJoin) r.latestJoin = c.latestJoin;
  return r;
}
