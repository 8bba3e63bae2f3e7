/**
 * Who may subscribe and publish to what, as pure functions of (identity, topic): easy to
 * read, easy to test. Rules (ARCHITECTURE §4):
 * - screens (anonymous when the site allows it, or paired display devices) read `board`,
 *   `calls` and `counters/…`; they never publish calls;
 * - a kiosk/bridge/counter device publishes only its own `devices/<id>/status|events` and
 *   reads its own `devices/<id>/commands` (plus the public screen topics);
 * - only the hub publishes calls, board and counter state (it publishes from inside the
 *   broker, which bypasses these checks, or as the `hub` identity on an external broker);
 * - `$SYS/…` and any other wildcard (`callboard/#`) are refused to everyone but the hub.
 */
import type { DeviceKind } from '../protocol';
import { TOPIC_ROOT, TOPIC_SEGMENT } from '../protocol';

export type MqttIdentity = { kind: 'hub' } | { kind: 'device'; deviceId: string; deviceKind: DeviceKind } | { kind: 'anonymous' };

/** Splits `callboard/<site>/<rest…>`; the site segment may be `+` in a subscription. */
function siteRelative(topic: string, siteId: string, allowSiteWildcard: boolean): string[] | null {
  const parts = topic.split('/');
  // Stryker disable next-line ConditionalExpression: equivalent, an empty rest matches no rule below (kept for clarity)
  if (parts[0] !== TOPIC_ROOT || parts.length < 3) return null;
  if (parts[1] !== siteId && !(allowSiteWildcard && parts[1] === '+')) return null;
  return parts.slice(2);
}

const isScreenTopic = (rest: string[]): boolean =>
  (rest.length === 1 && (rest[0] === 'board' || rest[0] === 'calls')) ||
  (rest.length === 2 && rest[0] === 'counters' && (rest[1] === '+' || rest[1] === '#' || TOPIC_SEGMENT.test(rest[1] as string)));

export function canSubscribe(who: MqttIdentity, filter: string, siteId: string, allowAnonymousDisplays: boolean): boolean {
  if (who.kind === 'hub') return true;
  const rest = siteRelative(filter, siteId, true);
  if (!rest) return false;
  if (isScreenTopic(rest)) return who.kind === 'device' || allowAnonymousDisplays;
  // Stryker disable next-line ConditionalExpression: equivalent, a non-device has no device id to match below (kept for clarity)
  if (who.kind !== 'device') return false;
  return rest.length === 3 && rest[0] === 'devices' && rest[1] === who.deviceId && rest[2] === 'commands';
}

export function canPublish(who: MqttIdentity, topic: string, siteId: string): boolean {
  if (who.kind === 'hub') return true;
  // Stryker disable next-line ConditionalExpression: equivalent, a non-device has no device id to match below (kept for clarity)
  if (who.kind !== 'device') return false;
  const rest = siteRelative(topic, siteId, false);
  if (!rest) return false;
  return rest.length === 3 && rest[0] === 'devices' && rest[1] === who.deviceId && (rest[2] === 'status' || rest[2] === 'events');
}
