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

  private constructor(private readonly client: MqttClient) {
    client.on('message', (topic, payload) => {
      for (const h of this.handlers) if (topicMatches(h.filter, topic)) h.handler(topic, payload);
    });
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
        client.end(true);
        reject(new Error(`cannot connect to external MQTT broker ${url}: ${err.message}`));
      };
      client.once('connect', () => {
        client.off('error', onError);
        resolve();
      });
      client.once('error', onError);
      setTimeout(() => onError(new Error('timed out after 10 s')), 10_000).unref();
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
