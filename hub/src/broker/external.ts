/**
 * External broker mode (`MQTT_URL=mqtt://host:1883`): the hub is an ordinary MQTT client of
 * Mosquitto/EMQX. Authentication and ACL are then the broker's job (see docs/operations.md
 * for the matching Mosquitto ACL file).
 */
import mqtt, { type MqttClient } from 'mqtt';
import type { Bus, BusHandler, PublishOptions } from './bus';

export class ExternalBroker implements Bus {
  readonly mode = 'external' as const;
  private readonly handlers: { filter: string; handler: BusHandler }[] = [];
  private readonly reconnectHandlers: (() => void)[] = [];

  private constructor(private readonly client: MqttClient) {
    client.on('message', (topic, payload) => {
      for (const h of this.handlers) if (topicMatches(h.filter, topic)) h.handler(topic, payload);
    });
    // Built after the first connect, so every later `connect` is a reconnect (MQTT.js retries
    // every second and re-subscribes by itself). A restarted broker has lost its retained
    // messages: the hub must publish them again, or screens stay blank until the next change.
    client.on('connect', () => {
      for (const h of this.reconnectHandlers) h();
    });
    client.on('error', () => {}); // reconnects are MQTT.js's job; /health reports `connected`
  }

  static async connect(url: string, clientId: string, username?: string, password?: string): Promise<ExternalBroker> {
    const client = mqtt.connect(url, {
      protocolVersion: 4,
      clientId,
      clean: true,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      ...(username ? { username } : {}),
      ...(password ? { password } : {}),
    });
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => {
        clearTimeout(timer);
        client.end(true);
        reject(new Error(`cannot connect to external MQTT broker ${url}: ${err.message}`));
      };
      // Cleared on connect: left armed, it used to end the hub's connection for good 10 s
      // after every start (found by the broker-restart test in test/integration/external-broker).
      const timer = setTimeout(() => onError(new Error('timed out after 10 s')), 10_000);
      timer.unref();
      client.once('connect', () => {
        clearTimeout(timer);
        client.off('error', onError);
        resolve();
      });
      client.once('error', onError);
    });
    return new ExternalBroker(client);
  }

  get connected(): boolean {
    return this.client.connected;
  }

  async publish(topic: string, payload: unknown, options: PublishOptions): Promise<void> {
    await this.client.publishAsync(topic, typeof payload === 'string' ? payload : JSON.stringify(payload), options);
  }

  async subscribe(filter: string, handler: BusHandler): Promise<void> {
    this.handlers.push({ filter, handler });
    await this.client.subscribeAsync(filter, { qos: 1 });
  }

  onReconnect(handler: () => void): void {
    this.reconnectHandlers.push(handler);
  }

  async close(): Promise<void> {
    await this.client.endAsync();
  }
}

/** MQTT filter matching (`+` one level, `#` the rest). */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}
