/**
 * Multi-site: a site hub mirrors its retained board, its daily summary and an online/offline
 * status to a head-office broker (Mosquitto/EMQX). One MQTT client connection out, retained
 * messages, a last will — no clustering of hubs.
 */
import mqtt, { type MqttClient } from 'mqtt';
import type { DailyStatsDoc } from '../analytics/day-summary';
import type { HubConfig } from '../config';
import type { HubEvents } from '../events';
import { type BoardSnapshot, topics } from '../protocol';

export class Uplink {
  private unsubscribe: () => void = () => undefined;

  private constructor(
    private readonly client: MqttClient,
    private readonly siteId: string,
  ) {}

  static async start(
    config: HubConfig,
    events: HubEvents,
    log: { warn: (o: object, m?: string) => void },
  ): Promise<Uplink | null> {
    if (!config.uplink) return null;
    const siteId = config.site.id;
    const client = mqtt.connect(config.uplink.url, {
      protocolVersion: 4,
      clientId: `callboard-uplink-${siteId}`,
      reconnectPeriod: 2000,
      ...(config.uplink.username ? { username: config.uplink.username } : {}),
      ...(config.uplink.password ? { password: config.uplink.password } : {}),
      will: {
        topic: topics.siteStatus(siteId),
        payload: Buffer.from(JSON.stringify({ v: 1, state: 'offline' })),
        qos: 1,
        retain: true,
      },
    });
    client.on('error', (err) => log.warn({ err: err.message }, 'uplink error'));
    client.on('connect', () => {
      client.publish(topics.siteStatus(siteId), JSON.stringify({ v: 1, state: 'online', at: Date.now() }), {
        qos: 1,
        retain: true,
      });
    });
    const uplink = new Uplink(client, siteId);
    // Every board the hub publishes locally is mirrored (MQTT.js queues while disconnected).
    uplink.unsubscribe = events.on('board.published', ({ snapshot }) => {
      // Masked names stay on the site's own screens: the central copy carries numbers only.
      client.publish(topics.board(siteId), JSON.stringify(withoutNames(snapshot)), { qos: 1, retain: true });
    });
    return uplink;
  }

  publishDaily(stats: DailyStatsDoc): void {
    this.client.publish(topics.daily(this.siteId), JSON.stringify({ v: 1, ...stats }), { qos: 1, retain: true });
  }

  async close(): Promise<void> {
    this.unsubscribe();
    // A clean shutdown says so; the will covers crashes and cut cables.
    await this.client
      .publishAsync(topics.siteStatus(this.siteId), JSON.stringify({ v: 1, state: 'offline', at: Date.now() }), {
        qos: 1,
        retain: true,
      })
      .catch(() => undefined);
    await this.client.endAsync();
  }
}

/** The board without visitors' masked names (calls and counters), for copies leaving the site. */
export function withoutNames(board: BoardSnapshot): BoardSnapshot {
  const strip = <T extends { name?: string; nameOnly?: boolean }>(x: T): T => {
    const { name: _n, nameOnly: _o, ...rest } = x;
    return rest as T;
  };
  return {
    ...board,
    calls: board.calls.map(strip),
    ...(board.counters ? { counters: board.counters.map((c) => (c.current ? { ...c, current: strip(c.current) } : c)) } : {}),
  };
}
