/**
 * Reads, validates and resolves the configuration. Every mistake is collected and reported
 * at once, each with the place it sits in the file, so a site manager fixes them in one pass.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Value } from 'typebox/value';
import YAML from 'yaml';
import type { CounterServiceLink, Localized, Service } from '../protocol';
import { ConfigFile } from './schema';

export interface HubConfig {
  site: { id: string; name: Localized; timezone: string; publicUrl: string };
  server: { host: string; port: number };
  /** `port` 0 = pick a free port (tests); `null` = no TCP listener. `url` set = external broker. */
  mqtt: { port: number | null; url?: string; username?: string; password?: string; allowAnonymousDisplays: boolean };
  dataDir: string;
  secret?: string;
  queue: { maxRecalls: number; boardHistory: number; priorities: string[] };
  rateLimit: { ticketsPerMinutePerClient: number; loginPerMinute: number };
  services: Service[];
  counters: { id: string; name: Localized; services: CounterServiceLink[] }[];
  staff: NonNullable<ConfigFile['staff']>;
  devices: NonNullable<ConfigFile['devices']>;
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
      const extra =
        e.keyword === 'additionalProperties'
          ? `: unknown key(s) ${(e.params as { additionalProperties?: string[] }).additionalProperties?.join(', ')}`
          : '';
      problems.push(`${pointer(e.instancePath)} ${e.message}${extra}`);
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
      publicUrl: (env.PUBLIC_URL || file.site.publicUrl || `http://localhost:${port}`).replace(/\/$/, ''),
    },
    server: { host: env.HOST || file.server?.host || '0.0.0.0', port },
    mqtt,
    dataDir,
    queue: {
      maxRecalls: file.queue?.maxRecalls ?? 3,
      boardHistory: file.queue?.boardHistory ?? 8,
      priorities: file.queue?.priorities ?? ['priority', 'normal'],
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
      return service;
    }),
    counters: file.counters.map((c) => ({
      id: c.id,
      name: c.name,
      services: c.services.map((l) => (typeof l === 'string' ? { serviceId: l, weight: 1 } : l)),
    })),
    staff: file.staff ?? [],
    devices: file.devices ?? [],
    source,
  };
  if (secret) config.secret = secret;
  if (!config.queue.priorities.includes('normal')) config.queue.priorities.push('normal');
  return config;
}
