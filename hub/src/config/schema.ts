/**
 * The site configuration file (`callboard.config.json` or `.yaml`). The schema is the type;
 * `loadConfig` validates a file against it and then checks what a schema cannot express
 * (references between services and counters, duplicate prefixes, port clashes).
 */
import { type Static, Type } from 'typebox';
import { DeviceKind, Id, Localized, Role, ServiceHours } from '../protocol';

const Port = Type.Integer({ minimum: 1, maximum: 65535 });

export const ServiceConfig = Type.Object(
  {
    id: Id,
    prefix: Type.String({ pattern: '^[A-Z]{1,2}$', description: 'one or two capital letters printed before the number' }),
    name: Localized,
    numberRange: Type.Optional(Type.Tuple([Type.Integer({ minimum: 1 }), Type.Integer({ minimum: 1, maximum: 99999 })])),
    targetWaitMin: Type.Optional(Type.Integer({ minimum: 1, maximum: 600 })),
    avgServiceSec: Type.Optional(Type.Integer({ minimum: 1, maximum: 36000 })),
    walkIns: Type.Optional(Type.Boolean()),
    appointments: Type.Optional(Type.Boolean()),
    hours: Type.Optional(Type.Array(ServiceHours)),
  },
  { additionalProperties: false },
);

export const CounterConfig = Type.Object(
  {
    id: Id,
    name: Localized,
    services: Type.Array(
      Type.Union([
        Id,
        Type.Object({ serviceId: Id, weight: Type.Integer({ minimum: 1, maximum: 100 }) }, { additionalProperties: false }),
      ]),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
);

export const StaffSeed = Type.Object(
  {
    username: Type.String({ pattern: '^[a-z0-9_.-]{2,32}$' }),
    name: Type.String({ minLength: 1, maxLength: 64 }),
    role: Role,
    skills: Type.Optional(Type.Array(Id)),
    password: Type.String({ minLength: 8, maxLength: 128, description: 'seeded once, stored as a scrypt hash' }),
  },
  { additionalProperties: false },
);

export const DeviceSeed = Type.Object(
  {
    id: Id,
    kind: DeviceKind,
    name: Type.String({ minLength: 1, maxLength: 64 }),
    token: Type.String({ minLength: 16, maxLength: 128, description: 'stored as a SHA-256 hash' }),
  },
  { additionalProperties: false },
);

export const ConfigFile = Type.Object(
  {
    site: Type.Object(
      {
        id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }),
        name: Localized,
        timezone: Type.Optional(Type.String({ minLength: 1 })),
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
    queue: Type.Optional(
      Type.Object(
        {
          maxRecalls: Type.Optional(Type.Integer({ minimum: 0, maximum: 20 })),
          boardHistory: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
          priorities: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z][a-z0-9_-]{0,31}$' }), { minItems: 1 })),
        },
        { additionalProperties: false },
      ),
    ),
    rateLimit: Type.Optional(
      Type.Object(
        {
          ticketsPerMinutePerClient: Type.Optional(Type.Integer({ minimum: 1 })),
          loginPerMinute: Type.Optional(Type.Integer({ minimum: 1 })),
        },
        { additionalProperties: false },
      ),
    ),
    services: Type.Array(ServiceConfig, { minItems: 1 }),
    counters: Type.Array(CounterConfig, { minItems: 1 }),
    staff: Type.Optional(Type.Array(StaffSeed)),
    devices: Type.Optional(Type.Array(DeviceSeed)),
  },
  { additionalProperties: false },
);
export type ConfigFile = Static<typeof ConfigFile>;
