/**
 * Composition root: builds a hub (store, broker, queue, HTTP API, static apps) from a resolved
 * configuration, and tears it down in reverse order. `server.ts` only boots and handles signals.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { type TypeBoxTypeProvider, TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { createWebSocketStream } from 'ws';
import { authRoutes, callerPlugin } from './api/auth';
import type { HubContext } from './api/context';
import { counterRoutes } from './api/counters';
import { installErrorHandling } from './api/errors';
import { Metrics } from './api/metrics';
import { registerStaticApps } from './api/static-apps';
import { systemRoutes } from './api/system';
import { ticketRoutes } from './api/tickets';
import { type Bus, EmbeddedBroker, ExternalBroker } from './broker';
import type { HubConfig } from './config';
import { API_PREFIX, CallboardError, MQTT_WS_PATH } from './protocol';
import { loadSiteSecret } from './security';
import { AuthService } from './service/auth-service';
import { LivePublisher } from './service/live-publisher';
import { QueueService } from './service/queue-service';
import { Store } from './store';
import { VERSION } from './version';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Hub {
  app: FastifyInstance;
  config: HubConfig;
  queue: QueueService;
  bus: Bus;
  store: Store;
  /** Actual ports (useful when the config asked for 0). */
  httpPort: number;
  mqttPort: number | null;
  seededStaff: string[];
  close(): Promise<void>;
}

export interface BuildOptions {
  logger?: boolean | object;
  now?: () => number;
  serveApps?: boolean;
}

export async function startHub(config: HubConfig, options: BuildOptions = {}): Promise<Hub> {
  const now = options.now ?? Date.now;
  const app = Fastify({
    logger: options.logger ?? { level: process.env.LOG_LEVEL ?? 'info' },
    bodyLimit: 64 * 1024,
    disableRequestLogging: true,
    trustProxy: false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(TypeBoxValidatorCompiler);

  const store = await Store.open(config.dataDir);
  const secret = await loadSiteSecret(config.dataDir, config.secret);
  const auth = new AuthService(store, now);
  const { seededStaff } = await auth.load(config);

  let bus: Bus;
  let embedded: EmbeddedBroker | null = null;
  if (config.mqtt.url) {
    bus = await ExternalBroker.connect(
      config.mqtt.url,
      `callboard-hub-${config.site.id}`,
      config.mqtt.username,
      config.mqtt.password,
    );
  } else {
    embedded = await EmbeddedBroker.start({
      siteId: config.site.id,
      port: config.mqtt.port,
      host: config.server.host,
      allowAnonymousDisplays: config.mqtt.allowAnonymousDisplays,
      authenticateDevice: async (deviceId, token) => {
        const device = auth.deviceForToken(token);
        return device && device.id === deviceId ? { kind: 'device', deviceId: device.id, deviceKind: device.kind } : null;
      },
      log: app.log,
    });
    bus = embedded;
  }

  const publisher = new LivePublisher(bus, config.site.id, app.log);
  const queue = new QueueService(config, store, secret, now, publisher);
  publisher.attach(queue);
  await queue.load();

  const metrics = new Metrics();
  const hub: HubContext = {
    config,
    queue,
    auth,
    metrics,
    brokerInfo: () => ({ mode: bus.mode, connected: bus.connected, clients: embedded ? embedded.clientCount : null }),
    startedAt: now(),
    version: VERSION,
  };
  app.decorate('hub', hub);
  installErrorHandling(app);
  app.addHook('onResponse', async (_req, reply) => metrics.observeHttp(reply.statusCode, reply.elapsedTime));

  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) =>
      Object.assign(new CallboardError('RATE_LIMITED', `too many requests: retry in ${Math.ceil(ctx.ttl / 1000)} s`), {
        statusCode: 429,
      }),
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Callboard hub API',
        version: VERSION,
        description: 'Queue management hub: tickets, counters, staff, devices.',
      },
      servers: [{ url: config.site.publicUrl }],
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  await app.register(fastifyWebsocket, { options: { maxPayload: 256 * 1024 } });

  if (embedded) {
    const broker = embedded;
    app.get(MQTT_WS_PATH, { websocket: true, schema: { hide: true } }, (socket, req) => {
      broker.aedes.handle(createWebSocketStream(socket), req.raw);
    });
  }

  await app.register(
    async (api) => {
      await api.register(callerPlugin);
      await api.register(authRoutes);
      await api.register(ticketRoutes);
      await api.register(counterRoutes);
      await api.register(systemRoutes);
      api.setNotFoundHandler((req, reply) =>
        reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no route ${req.method} ${req.url}` } }),
      );
    },
    { prefix: API_PREFIX },
  );
  if (options.serveApps !== false) await registerStaticApps(app, REPO_ROOT);

  await app.listen({ port: config.server.port, host: config.server.host });
  const addr = app.server.address();
  const httpPort = typeof addr === 'object' && addr ? addr.port : config.server.port;

  // The broker keeps nothing across restarts: screens get their retained state from the store.
  publisher.republishAll();

  let closed = false;
  return {
    app,
    config,
    queue,
    bus,
    store,
    httpPort,
    mqttPort: embedded ? embedded.tcpPort : null,
    seededStaff,
    async close() {
      if (closed) return;
      closed = true;
      publisher.flush();
      publisher.stop();
      await app.close();
      await bus.close();
      await store.close();
    },
  };
}
