/**
 * MQTT topics. Every topic in the system is built here, so a typo cannot create a topic
 * nobody listens to. Root: `callboard/<siteId>/`.
 */
export const TOPIC_ROOT = 'callboard';

/** Site ids and device/counter ids must not contain MQTT wildcard or separator characters. */
export const TOPIC_SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;

function seg(value: string, what: string): string {
  if (!TOPIC_SEGMENT.test(value)) throw new Error(`invalid ${what} for an MQTT topic: ${JSON.stringify(value)}`);
  return value;
}

/** The last segment of every topic a site sends head office (`callboard/<site>/<kind>`). */
const UPLINK_KINDS = ['site-status', 'board', 'daily', 'audit', 'erasure', 'bridge-status'] as const;
export type UplinkKind = (typeof UPLINK_KINDS)[number];

export const topics = {
  root: (siteId: string) => `${TOPIC_ROOT}/${seg(siteId, 'site id')}`,
  /** One message per call or recall, QoS 1, not retained. */
  calls: (siteId: string) => `${topics.root(siteId)}/calls`,
  /** Retained board snapshot, coalesced. */
  board: (siteId: string) => `${topics.root(siteId)}/board`,
  /** Retained state of one counter. */
  counter: (siteId: string, counterId: string) => `${topics.root(siteId)}/counters/${seg(counterId, 'counter id')}`,
  counterWildcard: (siteId: string) => `${topics.root(siteId)}/counters/+`,
  /**
   * Retained line of one service (protocol/line.ts): the board cut to that service, published only
   * when it changed. What a phone on the tracking page follows instead of the whole board.
   */
  line: (siteId: string, serviceId: string) => `${topics.root(siteId)}/lines/${seg(serviceId, 'service id')}`,
  lineWildcard: (siteId: string) => `${topics.root(siteId)}/lines/+`,
  /** Head office (uplink): retained site status with a last will, and the latest daily summary. */
  siteStatus: (siteId: string) => `${topics.root(siteId)}/site-status`,
  daily: (siteId: string) => `${topics.root(siteId)}/daily`,
  /** Uplink: batches of audit records (QoS 1, not retained), sent until the central instance acknowledges them. */
  audit: (siteId: string) => `${topics.root(siteId)}/audit`,
  /**
   * Uplink: a person erased at the site (QoS 1, not retained): their group pseudonyms, which head
   * office drops from every site's days; sent until acknowledged, like the audit records.
   */
  erasure: (siteId: string) => `${topics.root(siteId)}/erasure`,
  /** Set by the site's Mosquitto bridge (`notification_topic`): "1" connected, "0" its last will at central. */
  bridgeStatus: (siteId: string) => `${topics.root(siteId)}/bridge-status`,
  /** Central → site (bridged in): stored keys the site may drop from its outbox. */
  centralAck: (siteId: string) => `${topics.root(siteId)}/central/ack`,
  /** Central → site (bridged in), retained: the signed config template for this site (docs/operations.md, "Config templates"). */
  centralTemplate: (siteId: string) => `${topics.root(siteId)}/central/template`,
  /** Site → central (bridged out), retained: the template version the site applied and its overrides count. */
  templateStatus: (siteId: string) => `${topics.root(siteId)}/template-status`,
  templateStatusWildcard: () => `${TOPIC_ROOT}/+/template-status`,
  /** What the central instance subscribes to: every site's uplink topics. */
  uplinkWildcards: () => UPLINK_KINDS.map((t) => `${TOPIC_ROOT}/+/${t}`) as readonly string[],
  /** Retained device status with a last will `offline`. */
  deviceStatus: (siteId: string, deviceId: string) => `${topics.root(siteId)}/devices/${seg(deviceId, 'device id')}/status`,
  deviceEvents: (siteId: string, deviceId: string) => `${topics.root(siteId)}/devices/${seg(deviceId, 'device id')}/events`,
  deviceCommands: (siteId: string, deviceId: string) => `${topics.root(siteId)}/devices/${seg(deviceId, 'device id')}/commands`,
  /**
   * Hub → SMS-modem bridge: texts to send, with the clear number (the only topic that carries
   * one: only an `sms-modem` device may read it, docs/notifications.md). QoS 1, not retained.
   */
  deviceSms: (siteId: string, deviceId: string) => `${topics.root(siteId)}/devices/${seg(deviceId, 'device id')}/sms`,
  /** SMS-modem bridge → hub: send outcomes and delivery reports (message ids and modem refs, no numbers). */
  deviceSmsResults: (siteId: string, deviceId: string) =>
    `${topics.root(siteId)}/devices/${seg(deviceId, 'device id')}/sms-results`,
  deviceSmsResultsWildcard: (siteId: string) => `${topics.root(siteId)}/devices/+/sms-results`,
  /**
   * Hub → PBX gateway (`pbx` device): a clerk asks to dial a callback; carries the clear number
   * (only a `pbx` device may read it, docs/phone.md). QoS 1, not retained.
   */
  deviceDial: (siteId: string, deviceId: string) => `${topics.root(siteId)}/devices/${seg(deviceId, 'device id')}/dial`,
  /** Appointment book changes (booked, moved, cancelled, checked in, no-show): QoS 1, not retained. */
  appointmentEvents: (siteId: string) => `${topics.root(siteId)}/appointments/events`,
  /** The hub's subscriptions to every device's status and events. */
  deviceStatusWildcard: (siteId: string) => `${topics.root(siteId)}/devices/+/status`,
  deviceEventsWildcard: (siteId: string) => `${topics.root(siteId)}/devices/+/events`,
} as const;

/** The site and uplink topic of a message the central instance received; `null` if not an uplink topic. */
export function parseUplinkTopic(topic: string): { siteId: string; kind: UplinkKind } | null {
  const parts = topic.split('/');
  if (parts.length !== 3 || parts[0] !== TOPIC_ROOT || !TOPIC_SEGMENT.test(parts[1] as string)) return null;
  const kind = UPLINK_KINDS.find((k) => k === parts[2]);
  return kind ? { siteId: parts[1] as string, kind } : null;
}

export type ParsedTopic =
  | { kind: 'calls'; siteId: string }
  | { kind: 'board'; siteId: string }
  | { kind: 'counter'; siteId: string; counterId: string }
  | { kind: 'line'; siteId: string; serviceId: string }
  | {
      kind: 'device-status' | 'device-events' | 'device-commands' | 'device-sms' | 'device-sms-results';
      siteId: string;
      deviceId: string;
    };

/** Parses a concrete (wildcard-free) topic; `null` if it is not one of ours. */
export function parseTopic(topic: string): ParsedTopic | null {
  const parts = topic.split('/');
  if (parts[0] !== TOPIC_ROOT || parts.length < 3) return null;
  const siteId = parts[1] as string;
  if (!TOPIC_SEGMENT.test(siteId)) return null;
  const rest = parts.slice(2);
  if (rest.length === 1 && rest[0] === 'calls') return { kind: 'calls', siteId };
  if (rest.length === 1 && rest[0] === 'board') return { kind: 'board', siteId };
  if (rest.length === 2 && rest[0] === 'counters' && TOPIC_SEGMENT.test(rest[1] as string))
    return { kind: 'counter', siteId, counterId: rest[1] as string };
  if (rest.length === 2 && rest[0] === 'lines' && TOPIC_SEGMENT.test(rest[1] as string))
    return { kind: 'line', siteId, serviceId: rest[1] as string };
  if (rest.length === 3 && rest[0] === 'devices' && TOPIC_SEGMENT.test(rest[1] as string)) {
    const deviceId = rest[1] as string;
    if (rest[2] === 'status') return { kind: 'device-status', siteId, deviceId };
    if (rest[2] === 'events') return { kind: 'device-events', siteId, deviceId };
    if (rest[2] === 'commands') return { kind: 'device-commands', siteId, deviceId };
    if (rest[2] === 'sms') return { kind: 'device-sms', siteId, deviceId };
    if (rest[2] === 'sms-results') return { kind: 'device-sms-results', siteId, deviceId };
  }
  return null;
}
