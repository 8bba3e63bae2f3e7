/**
 * Who may subscribe and publish to what, as pure functions of (identity, topic): easy to
 * read, easy to test. Rules (ARCHITECTURE §4):
 * - screens (anonymous when the site allows it, or paired display devices) read `board`,
 *   `calls`, `counters/…` and `lines/…` (a service's line, what visitors' phones follow); they
 *   never publish calls;
 * - a kiosk/bridge/counter device publishes only its own `devices/<id>/status|events` and
 *   reads its own `devices/<id>/commands` (plus the public screen topics);
 * - only the hub publishes calls, board and counter state (it publishes from inside the
 *   broker, which bypasses these checks, or as the `hub` identity on an external broker);
 * - `$SYS/…` and any other wildcard (`callboard/#`) are refused to everyone but the hub;
 * - what a device may publish or read also depends on its kind (`security/capabilities.ts`):
 *   a display publishes no events and reads no commands; a kiosk page sends `select-service`
 *   only; card, scan, rating and print-result events and printer state come from bridges;
 * - `devices/<id>/sms` (texts with clear phone numbers) is read only by that `sms-modem` device,
 *   which publishes its outcomes on `devices/<id>/sms-results` and reads nothing else.
 */
import { Value } from 'typebox/value';
import type { DeviceKind } from '../protocol';
import { SmsResultMessage, TOPIC_ROOT, TOPIC_SEGMENT } from '../protocol';
import { deviceCan, deviceMaySend, deviceSendsEvents, statusAllowed } from '../security/capabilities';

export type MqttIdentity = { kind: 'hub' } | { kind: 'device'; deviceId: string; deviceKind: DeviceKind } | { kind: 'anonymous' };
type DeviceIdentity = Extract<MqttIdentity, { kind: 'device' }>;

/**
 * The part of `callboard/<site>/<rest…>` after the site (the site segment may be `+` in a
 * subscription). `callboard/<site>` alone gives an empty rest, which no rule below matches.
 */
function siteRelative(topic: string, siteId: string, allowSiteWildcard: boolean): string[] | null {
  const parts = topic.split('/');
  if (parts[0] !== TOPIC_ROOT) return null;
  if (parts[1] !== siteId && !(allowSiteWildcard && parts[1] === '+')) return null;
  return parts.slice(2);
}

const isScreenTopic = (rest: string[]): boolean =>
  (rest.length === 1 && (rest[0] === 'board' || rest[0] === 'calls')) ||
  (rest.length === 2 &&
    (rest[0] === 'counters' || rest[0] === 'lines') &&
    (rest[1] === '+' || rest[1] === '#' || TOPIC_SEGMENT.test(rest[1] as string)));

/** Whether `who` is the device `deviceId`: one comparison, false for the hub and anonymous clients. */
const isTheDevice = (who: MqttIdentity, deviceId: string): who is DeviceIdentity => identityKey(who) === `device:${deviceId}`;

/** A topic `devices/<id>/<channel>` of the asking device itself. */
type OwnTopic = { deviceKind: DeviceKind; channel: string };

/** `devices/<id>/<channel>` (exactly three segments) when `<id>` is the asking device; otherwise undefined. */
function ownTopic(who: MqttIdentity, rest: string[]): OwnTopic | undefined {
  if (rest.length !== 3 || rest[0] !== 'devices' || !isTheDevice(who, rest[1] as string)) return undefined;
  return { deviceKind: who.deviceKind, channel: rest[2] as string };
}

export function canSubscribe(who: MqttIdentity, filter: string, siteId: string, allowAnonymousDisplays: boolean): boolean {
  if (who.kind === 'hub') return true;
  const rest = siteRelative(filter, siteId, true);
  if (!rest) return false;
  if (isScreenTopic(rest)) return who.kind === 'device' ? deviceCan(who.deviceKind, 'read-screens') : allowAnonymousDisplays;
  const own = ownTopic(who, rest);
  if (own?.channel === 'commands') return deviceCan(own.deviceKind, 'receive-commands');
  // Texts to send carry clear phone numbers: only the SMS-modem bridge, and only its own.
  if (own?.channel === 'sms') return deviceCan(own.deviceKind, 'receive-sms');
  // Dial requests carry the clear number to call back: only the PBX gateway, and only its own.
  if (own?.channel === 'dial') return deviceCan(own.deviceKind, 'receive-dial');
  return false;
}

/** The asking device's own topic it may publish on: its `status`, `events` or `sms-results`, as its kind allows. */
function publishTopic(who: MqttIdentity, topic: string, siteId: string): OwnTopic | undefined {
  const rest = siteRelative(topic, siteId, false);
  if (!rest) return undefined;
  const own = ownTopic(who, rest);
  if (own?.channel === 'status') return deviceCan(own.deviceKind, 'report-status') ? own : undefined;
  if (own?.channel === 'events') return deviceSendsEvents(own.deviceKind) ? own : undefined;
  if (own?.channel === 'sms-results') return deviceCan(own.deviceKind, 'report-sms') ? own : undefined;
  return undefined;
}

export function canPublish(who: MqttIdentity, topic: string, siteId: string): boolean {
  if (who.kind === 'hub') return true;
  return publishTopic(who, topic, siteId) !== undefined;
}

/**
 * The publish check with the message itself (the embedded broker sees it): on its own events
 * topic a device sends only the event types of its kind, on its status only what its kind may
 * report, on its SMS results only a well-formed result. A payload that is not JSON is refused.
 */
export function canPublishMessage(who: MqttIdentity, topic: string, siteId: string, payload: Buffer | string): boolean {
  if (who.kind === 'hub') return true;
  const own = publishTopic(who, topic, siteId);
  if (own === undefined) return false;
  let message: unknown;
  try {
    message = JSON.parse(payload.toString());
  } catch {
    return false;
  }
  if (own.channel === 'events') return deviceMaySend(own.deviceKind, (message as { type?: unknown } | null)?.type);
  if (own.channel === 'status') return statusAllowed(own.deviceKind, message);
  // The only other channel publishTopic gives: `sms-results`.
  return Value.Check(SmsResultMessage, message);
}

/** Client ids of the hub's own connections (external broker mode, uplink): nobody else may use them. */
const HUB_CLIENT_PREFIXES = ['callboard-hub-', 'callboard-uplink-'];

const BRIDGE_CLIENT_PREFIX = 'callboard-bridge-';

/**
 * The device a client id belongs to: `<id>`, `<id>-<anything>` (screens and kiosk pages add a
 * random suffix) or `callboard-bridge-<id>` (the firmware-bridge). When several device ids fit
 * (`kiosk` and `kiosk-1` both fit `kiosk-1-x`), the longest one owns it.
 */
export function clientIdOwner(clientId: string, deviceIds: Iterable<string>): string | undefined {
  // A bridge's client id is matched by the part after the prefix only: a device named `callboard`
  // or `callboard-bridge` must not own every bridge's client id.
  const bare = clientId.startsWith(BRIDGE_CLIENT_PREFIX) ? clientId.slice(BRIDGE_CLIENT_PREFIX.length) : clientId;
  const ids = new Set(deviceIds);
  // The ids `kiosk-1-x` may belong to, longest first: `kiosk-1-x`, `kiosk-1`, `kiosk`.
  const parts = bare.split('-');
  const candidates = parts.map((_, i) => parts.slice(0, parts.length - i).join('-'));
  return candidates.find((id) => ids.has(id));
}

/** The identity a client id is bound to while a device's session lives (`device:<id>`). */
export const identityKey = (who: MqttIdentity): string => (who.kind === 'device' ? `device:${who.deviceId}` : who.kind);

/**
 * MQTT client ids are bound to the identity that authenticated: a client id that belongs to a
 * device (see clientIdOwner) is that device's alone, the hub's are the hub's, and any other id a
 * device is using (a third-party client's random id) is bound to it for as long as its session
 * lives (`boundTo`). So no anonymous or other client can take over a device's session: disconnect
 * it, fire its last will, or collect the messages queued for it.
 */
export function clientIdAllowed(who: MqttIdentity, clientId: string, deviceIds: Iterable<string>, boundTo?: string): boolean {
  if (who.kind === 'hub') return true;
  if (HUB_CLIENT_PREFIXES.some((p) => clientId.startsWith(p))) return false;
  const owner = clientIdOwner(clientId, deviceIds);
  if (owner !== undefined) return identityKey(who) === `device:${owner}`;
  return boundTo === undefined || boundTo === identityKey(who);
}
