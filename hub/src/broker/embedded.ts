/**
 * Embedded aedes broker: MQTT over TCP on its own port, and MQTT over WebSocket on the
 * Fastify server at /mqtt. Persistence stays in memory (aedes 1.x has no working NeDB
 * persistence); the hub republishes every retained topic from its store at start-up.
 */
import { createServer, type Server } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { Aedes, type AedesPublishPacket, type Client } from 'aedes';
import { canPublish, canSubscribe, type MqttIdentity } from './acl';
import type { Bus, BusHandler, PublishOptions } from './bus';

export interface EmbeddedBrokerOptions {
  siteId: string;
  /** TCP port; 0 picks a free one; null disables the TCP listener. */
  port: number | null;
  host: string;
  allowAnonymousDisplays: boolean;
  /** Resolves a device's MQTT credentials (username = device id, password = token). */
  authenticateDevice: (deviceId: string, token: string) => Promise<MqttIdentity | null>;
  /** MQTTS listener (same broker) when the site has TLS. */
  tls?: { key: Buffer; cert: Buffer; port: number };
  log: { info: (obj: object, msg?: string) => void; warn: (obj: object, msg?: string) => void };
}

const identities = new WeakMap<Client, MqttIdentity>();

export class EmbeddedBroker implements Bus {
  readonly mode = 'embedded' as const;
  readonly connected = true;
  tcpPort: number | null = null;
  tlsPort: number | null = null;
  private readonly servers: Server[] = [];

  private constructor(readonly aedes: Aedes) {}

  static async start(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
    const aedes = await Aedes.createBroker({
      authenticate: (client, username, password, done) => {
        if (!username) {
          // Anonymous read-only screens are a site choice (mqtt.allowAnonymousDisplays).
          if (!options.allowAnonymousDisplays) {
            const err = Object.assign(new Error('credentials required'), { returnCode: 5 as const });
            return done(err as never, false);
          }
          identities.set(client, { kind: 'anonymous' });
          return done(null, true);
        }
        options
          .authenticateDevice(username, password?.toString('utf8') ?? '')
          .then((who) => {
            if (!who) {
              const err = Object.assign(new Error('bad device id or token'), { returnCode: 4 as const });
              return done(err as never, false);
            }
            identities.set(client, who);
            done(null, true);
          })
          .catch(() => done(Object.assign(new Error('auth failed'), { returnCode: 3 as const }) as never, false));
      },
      authorizeSubscribe: (client, sub, done) => {
        const who = identities.get(client) ?? { kind: 'anonymous' };
        if (canSubscribe(who, sub.topic, options.siteId, options.allowAnonymousDisplays)) return done(null, sub);
        options.log.warn({ clientId: client.id, topic: sub.topic }, 'mqtt subscription refused');
        done(null, null); // refuse this one subscription (SUBACK 0x80), keep the connection
      },
      authorizePublish: (client, packet, done) => {
        if (!client) return done(null); // the hub itself
        const who = identities.get(client) ?? { kind: 'anonymous' };
        if (canPublish(who, packet.topic, options.siteId)) return done(null);
        options.log.warn({ clientId: client.id, topic: packet.topic }, 'mqtt publish refused');
        done(new Error('not authorised to publish here'));
      },
    });
    const broker = new EmbeddedBroker(aedes);
    const listen = async (server: Server, port: number): Promise<number> => {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, options.host, () => resolve());
      });
      broker.servers.push(server);
      const addr = server.address();
      return typeof addr === 'object' && addr ? addr.port : port;
    };
    if (options.port !== null)
      broker.tcpPort = await listen(
        createServer((socket) => aedes.handle(socket)),
        options.port,
      );
    if (options.tls) {
      const { key, cert, port } = options.tls;
      broker.tlsPort = await listen(
        createTlsServer({ key, cert }, (socket) => aedes.handle(socket)),
        port,
      );
    }
    return broker;
  }

  get clientCount(): number {
    return this.aedes.connectedClients;
  }

  publish(topic: string, payload: unknown, options: PublishOptions): Promise<void> {
    return new Promise((resolve, reject) => {
      this.aedes.publish(
        {
          cmd: 'publish',
          topic,
          payload: Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)),
          qos: options.qos,
          retain: options.retain,
          dup: false,
        },
        (err) => (err ? reject(err) : resolve()),
      );
    });
  }

  subscribe(filter: string, handler: BusHandler): Promise<void> {
    return new Promise((resolve) => {
      this.aedes.subscribe(
        filter,
        (packet: AedesPublishPacket, cb: () => void) => {
          try {
            handler(packet.topic, Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload));
          } finally {
            cb();
          }
        },
        () => resolve(),
      );
    });
  }

  async close(): Promise<void> {
    const servers = this.servers.splice(0);
    // Stop accepting first; a listening server's close() only completes once its connections are
    // gone, so close the broker (which ends every client connection) before waiting on them.
    const closed = servers.map((srv) => new Promise<void>((resolve) => srv.close(() => resolve())));
    await new Promise<void>((resolve) => this.aedes.close(() => resolve()));
    await Promise.all(closed);
  }
}
