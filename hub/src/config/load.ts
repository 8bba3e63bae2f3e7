/**
 * Reads, validates and resolves the configuration. Every mistake is collected and reported
 * at once, each with the place it sits in the file, so a site manager fixes them in one pass.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Value } from 'typebox/value';
import YAML from 'yaml';
import type { CounterServiceLink, Localized, Service } from '../protocol';
import {
  type AppointmentWindow,
  type LateRule,
  MINUTE_MS,
  type PriorityClassRule,
  type QueuePolicy,
  type TransferMode,
} from '../queue/policy';
import { type AppointmentsConfig, ConfigFile } from './schema';

export interface HubConfig {
  site: { id: string; name: Localized; timezone: string; publicUrl: string };
  server: { host: string; port: number };
  /** `port` 0 = pick a free port (tests); `null` = no TCP listener. `url` set = external broker. */
  mqtt: { port: number | null; url?: string; username?: string; password?: string; allowAnonymousDisplays: boolean };
  dataDir: string;
  secret?: string;
  /** `priorities`: class ids, highest first (always ends with or contains `normal`); `policy`: docs/queue-policy.md. */
  queue: { maxRecalls: number; boardHistory: number; priorities: string[]; policy: QueuePolicy };
  rateLimit: { ticketsPerMinutePerClient: number; loginPerMinute: number };
  backup: { enabled: boolean; dir: string; time: string; keep: number; copyTo?: string };
  /** HTTPS/WSS on server.port and MQTTS on `mqttPort` when set. */
  tls?: { cert?: string; key?: string; selfSigned: boolean; mqttPort: number; redirectHttpPort?: number };
  uplink?: { url: string; username?: string; password?: string };
  services: Service[];
  counters: { id: string; name: Localized; services: CounterServiceLink[]; pad?: { deviceId: string; padId: string } }[];
  staff: NonNullable<ConfigFile['staff']>;
  devices: NonNullable<ConfigFile['devices']>;
  /** The appointment book's section as written (validated); defaults are applied by hub/src/appointments. */
  appointments?: AppointmentsConfig;
  /** Where the file was read from (for messages). */
  source: string;
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(source: string, problems: string[]) {
    super(`invalid configuration in ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Environment variables that override the file (documented in the README). */
export interface EnvOverrides {
  PORT?: string;
  HOST?: string;
  MQTT_PORT?: string;
  MQTT_URL?: string;
  MQTT_USERNAME?: string;
  MQTT_PASSWORD?: string;
  DATA_DIR?: string;
  SITE_ID?: string;
  PUBLIC_URL?: string;
  CALLBOARD_SECRET?: string;
  TZ_SITE?: string;
}

export function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, [`cannot read the file: ${(err as Error).message}`]);
  }
  try {
    return /\.ya?ml$/i.test(file) ? YAML.parse(text) : JSON.parse(text);
  } catch (err) {
    throw new ConfigError(file, [`not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'}: ${(err as Error).message}`]);
  }
}

export function loadConfig(file: string, env: EnvOverrides = process.env as EnvOverrides): HubConfig {
  const raw = readConfigFile(file);
  return resolveConfig(raw, env, file, path.dirname(path.resolve(file)));
}

/** A fix hint for each kind of schema mistake, so the message says what to do, not only what is wrong. */
function schemaHint(keyword: string, params: Record<string, unknown>): string {
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

function pointer(instancePath: string): string {
  return instancePath === '' ? '(top level)' : instancePath.slice(1).replaceAll('/', '.');
}

function parsePort(name: string, value: string | undefined, problems: string[]): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = /^\d{1,5}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    problems.push(`environment ${name}=${JSON.stringify(value)} is not a port number (0–65535)`);
    return undefined;
  }
  return n;
}

export function resolveConfig(raw: unknown, env: EnvOverrides, source: string, baseDir: string): HubConfig {
  const problems: string[] = [];
  if (!Value.Check(ConfigFile, raw)) {
    for (const e of Value.Errors(ConfigFile, raw)) {
      if (e.message === 'schema is false') continue; // duplicated by the additionalProperties entry
      problems.push(`${pointer(e.instancePath)} ${e.message}${schemaHint(e.keyword, e.params as Record<string, unknown>)}`);
    }
    throw new ConfigError(source, problems);
  }
  const file = raw as ConfigFile;

  // --- references and uniqueness, which a JSON schema cannot say ---
  const serviceIds = new Set<string>();
  const prefixes = new Map<string, string>();
  for (const [i, s] of file.services.entries()) {
    if (serviceIds.has(s.id)) problems.push(`services.${i}.id: duplicate service id "${s.id}"`);
    serviceIds.add(s.id);
    const other = prefixes.get(s.prefix);
    if (other !== undefined) problems.push(`services.${i}.prefix: prefix "${s.prefix}" is already used by service "${other}"`);
    prefixes.set(s.prefix, s.id);
    if (s.numberRange && s.numberRange[0] > s.numberRange[1])
      problems.push(`services.${i}.numberRange: start ${s.numberRange[0]} is after end ${s.numberRange[1]}`);
  }
  const counterIds = new Set<string>();
  for (const [i, c] of file.counters.entries()) {
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
  for (const [i, s] of (file.staff ?? []).entries()) {
    if (usernames.has(s.username)) problems.push(`staff.${i}.username: duplicate username "${s.username}"`);
    usernames.add(s.username);
    for (const skill of s.skills ?? [])
      if (!serviceIds.has(skill)) problems.push(`staff.${i}.skills: unknown service "${skill}"`);
  }
  const deviceIds = new Set<string>();
  for (const [i, d] of (file.devices ?? []).entries()) {
    if (deviceIds.has(d.id)) problems.push(`devices.${i}.id: duplicate device id "${d.id}"`);
    deviceIds.add(d.id);
  }
  const policy = resolvePolicy(file, problems);
  checkAppointments(file, serviceIds, counterIds, usernames, problems);
  if (file.tls && Boolean(file.tls.cert) !== Boolean(file.tls.key))
    problems.push('tls: give both cert and key (PEM files), or neither to use a generated self-signed certificate');
  const timezone = env.TZ_SITE || file.site.timezone || 'Asia/Shanghai';
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    problems.push(`site.timezone: unknown time zone "${timezone}" (use an IANA name such as Asia/Shanghai)`);
  }

  // --- environment overrides ---
  const port = parsePort('PORT', env.PORT, problems) ?? file.server?.port ?? 8080;
  const mqttPort = parsePort('MQTT_PORT', env.MQTT_PORT, problems) ?? file.mqtt?.port ?? 1883;
  const mqttUrl = env.MQTT_URL || file.mqtt?.url;
  if (mqttUrl !== undefined && !/^(mqtts?|wss?|tcp):\/\/[^/]+/.test(mqttUrl))
    problems.push(`MQTT_URL "${mqttUrl}" is not an mqtt://, mqtts://, ws:// or wss:// address`);
  if (mqttUrl === undefined && port !== 0 && mqttPort === port)
    problems.push(`mqtt.port ${mqttPort} is the same as server.port: the embedded broker needs its own port`);
  const siteId = env.SITE_ID || file.site.id;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(siteId)) problems.push(`SITE_ID "${siteId}" may only hold letters, digits, _ and -`);

  if (problems.length > 0) throw new ConfigError(source, problems);

  const dataDir = path.resolve(baseDir, env.DATA_DIR || file.dataDir || './data');
  const secret = env.CALLBOARD_SECRET || file.secret;
  const mqtt: HubConfig['mqtt'] = {
    port: mqttUrl ? null : mqttPort,
    allowAnonymousDisplays: file.mqtt?.allowAnonymousDisplays ?? true,
  };
  if (mqttUrl) mqtt.url = mqttUrl;
  const mqttUser = env.MQTT_USERNAME || file.mqtt?.username;
  const mqttPass = env.MQTT_PASSWORD || file.mqtt?.password;
  if (mqttUser) mqtt.username = mqttUser;
  if (mqttPass) mqtt.password = mqttPass;

  const config: HubConfig = {
    site: {
      id: siteId,
      name: file.site.name,
      timezone,
      publicUrl: (env.PUBLIC_URL || file.site.publicUrl || `${file.tls ? 'https' : 'http'}://localhost:${port}`).replace(
        /\/$/,
        '',
      ),
    },
    server: { host: env.HOST || file.server?.host || '0.0.0.0', port },
    mqtt,
    dataDir,
    queue: {
      maxRecalls: file.queue?.maxRecalls ?? 3,
      boardHistory: file.queue?.boardHistory ?? 8,
      priorities: policy.classes.map((c) => c.id),
      policy,
    },
    backup: {
      enabled: file.backup?.enabled ?? true,
      dir: path.resolve(dataDir, file.backup?.dir ?? 'backups'),
      time: file.backup?.time ?? '02:30',
      keep: file.backup?.keep ?? 14,
      ...(file.backup?.copyTo ? { copyTo: path.resolve(baseDir, file.backup.copyTo) } : {}),
    },
    rateLimit: {
      ticketsPerMinutePerClient: file.rateLimit?.ticketsPerMinutePerClient ?? 120,
      loginPerMinute: file.rateLimit?.loginPerMinute ?? 20,
    },
    services: file.services.map((s) => {
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
      if (s.topics) service.topics = s.topics;
      return service;
    }),
    counters: file.counters.map((c) => ({
      id: c.id,
      name: c.name,
      services: c.services.map((l) => (typeof l === 'string' ? { serviceId: l, weight: 1 } : l)),
      ...(c.pad ? { pad: c.pad } : {}),
    })),
    staff: file.staff ?? [],
    devices: file.devices ?? [],
    source,
  };
  if (secret) config.secret = secret;
  if (file.tls) {
    const tls: NonNullable<HubConfig['tls']> = {
      selfSigned: file.tls.selfSigned ?? !file.tls.cert,
      mqttPort: file.tls.mqttPort ?? 8883,
    };
    if (file.tls.cert) tls.cert = path.resolve(baseDir, file.tls.cert);
    if (file.tls.key) tls.key = path.resolve(baseDir, file.tls.key);
    if (file.tls.redirectHttpPort !== undefined) tls.redirectHttpPort = file.tls.redirectHttpPort;
    config.tls = tls;
  }
  if (file.uplink) config.uplink = { ...file.uplink };
  if (file.appointments) config.appointments = file.appointments;
  return config;
}

export const DEFAULT_PRIORITIES = ['appointment', 'priority', 'normal'];
const DEFAULT_BOUND_MIN = 30;
const DEFAULT_WINDOW: { earlyMin: number; graceMin: number; late: LateRule } = { earlyMin: 30, graceMin: 10, late: 'walk-in' };
const DEFAULT_REQUEUE_MIN = 30;

type WindowConfig = NonNullable<NonNullable<ConfigFile['queue']>['appointmentWindow']>;

function toWindow(w: WindowConfig | undefined, base: typeof DEFAULT_WINDOW): AppointmentWindow {
  return {
    earlyMs: (w?.earlyMin ?? base.earlyMin) * MINUTE_MS,
    graceMs: (w?.graceMin ?? base.graceMin) * MINUTE_MS,
    late: w?.late ?? base.late,
  };
}

/**
 * The queue policy in ms, with what a schema cannot check: unique class names, one appointment
 * class at most, and bounds that never grow towards the top (a higher class must be protected
 * no later than a lower one, else protecting a normal ticket could put it before an older
 * priority ticket — docs/queue-policy.md).
 */
function resolvePolicy(file: ConfigFile, problems: string[]): QueuePolicy {
  const q = file.queue ?? {};
  const items = (q.priorities ?? DEFAULT_PRIORITIES).map((p) => (typeof p === 'string' ? { id: p } : p));
  if (!items.some((c) => c.id === 'normal')) items.push({ id: 'normal' });
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
  return policy;
}

/** References and time ranges of the appointment book (docs/appointments.md). */
function checkAppointments(
  file: ConfigFile,
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
