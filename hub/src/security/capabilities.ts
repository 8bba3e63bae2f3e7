/**
 * What each kind of paired device may do, on MQTT and REST alike: one table, read by the MQTT
 * ACL (`broker/acl.ts`), by the hub's handling of device status and events (`devices/`) — which
 * is what holds on an external broker, where the ACL cannot tell device kinds apart — and by the
 * device REST routes. A device gets the capabilities its job needs and no more:
 *
 * - display (waiting-room board, counter screen): reads the screens, says it is online;
 * - kiosk (the kiosk page in a browser): also issues tickets, tells the hub which service the
 *   visitor chose, asks its bridge to print, books and checks in appointments, reads its commands;
 * - bridge (the PC owning the serial peripherals): reports its peripherals (printer paper and
 *   cover), sends card, scan, rating, call-pad and print-result events, reads its commands;
 * - counter (a counter PC's call pad, rating pad and LED screen): pad keys, ratings, LED commands;
 * - sms-modem (a bridge whose one peripheral is an SMS modem): reads the texts to send, with the
 *   clear phone numbers (`devices/<own id>/sms`), and reports their outcome; no other kind may
 *   read that topic, and this kind reads nothing else (no screens, no commands), so a stolen
 *   display or kiosk token never sees a phone number (docs/notifications.md);
 * - pbx (the IVR / PBX gateway, docs/phone.md): the DTMF callback routes (join the callback
 *   queue, its position, cancel) and the clerks' dial requests with the clear number to dial
 *   (`devices/<own id>/dial`); no screens, no tickets of its own kind, no commands.
 */
import type { DeviceKind } from '../protocol';

export type DeviceCapability =
  /** Subscribe to `board`, `calls`, `counters/…`. */
  | 'read-screens'
  /** Publish `online`/`offline` on its own `devices/<id>/status`. */
  | 'report-status'
  /** A status that carries peripherals (printer state, LED counters) or names the kiosk it serves. */
  | 'report-peripherals'
  /** Subscribe to its own `devices/<id>/commands` (print jobs, card results, beeps, LED text). */
  | 'receive-commands'
  /** Device events on its own `devices/<id>/events`, one capability per event type. */
  | 'event:select-service'
  | 'event:card'
  | 'event:card-error'
  | 'event:scan'
  | 'event:rating'
  | 'event:button'
  | 'event:print-result'
  /** REST: issue tickets for visitors at this device (POST /tickets). */
  | 'issue-tickets'
  /** REST: have a ticket printed by the bridge serving this kiosk (POST /devices/<own id>/print-ticket). */
  | 'print-ticket'
  /** REST: book, look up and check in appointments for the visitor in front of it. */
  | 'appointments'
  /** REST: read its own device record and screen settings (GET /devices/<own id>). */
  | 'read-own-record'
  /** Subscribe to its own `devices/<id>/sms`: texts to send, with clear phone numbers. */
  | 'receive-sms'
  /** Publish on its own `devices/<id>/sms-results`: send outcomes and delivery reports. */
  | 'report-sms'
  /** REST: the IVR's callback routes (/ivr/…): put a caller in the callback queue, tell them their position, cancel. */
  | 'ivr'
  /** Subscribe to its own `devices/<id>/dial`: a clerk's request to dial a callback, with the clear number. */
  | 'receive-dial';

const BRIDGE_EVENTS: DeviceCapability[] = [
  'event:card',
  'event:card-error',
  'event:scan',
  'event:rating',
  'event:button',
  'event:print-result',
];

export const DEVICE_CAPABILITIES: Readonly<Record<DeviceKind, ReadonlySet<DeviceCapability>>> = {
  display: new Set<DeviceCapability>(['read-screens', 'report-status', 'read-own-record']),
  kiosk: new Set<DeviceCapability>([
    'read-screens',
    'report-status',
    'receive-commands',
    'event:select-service',
    'issue-tickets',
    'print-ticket',
    'appointments',
    'read-own-record',
  ]),
  bridge: new Set<DeviceCapability>([
    'read-screens',
    'report-status',
    'report-peripherals',
    'receive-commands',
    ...BRIDGE_EVENTS,
    'read-own-record',
  ]),
  counter: new Set<DeviceCapability>([
    'read-screens',
    'report-status',
    'report-peripherals',
    'receive-commands',
    'event:button',
    'event:rating',
    'read-own-record',
  ]),
  'sms-modem': new Set<DeviceCapability>(['report-status', 'report-peripherals', 'receive-sms', 'report-sms']),
  pbx: new Set<DeviceCapability>(['report-status', 'ivr', 'receive-dial']),
};

/** Whether a device of `kind` may do `what`; an unknown kind may do nothing. */
export function deviceCan(kind: string | undefined, what: DeviceCapability): boolean {
  return kind !== undefined && Object.hasOwn(DEVICE_CAPABILITIES, kind)
    ? DEVICE_CAPABILITIES[kind as DeviceKind].has(what)
    : false;
}

/** Whether a device of `kind` may send an event of `type` (`card`, `select-service`, …). */
export function deviceMaySend(kind: string | undefined, type: unknown): boolean {
  return typeof type === 'string' && deviceCan(kind, `event:${type}` as DeviceCapability);
}

/** Whether a device of `kind` may publish on its events topic at all. */
export function deviceSendsEvents(kind: string | undefined): boolean {
  if (kind === undefined || !Object.hasOwn(DEVICE_CAPABILITIES, kind)) return false;
  return [...DEVICE_CAPABILITIES[kind as DeviceKind]].some((c) => c.startsWith('event:'));
}

/**
 * Whether a device status message is within what `kind` may report: a plain online/offline
 * for everyone; peripherals, printer state or a served kiosk only from a bridge or counter PC
 * (a display must not fake a printer's paper state or claim to print for a kiosk).
 */
export function statusAllowed(kind: string | undefined, message: unknown): boolean {
  if (!deviceCan(kind, 'report-status')) return false;
  const detail = (message as { detail?: unknown } | null)?.detail;
  if (detail === undefined || detail === null || typeof detail !== 'object') return true;
  const d = detail as Record<string, unknown>;
  // A kiosk page reports `peripherals: []` (it has none of its own): only a non-empty list claims hardware.
  const claimsHardware =
    (Array.isArray(d.peripherals) ? d.peripherals.length > 0 : d.peripherals !== undefined) || d.kioskId !== undefined;
  return !claimsHardware || deviceCan(kind, 'report-peripherals');
}
