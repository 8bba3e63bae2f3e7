/**
 * Embedded aedes broker: MQTT over TCP on its own port, and MQTT over WebSocket on the
 * Fastify server at /mqtt. Persistence stays in memory (aedes 1.x has no working NeDB
 * persistence); the hub republishes every retained topic from its store at start-up.
 *
 * Every listener goes through `accept`: a per-address connection cap, a packet size cap checked
 * before authentication, a CONNECT deadline. Authentication binds the client id to the identity
 * (`acl.clientIdAllowed`), backs off after failed device logins (per address and per device id),
 * and keeps each device's live sessions so that revoking it closes them.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { createServer as createTlsServer } from 'node:tls';
import { Aedes, type AedesPublishPacket, type Client } from 'aedes';
import { AddressCap, type SecuritySettings, securitySettings } from '../security/settings';
import { FailureThrottle } from '../security/throttle';
import { canPublishMessage, canSubscribe, clientIdAllowed, identityKey, type MqttIdentity } from './acl';
import type { Bus, BusHandler, PublishOptions } from './bus';
import { limitPacketSize } from './packet-limit';

/** Failed device logins: five free, then 1 s, 2 s, 4 s … up to a minute before the next is checked. */
const AUTH_BACKOFF = { free: 5, baseMs: 1000, maxMs: 60_000, forgetAfterMs: 15 * 60_000 };

export interface MqttAuthFailure {
  address: string;
  username: string;
  failures: number;
  waitMs: number;
}

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
  /** Connection caps, packet size, keepalive and CONNECT deadline (defaults: security/settings.ts). */
  security?: SecuritySettings;
  /** Every paired device's id: client ids that belong to a device are that device's alone. */
  deviceIds?: () => Iterable<string>;
  /** Called when an address or device id starts to be backed off (for the supervisor's alert). */
  onAuthFailures?: (failure: MqttAuthFailure) => void;
  now?: () => number;
}

const identities = new WeakMap<Client, MqttIdentity>();
/** The client address of each connection (TCP, TLS or WebSocket), for caps and backoff. */
const addresses = new WeakMap<object, string>();

const refusal = (message: string, returnCode: 2 | 3 | 4 | 5) => Object.assign(new Error(message), { returnCode }) as never;

export class EmbeddedBroker implements Bus {
  readonly mode = 'embedded' as const;
  readonly connected = true;
  tcpPort: number | null = null;
  tlsPort: number | null = null;
  private readonly servers: Server[] = [];
  /** Live sessions per device id: closed when the device is revoked or re-keyed. */
  private readonly sessions = new Map<string, Set<Client>>();
  /** Client ids in use by a device (kept for a persistent session after it disconnects). */
  readonly bindings = new Map<string, { key: string; client: Client }>();

  private constructor(
    readonly aedes: Aedes,
    private readonly settings: SecuritySettings,
  ) {}

  static async start(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
    const settings = options.security ?? securitySettings(undefined);
    const now = options.now ?? Date.now;
    const throttle = new FailureThrottle(AUTH_BACKOFF);
    const deviceIds = () => options.deviceIds?.() ?? [];
    // Set right after createBroker; authenticate only runs once a client connects, by then it is.
    let started = undefined as unknown as EmbeddedBroker;
    const failed = (address: string, username: string) => {
      let worst = { failures: 0, waitMs: 0 };
      for (const key of [`addr:${address}`, `device:${username}`]) {
        const r = throttle.fail(key, now());
        if (r.failures > worst.failures) worst = r;
      }
      // Logged while few, then at each doubling: a flood does not flood the log.
      const n = worst.failures;
      if (n <= AUTH_BACKOFF.free + 1 || (n & (n - 1)) === 0)
        options.log.warn({ address, username, failures: n, backoffMs: worst.waitMs }, 'mqtt authentication failed');
      if (n === AUTH_BACKOFF.free + 1) options.onAuthFailures?.({ address, username, ...worst });
    };
    const aedes = await Aedes.createBroker({
      connectTimeout: settings.mqttConnectTimeoutMs,
      authenticate: (client, username, password, done) => {
        const address = addresses.get(client.conn) ?? '?';
        const bind = (who: MqttIdentity): boolean => {
          if (clientIdAllowed(who, client.id, deviceIds(), started.bindings.get(client.id)?.key)) return true;
          options.log.warn({ address, clientId: client.id, username }, 'mqtt client id belongs to another identity: refused');
          done(refusal('client id belongs to another identity', 2), false);
          return false;
        };
        if (!username) {
          // Anonymous read-only screens are a site choice (mqtt.allowAnonymousDisplays).
          if (!options.allowAnonymousDisplays) return done(refusal('credentials required', 5), false);
          // Without credentials, a client must say when it is gone: keepalive 0 would hold the socket forever.
          const keepalive = (client as unknown as { keepalive?: number }).keepalive;
          if (keepalive !== undefined && (keepalive === 0 || keepalive > settings.mqttAnonymousMaxKeepaliveSec))
            return done(refusal(`keepalive must be 1–${settings.mqttAnonymousMaxKeepaliveSec} s`, 5), false);
          const who: MqttIdentity = { kind: 'anonymous' };
          if (!bind(who)) return;
          identities.set(client, who);
          return done(null, true);
        }
        // Backing off: the attempt is not even checked, so a guess cannot succeed meanwhile.
        if (throttle.retryInMs(`addr:${address}`, now()) > 0 || throttle.retryInMs(`device:${username}`, now()) > 0) {
          failed(address, username);
          return done(refusal('too many failed logins: wait', 4), false);
        }
        options
          .authenticateDevice(username, password?.toString('utf8') ?? '')
          .then((who) => {
            if (!who) {
              failed(address, username);
              return done(refusal('bad device id or token', 4), false);
            }
            if (!bind(who)) return;
            throttle.succeed(`device:${username}`);
            identities.set(client, who);
            if (who.kind === 'device') started.track(who, client);
            done(null, true);
          })
          .catch(() => done(refusal('auth failed', 3), false));
      },
      preConnect: (client, packet, done) => {
        // Keepalive is only known from the CONNECT packet; authenticate reads it from here.
        (client as unknown as { keepalive?: number }).keepalive = packet.keepalive;
        done(null, true);
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
        if (canPublishMessage(who, packet.topic, options.siteId, packet.payload)) return done(null);
        options.log.warn({ clientId: client.id, topic: packet.topic }, 'mqtt publish refused');
        done(new Error('not authorised to publish here'));
      },
    });
    const broker = new EmbeddedBroker(aedes, settings);
    started = broker;
    aedes.on('clientDisconnect', (client) => started.untrack(client));
    const listen = async (server: Server, port: number): Promise<number> => {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, options.host, () => resolve());
      });
      broker.servers.push(server);
      const addr = server.address();
      return typeof addr === 'object' && addr ? addr.port : port;
    };
    const caps = new AddressCap(settings);
    const onSocket = (socket: Socket) => {
      const address = socket.remoteAddress;
      if (!caps.acquire(address)) {
        options.log.warn({ address }, 'mqtt connection refused: too many from this address');
        socket.destroy();
        return;
      }
      socket.once('close', () => caps.release(address));
      started.accept(socket, address ?? '?', options.log);
    };
    if (options.port !== null) broker.tcpPort = await listen(createServer(onSocket), options.port);
    if (options.tls) {
      const { key, cert, port } = options.tls;
      broker.tlsPort = await listen(createTlsServer({ key, cert }, onSocket), port);
    }
    return broker;
  }

  /**
   * Hands a connection to the broker behind the packet size cap (MQTT over WebSocket comes here
   * from the HTTP server, whose own per-address cap already counted its socket).
   */
  accept(stream: Duplex, address: string, log: EmbeddedBrokerOptions['log'], req?: unknown): void {
    addresses.set(stream, address);
    limitPacketSize(stream, this.settings.mqttMaxPacketBytes, () =>
      log.warn({ address, maxBytes: this.settings.mqttMaxPacketBytes }, 'mqtt packet over the size limit: disconnected'),
    );
    this.aedes.handle(stream, req as never);
  }

  private track(who: Extract<MqttIdentity, { kind: 'device' }>, client: Client): void {
    const set = this.sessions.get(who.deviceId) ?? new Set<Client>();
    this.sessions.set(who.deviceId, set);
    set.add(client);
    this.bindings.delete(client.id);
    this.bindings.set(client.id, { key: identityKey(who), client });
    // Bounded: the oldest bindings of long-gone persistent sessions go first.
    if (this.bindings.size > 10_000) this.bindings.delete(this.bindings.keys().next().value as string);
  }

  private untrack(client: Client): void {
    const binding = this.bindings.get(client.id);
    if (binding?.client === client && client.clean) this.bindings.delete(client.id);
    const who = identities.get(client);
    if (who?.kind !== 'device') return;
    const set = this.sessions.get(who.deviceId);
    set?.delete(client);
    if (set?.size === 0) this.sessions.delete(who.deviceId);
  }

  /** Closes every live session of a device (revoked, or given a new token); returns how many. */
  disconnectDevice(deviceId: string): number {
    const set = this.sessions.get(deviceId);
    this.sessions.delete(deviceId);
    for (const client of set ?? []) {
      identities.delete(client);
      client.close();
    }
    return set?.size ?? 0;
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
