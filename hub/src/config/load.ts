/**
 * Reads, validates and resolves the configuration. Every mistake is collected and reported
 * at once, each with the place it sits in the file, so a site manager fixes them in one pass.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import YAML from 'yaml';
import { type Localized, type Service, SiteSetup } from '../protocol';
import { type SecuritySettings, securitySettings } from '../security/settings';
import { dayStartMinutes } from '../time';
import type { NotificationsConfig } from './notifications';
import type { PhoneConfig } from './phone';
import { AppointmentsConfig, ConfigFile, StaffSeed } from './schema';
import { type ResolvedCounter, type ResolvedQueue, resolveSetup, schemaProblems } from './setup';
import { type VisitorSettings, visitorSettings } from './visitors';

export interface HubConfig {
  site: {
    id: string;
    name: Localized;
    timezone: string;
    /** Site time "HH:MM" at which a business day starts ("00:00" = midnight). */
    dayStartsAt: string;
    publicUrl: string;
  };
  server: { host: string; port: number };
  /** `port` 0 = pick a free port (tests); `null` = no TCP listener. `url` set = external broker. */
  mqtt: { port: number | null; url?: string; username?: string; password?: string; allowAnonymousDisplays: boolean };
  dataDir: string;
  secret?: string;
  /**
   * Services, counters and queue are the set-up in effect: the file's sections at start, replaced
   * in place (same object) when an admin saves a change (`hub/src/service/setup-service.ts`), so
   * read them when needed rather than keeping a copy.
   */
  queue: ResolvedQueue;
  rateLimit: { ticketsPerMinutePerClient: number; loginPerMinute: number };
  /** Transport limits (connection caps, timeouts, MQTT packet size) and the metrics token. */
  security: SecuritySettings;
  /** Who may take a ticket without anyone vouching for them, and how many (docs/security.md). */
  issuing: IssuingSettings;
  /** What a visitor's phone may do away from the kiosks (join, I'm here, I'm late) and the public listener. */
  visitors: VisitorSettings;
  backup: { enabled: boolean; dir: string; time: string; keep: number; copyTo?: string };
  /** How long personal data keeps its link to a person (docs/personal-data.md). */
  retention: RetentionConfig;
  /** HTTPS/WSS on server.port and MQTTS on `mqttPort` when set. */
  tls?: { cert?: string; key?: string; selfSigned: boolean; mqttPort: number; redirectHttpPort?: number };
  uplink?: {
    url: string;
    username?: string;
    password?: string;
    ca?: string;
    heartbeatSec: number;
    resendSec: number;
    /** Sites of one group share it: their visits go up under one pseudonym per person (docs/personal-data.md). */
    groupKey?: string;
    /** Head office's template public key (PEM file): config templates are taken only when it is set. */
    templatePublicKey?: string;
  };
  /** Set in `callboard central` mode: the central broker this instance reads every site from. */
  central?: {
    url: string;
    username?: string;
    password?: string;
    ca?: string;
    offlineAfterSec?: number;
    /** The config templates' signing key (PEM file): templates are offered only when it is set. */
    templateKey?: string;
  };
  services: Service[];
  counters: ResolvedCounter[];
  /** The same set-up as written (file shape), for the admin page to edit. */
  setup: SiteSetup;
  staff: NonNullable<ConfigFile['staff']>;
  devices: NonNullable<ConfigFile['devices']>;
  /** The appointment book's section as written (validated); defaults are applied by hub/src/appointments. */
  appointments?: AppointmentsConfig;
  /** Texts to visitors as written (validated); defaults are applied by hub/src/notify. */
  notifications?: NotificationsConfig;
  /** The phone channel as written (validated); defaults: config/phone.ts `phoneSettings`. */
  phone?: PhoneConfig;
  /** Where the file was read from (for messages). */
  source: string;
}

export interface RetentionConfig {
  enabled: boolean;
  /** Site time "HH:MM" of the nightly run. */
  time: string;
  identityDays: number;
  appointmentDays: number;
  auditDays: number;
}

export interface IssuingSettings {
  anonymous: boolean;
  anonymousPerServicePerHour: number;
  anonymousPerAddressPerHour: number;
  selfDeclaredPriority: boolean;
  rangeAlertPercent: number;
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
    problems.push(...schemaProblems(ConfigFile, raw));
    // Where the set-up sections themselves are well-formed, their cross-references are checked too,
    // so a file with both kinds of mistakes is fixed in one pass.
    problems.push(...crossReferenceProblems(raw));
    throw new ConfigError(source, problems);
  }
  const file = raw as ConfigFile;

  // --- services, counters, queue policy and what refers to them (config/setup.ts) ---
  const setup = resolveSetup(
    { services: file.services, counters: file.counters, ...(file.queue ? { queue: file.queue } : {}) },
    { staff: file.staff ?? [], ...(file.appointments ? { appointments: file.appointments } : {}) },
    problems,
  );
  // A service's own day start may only be later than the site's (its day never runs ahead of the hub's).
  const siteStart = dayStartMinutes(file.site.dayStartsAt);
  for (const [i, s] of file.services.entries())
    if (s.dayStartsAt !== undefined && dayStartMinutes(s.dayStartsAt) < siteStart)
      problems.push(
        `services.${i}.dayStartsAt: "${s.dayStartsAt}" is before the site's day start "${file.site.dayStartsAt}" — a service's own day can only start later (e.g. "04:00" for an evening clinic in a hall whose day starts at midnight)`,
      );
  const deviceIds = new Set<string>();
  for (const [i, d] of (file.devices ?? []).entries()) {
    if (deviceIds.has(d.id)) problems.push(`devices.${i}.id: duplicate device id "${d.id}"`);
    deviceIds.add(d.id);
  }
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

  const visitors = visitorSettings(file.visitors, problems);
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
      dayStartsAt: file.site.dayStartsAt ?? '00:00',
      publicUrl: (env.PUBLIC_URL || file.site.publicUrl || `${file.tls ? 'https' : 'http'}://localhost:${port}`).replace(
        /\/$/,
        '',
      ),
    },
    server: { host: env.HOST || file.server?.host || '0.0.0.0', port },
    mqtt,
    dataDir,
    queue: setup.queue,
    backup: {
      enabled: file.backup?.enabled ?? true,
      dir: path.resolve(dataDir, file.backup?.dir ?? 'backups'),
      time: file.backup?.time ?? '02:30',
      keep: file.backup?.keep ?? 14,
      ...(file.backup?.copyTo ? { copyTo: path.resolve(baseDir, file.backup.copyTo) } : {}),
    },
    retention: {
      enabled: file.retention?.enabled ?? true,
      time: file.retention?.time ?? '02:00',
      identityDays: file.retention?.identityDays ?? 90,
      appointmentDays: file.retention?.appointmentDays ?? 90,
      auditDays: file.retention?.auditDays ?? 730,
    },
    rateLimit: {
      ticketsPerMinutePerClient: file.rateLimit?.ticketsPerMinutePerClient ?? 120,
      loginPerMinute: file.rateLimit?.loginPerMinute ?? 20,
    },
    security: securitySettings(file.security),
    issuing: {
      anonymous: file.issuing?.anonymous ?? false,
      anonymousPerServicePerHour: file.issuing?.anonymousPerServicePerHour ?? 60,
      anonymousPerAddressPerHour: file.issuing?.anonymousPerAddressPerHour ?? 6,
      selfDeclaredPriority: file.issuing?.selfDeclaredPriority ?? false,
      rangeAlertPercent: file.issuing?.rangeAlertPercent ?? 80,
    },
    visitors,
    services: setup.services,
    counters: setup.counters,
    setup: { services: file.services, counters: file.counters, ...(file.queue ? { queue: file.queue } : {}) },
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
  if (file.uplink)
    config.uplink = {
      ...file.uplink,
      heartbeatSec: file.uplink.heartbeatSec ?? 15,
      resendSec: file.uplink.resendSec ?? 30,
      ...(file.uplink.ca ? { ca: path.resolve(baseDir, file.uplink.ca) } : {}),
      ...(file.uplink.templatePublicKey ? { templatePublicKey: path.resolve(baseDir, file.uplink.templatePublicKey) } : {}),
    };
  if (file.central)
    config.central = {
      ...file.central,
      ...(file.central.ca ? { ca: path.resolve(baseDir, file.central.ca) } : {}),
      ...(file.central.templateKey ? { templateKey: path.resolve(baseDir, file.central.templateKey) } : {}),
    };
  if (file.appointments) config.appointments = file.appointments;
  if (file.notifications) config.notifications = file.notifications;
  if (file.phone) config.phone = file.phone;
  return config;
}

/** Reference problems of a file whose set-up sections are valid on their own (the rest may not be). */
function crossReferenceProblems(raw: unknown): string[] {
  if (!raw || typeof raw !== 'object') return [];
  const r = raw as Record<string, unknown>;
  const setup = { services: r.services, counters: r.counters, ...(r.queue !== undefined ? { queue: r.queue } : {}) };
  if (!Value.Check(SiteSetup, setup)) return [];
  const staff = Value.Check(Type.Array(StaffSeed), r.staff ?? []) ? (r.staff as StaffSeed[] | undefined) : [];
  const appointments = Value.Check(AppointmentsConfig, r.appointments) ? (r.appointments as AppointmentsConfig) : undefined;
  const problems: string[] = [];
  resolveSetup(setup as SiteSetup, { staff: staff ?? [], ...(appointments ? { appointments } : {}) }, problems);
  return problems;
}
