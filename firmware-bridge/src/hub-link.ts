/**
 * The bridge's MQTT connection to the hub, as the device it is (username = device id,
 * password = device token): a retained `devices/<id>/status` (`online` with the peripherals'
 * state, republished on every change and every reconnect) and a last will that turns it
 * `offline`; events out (QoS 1, never retained); commands in (QoS 1, persistent session, so
 * a command sent while the bridge is briefly gone waits for it). Reconnects with a capped,
 * jittered exponential backoff. Events raised while the hub is unreachable are dropped, not
 * queued: a card tapped five minutes ago must not issue a ticket now.
 */
import { EventEmitter } from 'node:events';
import {
  type BridgeStatusDetail,
  DeviceCommand,
  type DeviceEvent,
  type DeviceStatusMessage,
  type SmsResultMessage,
  SmsSendMessage,
  topics,
} from '@callboard/hub/protocol';
import mqtt, { type MqttClient } from 'mqtt';
import { Value } from 'typebox/value';
import type { Logger } from './log';

export interface HubLinkOptions {
  url: string;
  siteId: string;
  deviceId: string;
  token: string;
  log: Logger;
  status: () => BridgeStatusDetail;
  /** Read `devices/<id>/commands` (default true; an SMS-modem bridge has none to read). */
  commands?: boolean;
  /** Read `devices/<id>/sms`: texts to send (an SMS-modem bridge only). */
  sms?: boolean;
  backoffMinMs?: number;
  backoffMaxMs?: number;
}

interface LinkEvents {
  command: [DeviceCommand];
  sms: [SmsSendMessage];
  connection: [boolean];
}

export class HubLink extends EventEmitter<LinkEvents> {
  private client: MqttClient | null = null;
  private timer: NodeJS.Timeout | null = null;
  private attempts = 0;
  private stopping = false;
  private refused = false;
  readonly stats = { connects: 0, eventsSent: 0, eventsDropped: 0, commands: 0, badCommands: 0 };

  constructor(private readonly options: HubLinkOptions) {
    super();
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  private get statusTopic(): string {
    return topics.deviceStatus(this.options.siteId, this.options.deviceId);
  }

  start(): void {
    const { url, deviceId, token, siteId, log } = this.options;
    const offline: DeviceStatusMessage = { v: 1, state: 'offline' };
    const client = mqtt.connect(url, {
      protocolVersion: 4, // aedes speaks MQTT 3.1.1
      clientId: `callboard-bridge-${deviceId}`,
      username: deviceId,
      password: token,
      // A persistent session: a print command the broker could not deliver (sent in the moment
      // the bridge died, before its last will; or unacknowledged when it died) is kept by the
      // broker and delivered when the bridge is back, to be printed or reported (print-journal.ts).
      clean: false,
      reconnectPeriod: 0, // our own backoff, below
      connectTimeout: 5000,
      queueQoSZero: false,
      will: { topic: this.statusTopic, payload: Buffer.from(JSON.stringify(offline)), qos: 1, retain: true },
    });
    this.client = client;
    const commands = topics.deviceCommands(siteId, deviceId);
    const sms = topics.deviceSms(siteId, deviceId);
    const wanted = [...(this.options.commands !== false ? [commands] : []), ...(this.options.sms ? [sms] : [])];
    client.on('connect', () => {
      this.attempts = 0;
      this.refused = false;
      this.stats.connects++;
      log.info('connected to the hub', { url });
      for (const topic of wanted)
        client.subscribe(topic, { qos: 1 }, (err, granted) => {
          if (err || granted?.some((g) => g.qos === 128)) log.error('the hub refused our subscription', { topic });
        });
      this.publishStatus();
      this.emit('connection', true);
    });
    client.on('message', (topic, payload) => {
      if (topic === commands) this.onCommand(payload);
      else if (topic === sms && this.options.sms) this.onSms(payload);
    });
    client.on('error', (err) => {
      const code = (err as { code?: number }).code;
      // CONNACK 4/5: bad username/password or not authorised: retrying fast will not help.
      if (code === 4 || code === 5) {
        if (!this.refused) log.error('the hub refused the device id or token; check deviceId and token', { deviceId });
        this.refused = true;
      } else log.debug('mqtt error', { err: err.message });
    });
    client.on('close', () => {
      if (this.stopping) return;
      if (this.attempts === 0) {
        log.warn('lost the hub; reconnecting', { url });
        this.emit('connection', false);
      }
      this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    if (this.timer || this.stopping) return;
    const min = this.options.backoffMinMs ?? 250;
    const max = this.options.backoffMaxMs ?? (this.refused ? 60_000 : 15_000);
    const base = Math.min(max, min * 2 ** Math.min(this.attempts, 16));
    const delay = Math.round(base / 2 + (Math.random() * base) / 2);
    this.attempts++;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.stopping) this.client?.reconnect();
    }, delay);
  }

  private onCommand(payload: Buffer): void {
    let msg: unknown;
    try {
      msg = JSON.parse(payload.toString('utf8'));
    } catch {
      this.stats.badCommands++;
      this.options.log.warn('command is not JSON; ignored');
      return;
    }
    if (!Value.Check(DeviceCommand, msg)) {
      this.stats.badCommands++;
      const first = [...Value.Errors(DeviceCommand, msg)][0];
      this.options.log.warn('command does not match the protocol; ignored', { problem: first?.message });
      return;
    }
    this.stats.commands++;
    this.emit('command', msg);
  }

  private onSms(payload: Buffer): void {
    let msg: unknown;
    try {
      msg = JSON.parse(payload.toString('utf8'));
    } catch {
      msg = undefined;
    }
    // Never log the message: it holds a phone number in clear.
    if (!Value.Check(SmsSendMessage, msg)) {
      this.stats.badCommands++;
      this.options.log.warn('text to send does not match the protocol; ignored');
      return;
    }
    this.emit('sms', msg);
  }

  /** An SMS outcome or delivery report; false (dropped) while the hub is unreachable. */
  publishSmsResult(msg: SmsResultMessage): boolean {
    const client = this.client;
    if (!client?.connected) return false;
    client.publish(
      topics.deviceSmsResults(this.options.siteId, this.options.deviceId),
      JSON.stringify(msg),
      { qos: 1 },
      (err) => {
        if (err) this.options.log.warn('SMS result not delivered', { err: err.message });
      },
    );
    return true;
  }

  /** (Re)publishes the retained status with the peripherals' current state. */
  publishStatus(): void {
    const client = this.client;
    if (!client?.connected) return;
    const msg: DeviceStatusMessage = { v: 1, state: 'online', at: Date.now(), detail: this.options.status() };
    client.publish(this.statusTopic, JSON.stringify(msg), { qos: 1, retain: true }, (err) => {
      if (err) this.options.log.debug('status not published', { err: err.message });
    });
  }

  /**
   * Sends an event; false (and dropped) when the hub is not reachable right now. `delivered`
   * runs once the broker has acknowledged it (QoS 1), with the error if it was not.
   */
  publishEvent(event: DeviceEvent, delivered?: (err?: Error) => void): boolean {
    const client = this.client;
    if (!client?.connected) {
      this.stats.eventsDropped++;
      this.options.log.warn('hub unreachable: event dropped', { type: event.type });
      return false;
    }
    this.stats.eventsSent++;
    client.publish(topics.deviceEvents(this.options.siteId, this.options.deviceId), JSON.stringify(event), { qos: 1 }, (err) => {
      if (err) this.options.log.warn('event not delivered', { type: event.type, err: err.message });
      delivered?.(err ?? undefined);
    });
    return true;
  }

  /** Says `offline` itself (a clean stop is not a crash, but the screens should know) and disconnects. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const client = this.client;
    if (!client) return;
    if (client.connected) {
      const offline: DeviceStatusMessage = { v: 1, state: 'offline', at: Date.now() };
      await client.publishAsync(this.statusTopic, JSON.stringify(offline), { qos: 1, retain: true }).catch(() => undefined);
    }
    await client.endAsync(true).catch(() => undefined);
  }
}
