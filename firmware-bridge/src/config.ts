/**
 * The bridge's configuration file, one per kiosk (or counter) PC: which serial ports hold
 * which peripherals, at what speed, and how to reach the hub. The TypeBox schema is the type;
 * `loadBridgeConfig` reports every mistake at once with its place in the file.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Static, type TSchema, Type } from 'typebox';
import { Value } from 'typebox/value';

const Id = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'letters, digits, _ and -' });
const PeripheralId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,32}$' });
const Baud = Type.Integer({ minimum: 1200, maximum: 921600 });
const LineEnding = Type.Union([Type.Literal('CRLF'), Type.Literal('CR'), Type.Literal('LF')]);
const SerialPath = Type.String({ minLength: 1, description: 'serial device, e.g. /dev/ttyUSB0 or /dev/serial/by-id/…' });

const IdCardPeripheral = Type.Object(
  {
    id: PeripheralId,
    kind: Type.Literal('idcard-sam'),
    port: SerialPath,
    baudRate: Type.Optional(Baud),
    pollMs: Type.Optional(Type.Integer({ minimum: 50, maximum: 5000 })),
    repeatAfterMs: Type.Optional(Type.Integer({ minimum: 1000 })),
  },
  { additionalProperties: false },
);

const ScannerPeripheral = Type.Object(
  {
    id: PeripheralId,
    kind: Type.Literal('scanner'),
    port: SerialPath,
    baudRate: Type.Optional(Baud),
    terminator: Type.Optional(
      Type.Union([Type.Literal('CR'), Type.Literal('LF'), Type.Literal('CRLF'), Type.Literal('TAB'), Type.Literal('none')]),
    ),
    aimPrefix: Type.Optional(Type.Boolean({ description: 'the scanner sends a ]Xn AIM symbology prefix' })),
    encoding: Type.Optional(Type.Union([Type.Literal('utf8'), Type.Literal('gb18030'), Type.Literal('latin1')])),
    interByteMs: Type.Optional(Type.Integer({ minimum: 10, maximum: 2000 })),
  },
  { additionalProperties: false },
);

const PrinterPeripheral = Type.Object(
  {
    id: PeripheralId,
    kind: Type.Literal('printer-escpos'),
    port: Type.Optional(SerialPath),
    baudRate: Type.Optional(Baud),
    tcp: Type.Optional(Type.String({ pattern: '^tcp://[^/:]+(:\\d+)?/?$', description: 'network printer, tcp://host:9100' })),
    device: Type.Optional(Type.String({ minLength: 1, description: 'write-only device path, e.g. /dev/usb/lp0' })),
    width: Type.Optional(Type.Integer({ minimum: 16, maximum: 64, description: 'characters per line (48 on 80 mm)' })),
    pollMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 10000 })),
  },
  { additionalProperties: false },
);

const RatingPadPeripheral = Type.Object(
  {
    id: PeripheralId,
    kind: Type.Literal('rating-pad'),
    port: SerialPath,
    baudRate: Type.Optional(Baud),
    lineEnding: Type.Optional(LineEnding),
    counterId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

const LedPeripheral = Type.Object(
  {
    id: PeripheralId,
    kind: Type.Literal('led-counter'),
    port: SerialPath,
    baudRate: Type.Optional(Baud),
    lineEnding: Type.Optional(LineEnding),
    encoding: Type.Optional(Type.Union([Type.Literal('gb18030'), Type.Literal('utf8')])),
    maxChars: Type.Optional(Type.Integer({ minimum: 4, maximum: 200 })),
    counterId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

const SmsModemPeripheral = Type.Object(
  {
    id: PeripheralId,
    kind: Type.Literal('sms-modem'),
    port: SerialPath,
    baudRate: Type.Optional(Baud),
    deliveryReports: Type.Optional(Type.Boolean({ description: 'ask the network for delivery reports; default true' })),
    sendTimeoutMs: Type.Optional(Type.Integer({ minimum: 1000, maximum: 120_000, description: 'default 30000' })),
  },
  { additionalProperties: false, description: 'a GSM/LTE modem in PDU mode; its bridge is paired as kind sms-modem' },
);

export const Peripheral = Type.Union([
  IdCardPeripheral,
  ScannerPeripheral,
  PrinterPeripheral,
  RatingPadPeripheral,
  LedPeripheral,
  SmsModemPeripheral,
]);
export type Peripheral = Static<typeof Peripheral>;

export const BridgeConfigFile = Type.Object(
  {
    deviceId: Id,
    token: Type.Optional(Type.String({ minLength: 16, description: 'device token; or CALLBOARD_BRIDGE_TOKEN' })),
    siteId: Type.Optional(Id),
    hubUrl: Type.String({ pattern: '^https?://', description: 'the hub, e.g. http://hub:8080' }),
    mqttUrl: Type.Optional(Type.String({ pattern: '^(mqtts?|wss?|tcp)://' })),
    kioskId: Type.Optional(Id),
    defaultServiceId: Type.Optional(Id),
    stateDir: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'where the print journal is kept across restarts (default: $STATE_DIRECTORY, set by systemd)',
      }),
    ),
    peripherals: Type.Array(Peripheral, { minItems: 1 }),
    emulate: Type.Optional(
      Type.Object(
        {
          dir: Type.Optional(Type.String({ minLength: 1, description: 'where the pty links go' })),
          dataDir: Type.Optional(Type.String({ minLength: 1, description: 'where the emulated printer writes tickets' })),
          controlPort: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
          controlHost: Type.Optional(Type.String()),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type BridgeConfigFile = Static<typeof BridgeConfigFile>;

export interface BridgeConfig extends Omit<BridgeConfigFile, 'token' | 'mqttUrl' | 'emulate'> {
  token: string;
  mqttUrl: string;
  emulate: { dir: string; dataDir: string; controlPort: number; controlHost: string };
  source: string;
}

export class BridgeConfigError extends Error {
  constructor(
    source: string,
    readonly problems: string[],
  ) {
    super(`invalid bridge configuration in ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'BridgeConfigError';
  }
}

export interface BridgeEnv {
  CALLBOARD_BRIDGE_TOKEN?: string;
  HUB_URL?: string;
  MQTT_URL?: string;
}

/** The union's members share `kind`: report against the member the entry says it is. */
function peripheralProblems(raw: unknown, index: number): string[] {
  const kinds: Record<string, TSchema> = {
    'idcard-sam': IdCardPeripheral,
    scanner: ScannerPeripheral,
    'printer-escpos': PrinterPeripheral,
    'rating-pad': RatingPadPeripheral,
    'led-counter': LedPeripheral,
  };
  const kind = (raw as { kind?: unknown } | null)?.kind;
  const schema = typeof kind === 'string' ? kinds[kind] : undefined;
  if (!schema) return [`peripherals.${index}.kind must be one of ${Object.keys(kinds).join(', ')} (got ${JSON.stringify(kind)})`];
  return describe(schema, raw, `peripherals.${index}`);
}

function describe(schema: TSchema, raw: unknown, prefix = ''): string[] {
  const out: string[] = [];
  for (const e of Value.Errors(schema, raw)) {
    if (e.message === 'schema is false') continue; // duplicated by the additionalProperties entry
    const extra =
      e.keyword === 'additionalProperties'
        ? `: unknown key(s) ${(e.params as { additionalProperties?: string[] }).additionalProperties?.join(', ')}`
        : '';
    const rel = e.instancePath.slice(1).replaceAll('/', '.');
    const at = prefix ? [prefix, rel].filter(Boolean).join('.') : rel || '(top level)';
    out.push(`${at} ${e.message}${extra}`);
  }
  return out;
}

export function resolveBridgeConfig(raw: unknown, env: BridgeEnv, source: string, baseDir: string): BridgeConfig {
  const problems: string[] = [];
  if (!Value.Check(BridgeConfigFile, raw)) {
    const r = raw as { peripherals?: unknown };
    const top = describe(BridgeConfigFile, raw).filter((p) => !p.startsWith('peripherals.'));
    problems.push(...top);
    if (Array.isArray(r?.peripherals)) {
      for (const [i, p] of r.peripherals.entries()) problems.push(...peripheralProblems(p, i));
    } else if (!top.some((p) => p.startsWith('peripherals'))) problems.push('peripherals must be a list of peripherals');
    throw new BridgeConfigError(source, problems.length > 0 ? problems : ['does not match the schema']);
  }
  const file = raw as BridgeConfigFile;
  const ids = new Set<string>();
  const ports = new Map<string, string>();
  for (const [i, p] of file.peripherals.entries()) {
    if (ids.has(p.id)) problems.push(`peripherals.${i}.id: duplicate peripheral id "${p.id}"`);
    ids.add(p.id);
    if (p.kind === 'printer-escpos') {
      const targets = [p.port, p.tcp, p.device].filter((t) => t !== undefined).length;
      if (targets !== 1) problems.push(`peripherals.${i}: a printer needs exactly one of port, tcp or device (has ${targets})`);
    }
    const port = 'port' in p ? p.port : undefined;
    if (port) {
      const other = ports.get(port);
      if (other) problems.push(`peripherals.${i}.port: ${port} is already used by "${other}"`);
      ports.set(port, p.id);
    }
  }
  const token = env.CALLBOARD_BRIDGE_TOKEN || file.token;
  if (!token) problems.push('token: missing (put the device token in the file or in CALLBOARD_BRIDGE_TOKEN)');
  const hubUrl = (env.HUB_URL || file.hubUrl).replace(/\/$/, '');
  let mqttUrl = env.MQTT_URL || file.mqttUrl;
  if (!mqttUrl) {
    try {
      mqttUrl = `mqtt://${new URL(hubUrl).hostname}:1883`;
    } catch {
      problems.push(`hubUrl: "${hubUrl}" is not a URL`);
    }
  }
  if (problems.length > 0) throw new BridgeConfigError(source, problems);
  const emulate = file.emulate ?? {};
  const config: BridgeConfig = {
    ...file,
    hubUrl,
    token: token as string,
    mqttUrl: mqttUrl as string,
    ...(file.stateDir ? { stateDir: path.resolve(baseDir, file.stateDir) } : {}),
    emulate: {
      dir: path.resolve(baseDir, emulate.dir ?? path.join('/tmp', `callboard-${file.deviceId}`)),
      dataDir: path.resolve(baseDir, emulate.dataDir ?? path.join('/tmp', `callboard-${file.deviceId}`, 'printer')),
      controlPort: emulate.controlPort ?? 8091,
      controlHost: emulate.controlHost ?? '127.0.0.1',
    },
    source,
  };
  return config;
}

export function loadBridgeConfig(file: string, env: BridgeEnv = process.env as BridgeEnv): BridgeConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new BridgeConfigError(file, [e.code ? `cannot read the file: ${e.message}` : `not valid JSON: ${e.message}`]);
  }
  return resolveBridgeConfig(raw, env, file, path.dirname(path.resolve(file)));
}
