/**
 * The HTTP side of the hub: error shape, hardening headers, cookies, rate limits, the OpenAPI
 * page, WebSockets (MQTT over WebSocket at MQTT_WS_PATH), every API route under API_PREFIX, and
 * the built apps.
 */
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { appointmentRoutes } from '../api/appointments';
import { authRoutes, callerPlugin } from '../api/auth';
import type { HubContext } from '../api/context';
import { counterRoutes } from '../api/counters';
import { installErrorHandling } from '../api/errors';
import { Metrics } from '../api/metrics';
import { toOpenApi30 } from '../api/openapi';
import { pairingRoutes } from '../api/pairing';
import { APPS, registerStaticApps } from '../api/static-apps';
import { systemRoutes } from '../api/system';
import { ticketRoutes } from '../api/tickets';
import { visitorRoutes } from '../api/visitors';
import type { AppointmentService } from '../appointments';
import type { EmbeddedBroker } from '../broker';
import { mqttWebSocketStream } from '../broker/ws-stream';
import type { CentralConsole } from '../central';
import { type DeviceService, deviceRoutes } from '../devices';
import type { Notifier } from '../notify';
import type { Callbacks, ScreenPops } from '../phone';
import type { CardPresentations, PersonRequests } from '../privacy';
import { API_PREFIX, CallboardError, MQTT_WS_PATH } from '../protocol';
import { httpHardening } from '../security/http-hardening';
import type { LivePublisher } from '../service/live-publisher';
import { PairingService } from '../service/pairing-service';
import type { SetupService } from '../service/setup-service';
import type { Repositories } from '../store/repositories';
import { VERSION } from '../version';
import type { HubOptions } from './options';

export interface HttpDeps {
  hub: HubContext;
  metrics: Metrics;
  embedded: EmbeddedBroker | null;
  devices: DeviceService;
  appointments: AppointmentService;
  notify: Notifier;
  phone: Callbacks;
  screenPops: ScreenPops;
  publisher: LivePublisher;
  /** What the read routes (reports, history, audit) are handed instead of the store. */
  repos: Repositories;
  setup: SetupService;
  /** A person's export and erasure (supervisors; docs/personal-data.md). */
  personalData: PersonRequests;
  cards: CardPresentations;
  /** The head-office console (`callboard central`), null on a site hub. */
  central: CentralConsole | null;
  now: () => number;
  /** The repository root, whose built apps are served; undefined = serve none. */
  appsRoot: string | undefined;
}

export async function installHttp(app: FastifyInstance, deps: HttpDeps): Promise<void> {
  app.decorate('hub', deps.hub);
  installErrorHandling(app);
  app.addHook('onResponse', async (_req, reply) => deps.metrics.observeHttp(reply.statusCode, reply.elapsedTime));
  app.addHook('onSend', async (_req, reply) => {
    // Baseline hardening for a LAN appliance; the apps are same-origin and never framed.
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-opener-policy', 'same-origin');
  });

  // Timeouts, per-address connection caps, cross-site refusal, the apps' Content-Security-Policy.
  const { config } = deps.hub;
  await app.register(httpHardening, {
    settings: config.security,
    publicUrl: config.site.publicUrl,
    repoRoot: deps.appsRoot ?? '',
    apps: deps.appsRoot !== undefined ? APPS : [],
  });
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
      servers: [{ url: deps.hub.config.site.publicUrl }],
    },
    // TypeBox writes a newer JSON Schema than OpenAPI 3.0's (tuples, numeric exclusive bounds).
    transformObject: (doc) => toOpenApi30('openapiObject' in doc ? doc.openapiObject : doc.swaggerObject),
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  await app.register(fastifyWebsocket, { options: { maxPayload: 256 * 1024 } });

  if (deps.embedded) {
    const broker = deps.embedded;
    app.get(MQTT_WS_PATH, { websocket: true, schema: { hide: true } }, (socket, req) => {
      broker.accept(mqttWebSocketStream(socket), req.ip, app.log, req.raw);
    });
  }

  await app.register(
    async (api) => {
      await api.register(callerPlugin);
      await api.register(authRoutes);
      await api.register(ticketRoutes);
      await api.register(visitorRoutes);
      await api.register(counterRoutes);
      await api.register(systemRoutes);
      await api.register(deviceRoutes, { devices: deps.devices });
      await api.register(appointmentRoutes, { appointments: deps.appointments });
      await api.register((await import('../api/booking-page')).bookingPageRoutes, { appointments: deps.appointments });
      await api.register(pairingRoutes, {
        prefix: '/devices',
        pairing: new PairingService(deps.now, (ip) => deps.hub.alerts.raise('pairing_flood', ip, deps.now())),
      });
      await api.register((await import('../api/reports')).reportRoutes, { repos: deps.repos });
      await api.register((await import('../api/history')).historyRoutes, { repos: deps.repos });
      await api.register((await import('../api/notices')).noticeRoutes, { publisher: deps.publisher, devices: deps.devices });
      await api.register((await import('../api/closing')).closingRoutes, { publisher: deps.publisher, now: deps.now });
      await api.register((await import('../api/audit')).auditRoutes, { repos: deps.repos });
      await api.register((await import('../api/personal-data')).personalDataRoutes, {
        requests: deps.personalData,
        cards: deps.cards,
        devices: deps.devices,
      });
      await api.register((await import('../api/admin')).adminRoutes, { setup: deps.setup });
      await api.register((await import('../api/notify')).notifyRoutes, { notify: deps.notify });
      await api.register((await import('../api/phone')).phoneRoutes, { callbacks: deps.phone, pops: deps.screenPops });
      await api.register((await import('../api/central')).centralRoutes, { central: deps.central, now: deps.now });
      await api.register((await import('../api/central-repeats')).centralRepeatRoutes, { central: deps.central, now: deps.now });
      await api.register((await import('../api/templates')).templateRoutes);
      api.setNotFoundHandler((req, reply) =>
        reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no route ${req.method} ${req.url}` } }),
      );
    },
    { prefix: API_PREFIX },
  );
  if (deps.appsRoot !== undefined) await registerStaticApps(app, deps.appsRoot);
}

/** The HTTP side as a plugin: the routes' view of the hub (`app.hub`), with its metrics. */
export const httpPlugin = fp<HubOptions>(
  async (app, { config, now, appsRoot }) => {
    const { bus, embeddedBroker: embedded } = app;
    const metrics = new Metrics();
    const hub: HubContext = {
      config,
      queue: app.queue,
      audit: app.audit,
      auth: app.auth,
      metrics,
      brokerInfo: () => ({ mode: bus.mode, connected: bus.connected, clients: embedded ? embedded.clientCount : null }),
      alerts: app.alerts,
      storage: () => app.store.storage.state(),
      startedAt: now(),
      version: VERSION,
    };
    await installHttp(app, {
      hub,
      metrics,
      embedded,
      devices: app.devices,
      appointments: app.appointments,
      notify: app.notify,
      phone: app.phone,
      screenPops: app.screenPops,
      publisher: app.publisher,
      repos: app.repos,
      setup: app.setup,
      personalData: app.personalData.requests,
      cards: app.personalData.cards,
      central: app.central,
      now,
      appsRoot,
    });
  },
  {
    name: 'http',
    dependencies: [
      'store',
      'accounts',
      'broker',
      'setup',
      'queue',
      'devices',
      'appointments',
      'privacy',
      'notify',
      'phone',
      'central',
      'templates',
    ],
  },
);
