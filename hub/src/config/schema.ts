/**
 * The site configuration file (`callboard.config.json` or `.yaml`). The schema is the type;
 * `loadConfig` validates a file against it and then checks what a schema cannot express
 * (references between services and counters, duplicate prefixes, port clashes).
 */
import { type Static, Type } from 'typebox';
import {
  CounterConfig,
  DeviceKind,
  Id,
  Localized,
  Password,
  QueueSettings,
  RetentionSettings,
  Role,
  ServiceConfig,
  Username,
} from '../protocol';
import { NotificationsConfig } from './notifications';
import { PhoneConfig } from './phone';
import { VisitorsConfig } from './visitors';

const Port = Type.Integer({ minimum: 1, maximum: 65535 });
export const StaffSeed = Type.Object(
  {
    username: Username,
    name: Type.String({ minLength: 1, maxLength: 64 }),
    role: Role,
    skills: Type.Optional(Type.Array(Id)),
    password: Type.String({ ...Password, description: 'seeded once, stored as a scrypt hash' }),
  },
  { additionalProperties: false },
);

export type StaffSeed = Static<typeof StaffSeed>;

export const DeviceSeed = Type.Object(
  {
    id: Id,
    kind: DeviceKind,
    name: Type.String({ minLength: 1, maxLength: 64 }),
    token: Type.String({ minLength: 16, maxLength: 128, description: 'stored as a SHA-256 hash' }),
  },
  { additionalProperties: false },
);

const Hm = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'local time HH:MM' });
const DateStr = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'calendar date YYYY-MM-DD' });

/** The appointment book (docs/appointments.md): weekly templates, exceptions, extra slots, rules. */
export const AppointmentsConfig = Type.Object(
  {
    schedules: Type.Optional(
      Type.Array(
        Type.Object(
          {
            serviceId: Id,
            counterId: Type.Optional(Id),
            staff: Type.Optional(Username),
            validFrom: Type.Optional(DateStr),
            validTo: Type.Optional(DateStr),
            weekly: Type.Array(
              Type.Object(
                {
                  days: Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), {
                    minItems: 1,
                    description: 'weekdays, 0 = Sunday … 6 = Saturday',
                  }),
                  from: Hm,
                  to: Hm,
                  slotMin: Type.Integer({ minimum: 5, maximum: 480 }),
                  capacity: Type.Integer({ minimum: 1, maximum: 1000 }),
                },
                { additionalProperties: false },
              ),
              { minItems: 1 },
            ),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    holidays: Type.Optional(Type.Array(DateStr, { description: 'no slots at all on these dates' })),
    exceptions: Type.Optional(
      Type.Array(
        Type.Object(
          {
            date: DateStr,
            toDate: Type.Optional(DateStr),
            serviceId: Type.Optional(Id),
            counterId: Type.Optional(Id),
            staff: Type.Optional(Username),
            from: Type.Optional(Hm),
            to: Type.Optional(Hm),
            reason: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false, description: 'no slots of the matching schedules in this period (a clerk absent…)' },
        ),
      ),
    ),
    extraSlots: Type.Optional(
      Type.Array(
        Type.Object(
          {
            serviceId: Id,
            counterId: Type.Optional(Id),
            staff: Type.Optional(Username),
            date: DateStr,
            time: Hm,
            durationMin: Type.Integer({ minimum: 5, maximum: 480 }),
            capacity: Type.Integer({ minimum: 1, maximum: 1000 }),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    onePerServicePerDay: Type.Optional(
      Type.Boolean({ description: 'one identity, one appointment per service and day (default true)' }),
    ),
    noOverlap: Type.Optional(Type.Boolean({ description: 'one identity cannot hold overlapping appointments (default true)' })),
    suspension: Type.Optional(
      Type.Union([Type.Literal('cancel'), Type.Literal('move')], {
        description: 'what a suspension does to affected appointments by default (default move)',
      }),
    ),
    noShowAfterMin: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 720,
        description: 'a late check-in is accepted this long after the end of the policy window, then no-show (default 30)',
      }),
    ),
    moveSearchDays: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 60, description: 'days searched for a free slot (default 14)' }),
    ),
    sweepIntervalSec: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 3600, description: 'no-show sweep interval (default 60)' }),
    ),
    apiKeys: Type.Optional(
      Type.Array(
        Type.Object(
          { id: Id, key: Type.String({ minLength: 24, maxLength: 256 }) },
          { additionalProperties: false, description: 'integrations booking on channels app, api and import' },
        ),
      ),
    ),
    webhook: Type.Optional(
      Type.Object(
        {
          url: Type.String({ pattern: '^https?://' }),
          secret: Type.String({ minLength: 16, maxLength: 256 }),
          maxAttempts: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
          backoffMs: Type.Optional(Type.Integer({ minimum: 10, maximum: 600_000 })),
          timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 60_000 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type AppointmentsConfig = Static<typeof AppointmentsConfig>;

export const ConfigFile = Type.Object(
  {
    site: Type.Object(
      {
        id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }),
        name: Localized,
        timezone: Type.Optional(Type.String({ minLength: 1 })),
        /** When the business day starts, site time "HH:MM" (default "00:00"): numbering, reports and the archive roll then. */
        dayStartsAt: Type.Optional(Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' })),
        publicUrl: Type.Optional(Type.String({ pattern: '^https?://' })),
      },
      { additionalProperties: false },
    ),
    server: Type.Optional(
      Type.Object({ host: Type.Optional(Type.String()), port: Type.Optional(Port) }, { additionalProperties: false }),
    ),
    mqtt: Type.Optional(
      Type.Object(
        {
          port: Type.Optional(Type.Union([Port, Type.Literal(0)])),
          url: Type.Optional(Type.String({ pattern: '^(mqtts?|wss?|tcp)://' })),
          username: Type.Optional(Type.String()),
          password: Type.Optional(Type.String()),
          allowAnonymousDisplays: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
    ),
    dataDir: Type.Optional(Type.String({ minLength: 1 })),
    secret: Type.Optional(Type.String({ minLength: 16, description: 'HMAC key for identities; else data/secret.key' })),
    queue: Type.Optional(QueueSettings),
    rateLimit: Type.Optional(
      Type.Object(
        {
          ticketsPerMinutePerClient: Type.Optional(Type.Integer({ minimum: 1 })),
          loginPerMinute: Type.Optional(Type.Integer({ minimum: 1 })),
        },
        { additionalProperties: false },
      ),
    ),
    security: Type.Optional(
      Type.Object(
        {
          connectionsPerAddress: Type.Optional(
            Type.Integer({ minimum: 1, description: 'open HTTP and MQTT connections per address' }),
          ),
          capLoopback: Type.Optional(Type.Boolean({ description: 'apply the connection cap to 127.0.0.1 too' })),
          mqttMaxPacketBytes: Type.Optional(Type.Integer({ minimum: 1024, maximum: 268_435_455 })),
          mqttAnonymousMaxKeepaliveSec: Type.Optional(Type.Integer({ minimum: 1, maximum: 65_535 })),
          mqttConnectTimeoutMs: Type.Optional(Type.Integer({ minimum: 1000 })),
          httpIdleTimeoutMs: Type.Optional(Type.Integer({ minimum: 1000 })),
          httpHeadersTimeoutMs: Type.Optional(Type.Integer({ minimum: 1000 })),
          httpRequestTimeoutMs: Type.Optional(Type.Integer({ minimum: 1000 })),
          metricsToken: Type.Optional(Type.String({ minLength: 16, description: 'bearer token for a Prometheus scraper' })),
        },
        { additionalProperties: false, description: 'transport limits (docs/security.md)' },
      ),
    ),
    issuing: Type.Optional(
      Type.Object(
        {
          anonymous: Type.Optional(
            Type.Boolean({
              description:
                'tickets without a paired device, staff session or API key (a phone or script on the LAN); default false',
            }),
          ),
          anonymousPerServicePerHour: Type.Optional(
            Type.Integer({ minimum: 1, description: 'anonymous tickets per service in any hour; default 60' }),
          ),
          anonymousPerAddressPerHour: Type.Optional(
            Type.Integer({ minimum: 1, description: 'anonymous tickets from one network address in any hour; default 6' }),
          ),
          selfDeclaredPriority: Type.Optional(
            Type.Boolean({ description: 'paired kiosks may ask for a priority class the visitor chose; default false' }),
          ),
          rangeAlertPercent: Type.Optional(
            Type.Integer({
              minimum: 1,
              maximum: 100,
              description: 'supervisor alert when a service has used this much of its number range; default 80',
            }),
          ),
        },
        { additionalProperties: false, description: 'who may take a ticket, and the caps on tickets nobody vouches for' },
      ),
    ),
    visitors: Type.Optional(VisitorsConfig),
    backup: Type.Optional(
      Type.Object(
        {
          dir: Type.Optional(Type.String({ minLength: 1, description: 'default DATA_DIR/backups' })),
          time: Type.Optional(Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'daily, site time' })),
          keep: Type.Optional(Type.Integer({ minimum: 1, maximum: 366 })),
          copyTo: Type.Optional(Type.String({ minLength: 1, description: 'second copy: USB disk or network share mount' })),
          enabled: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
    ),
    retention: Type.Optional(RetentionSettings),
    tls: Type.Optional(
      Type.Object(
        {
          cert: Type.Optional(Type.String({ minLength: 1, description: 'PEM certificate (chain) file' })),
          key: Type.Optional(Type.String({ minLength: 1, description: 'PEM private key file' })),
          selfSigned: Type.Optional(Type.Boolean({ description: 'generate one under DATA_DIR/tls if cert/key are absent' })),
          mqttPort: Type.Optional(Type.Union([Port, Type.Literal(0)])),
          redirectHttpPort: Type.Optional(Type.Union([Port, Type.Literal(0)])),
        },
        { additionalProperties: false },
      ),
    ),
    uplink: Type.Optional(
      Type.Object(
        {
          url: Type.String({ pattern: '^(mqtts?|wss?|tcp)://' }),
          username: Type.Optional(Type.String()),
          password: Type.Optional(Type.String()),
          // Many sites (docs/operations.md, "Many sites"): the broker here is normally the site's own
          // Mosquitto, whose bridge carries the uplink topics to head office (docs/mosquitto/site-bridge.conf).
          ca: Type.Optional(
            Type.String({ minLength: 1, description: 'PEM CA file to trust for mqtts:// (relative to this file)' }),
          ),
          heartbeatSec: Type.Optional(
            Type.Integer({ minimum: 1, maximum: 3600, description: 'live status sent at least this often (default 15)' }),
          ),
          resendSec: Type.Optional(
            Type.Integer({
              minimum: 1,
              maximum: 3600,
              description:
                'closed days and audit records not yet acknowledged by head office are sent again this often (default 30)',
            }),
          ),
          // Cross-site repeat visits (docs/personal-data.md, "Head office"): the sites of one group share
          // this key; each identified visit goes up under HMAC(groupKey, identity), never the site's hash.
          groupKey: Type.Optional(
            Type.String({
              minLength: 32,
              maxLength: 256,
              description:
                'shared by the sites of one group (never given to head office): their closed days carry a group-keyed pseudonym per identified visit, so head office sees a person visiting two sites',
            }),
          ),
          // Config templates (docs/operations.md, "Config templates"): head office's public key.
          templatePublicKey: Type.Optional(
            Type.String({
              minLength: 1,
              description:
                'SPKI PEM file (relative to this file) of head office’s Ed25519 template key: with it the site takes config templates, only when signed by that key',
            }),
          ),
        },
        {
          additionalProperties: false,
          description: 'broker that carries this site’s board, live status, closed days and audit records to head office',
        },
      ),
    ),
    // `callboard central`: this instance is a head-office console (docs/operations.md, "Many sites").
    central: Type.Optional(
      Type.Object(
        {
          url: Type.String({ pattern: '^(mqtts?|wss?|tcp)://', description: 'the central broker every site bridges to' }),
          username: Type.Optional(Type.String()),
          password: Type.Optional(Type.String()),
          ca: Type.Optional(
            Type.String({ minLength: 1, description: 'PEM CA file to trust for mqtts:// (relative to this file)' }),
          ),
          offlineAfterSec: Type.Optional(
            Type.Integer({
              minimum: 1,
              maximum: 86400,
              description: 'a site silent this long is shown offline (default: 3 of its heartbeats)',
            }),
          ),
          // Config templates (docs/operations.md, "Config templates"): the signing key.
          templateKey: Type.Optional(
            Type.String({
              minLength: 1,
              description:
                'PKCS#8 PEM file (relative to this file) of the Ed25519 key that signs config templates; without it, no templates',
            }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    services: Type.Array(ServiceConfig, { minItems: 1 }),
    counters: Type.Array(CounterConfig, { minItems: 1 }),
    staff: Type.Optional(Type.Array(StaffSeed)),
    devices: Type.Optional(Type.Array(DeviceSeed)),
    appointments: Type.Optional(AppointmentsConfig),
    notifications: Type.Optional(NotificationsConfig),
    /** The phone channel: callback tickets and the IVR (docs/phone.md). */
    phone: Type.Optional(PhoneConfig),
  },
  { additionalProperties: false },
);
export type ConfigFile = Static<typeof ConfigFile>;
