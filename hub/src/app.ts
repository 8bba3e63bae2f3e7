/**
 * Composition root: builds a hub (store, broker, queue, HTTP API, static apps) from a resolved
 * configuration, and tears it down in reverse order. `server.ts` only boots and handles signals.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { type TypeBoxTypeProvider, TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { appointmentRoutes } from './api/appointments';
import { authRoutes, callerPlugin } from './api/auth';
import type { HubContext } from './api/context';
import { counterRoutes } from './api/counters';
import { frameworkErrorHandler, installErrorHandling } from './api/errors';
import { startHttpsRedirect } from './api/https-redirect';
import { Metrics } from './api/metrics';
import { toOpenApi30 } from './api/openapi';
import { pairingRoutes } from './api/pairing';
import { registerStaticApps } from './api/static-apps';
import { systemRoutes } from './api/system';
import { ticketRoutes } from './api/tickets';
import { AppointmentService, attachToDevices } from './appointments';
import { type Bus, EmbeddedBroker, ExternalBroker } from './broker';
import { mqttWebSocketStream } from './broker/ws-stream';
import type { HubConfig } from './config';
import { DeviceService, deviceRoutes } from './devices';
import { API_PREFIX, CallboardError, MQTT_WS_PATH } from './protocol';
import { businessDate } from './queue';
import { loadSiteSecret, loadTls, type TlsMaterial } from './security';
import { AuthService } from './service/auth-service';
import { BackupScheduler } from './service/backup-scheduler';
import { LivePublisher } from './service/live-publisher';
import { PairingService } from './service/pairing-service';
import { QueueService } from './service/queue-service';
import { SetupService } from './service/setup-service';
import { Uplink } from './service/uplink';
import { archivePastDays, latestDailyStats, lockDataDir, migrateStore, Store } from './store';
import { VERSION } from './version';

/** How often the hub looks for a finished business day to archive. */
const ARCHIVE_CHECK_MS = 5 * 60 * 1000;

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
  mqttTlsPort: number | null;
  /** Plain-HTTP port that redirects to HTTPS (tls.redirectHttpPort), if any. */
  httpsRedirectPort: number | null;
  tls: TlsMaterial | null;
  backups: BackupScheduler;
  seededStaff: string[];
  appointments: AppointmentService;
  close(): Promise<void>;
}

export interface BuildOptions {
  logger?: boolean | object;
  now?: () => number;
  serveApps?: boolean;
}

export async function startHub(config: HubConfig, options: BuildOptions = {}): Promise<Hub> {
  const now = options.now ?? Date.now;
  await mkdir(config.dataDir, { recursive: true });
  const tls = config.tls ? loadTls(config.tls, config.dataDir) : null;
  const app = Fastify({
    ...(tls ? { https: { key: tls.key, cert: tls.cert } } : {}),
    logger: options.logger ?? { level: process.env.LOG_LEVEL ?? 'info' },
    bodyLimit: 64 * 1024,
    // Per-request logs would be noise at hundreds of tickets a minute; refusals and errors are logged.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: true } },
    // Errors the router raises before any route or error handler runs (a malformed URL, a path
    // parameter over 100 characters) get the API's error shape too; found by test/fuzz.
    frameworkErrors: frameworkErrorHandler,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(TypeBoxValidatorCompiler);

  const unlock = lockDataDir(config.dataDir);
  // If start-up fails half-way (port taken, newer data…), undo what was started, in reverse.
  const undo: (() => unknown)[] = [unlock];
  try {
    return await assemble(app as unknown as FastifyInstance, config, now, options, unlock, undo, tls);
  } catch (err) {
    for (const step of undo.reverse()) await Promise.resolve(step()).catch(() => undefined);
    throw err;
  }
}

async function assemble(
  app: FastifyInstance,
  config: HubConfig,
  now: () => number,
  options: BuildOptions,
  unlock: () => void,
  undo: (() => unknown)[],
  tls: TlsMaterial | null,
): Promise<Hub> {
  // Upgrade the data first (with a backup), then open it; refuse data from a newer release.
  const today = businessDate(now(), config.site.timezone);
  const migration = await migrateStore({ dataDir: config.dataDir, today, at: now() }, VERSION);
  if (migration.applied.length > 0)
    app.log.warn(
      { from: migration.from, to: migration.to, backup: migration.backupFile, applied: migration.applied },
      'store migrated',
    );
  const store = await Store.open(config.dataDir);
  undo.push(() => store.close());
  // Days that ended while the hub was down leave the hot store now.
  await archivePastDays(config.dataDir, store.tickets, today, now());
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
      ...(tls && config.tls ? { tls: { key: tls.key, cert: tls.cert, port: config.tls.mqttPort } } : {}),
    });
    bus = embedded;
  }
  undo.push(() => bus.close());

  // An admin's saved set-up (services, counters, policy) replaces the file's before the queue loads.
  const setup = await SetupService.open({
    config,
    now,
    log: app.log,
    staff: () => auth.listStaff(),
    futureAppointments: (serviceId) => store.appointments.countAsync({ serviceId, status: 'booked', start: { $gt: now() } }),
  });
  undo.push(() => setup.close());

  const publisher = new LivePublisher(bus, config.site.id, app.log);
  const queue = new QueueService(config, store, secret, now, publisher);
  publisher.attach(queue);
  setup.attach(queue);
  // Supervisors' board notices survive a restart (notices.db); expired ones are dropped.
  await publisher.restoreNotices(store.notices, now());
  await queue.load();
  // Firmware-bridge devices (hub/src/devices): card taps → tickets, print jobs, printer status, LED screens.
  const devices = await DeviceService.start({
    bus,
    queue,
    config,
    secret,
    now,
    log: app.log,
    listDevices: async () => (await store.devices.findAsync({})).map((d) => ({ id: d._id, kind: d.kind, name: d.name })),
  });

  // The appointment book (docs/appointments.md); missed windows become no-shows at start-up too.
  const appointments = await AppointmentService.start({ config, store, queue, bus, secret, now, log: app.log });
  undo.push(() => appointments.close());
  attachToDevices(appointments, devices, app.log);
  await appointments.sweep();

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
  app.addHook('onSend', async (_req, reply) => {
    // Baseline hardening for a LAN appliance; the apps are same-origin and never framed.
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-opener-policy', 'same-origin');
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
      servers: [{ url: config.site.publicUrl }],
    },
    // TypeBox writes a newer JSON Schema than OpenAPI 3.0's (tuples, numeric exclusive bounds).
    transformObject: (doc) => toOpenApi30('openapiObject' in doc ? doc.openapiObject : doc.swaggerObject),
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  await app.register(fastifyWebsocket, { options: { maxPayload: 256 * 1024 } });

  if (embedded) {
    const broker = embedded;
    app.get(MQTT_WS_PATH, { websocket: true, schema: { hide: true } }, (socket, req) => {
      broker.aedes.handle(mqttWebSocketStream(socket), req.raw);
    });
  }

  await app.register(
    async (api) => {
      await api.register(callerPlugin);
      await api.register(authRoutes);
      await api.register(ticketRoutes);
      await api.register(counterRoutes);
      await api.register(systemRoutes);
      await api.register(deviceRoutes, { devices });
      await api.register(appointmentRoutes, { appointments });
      await api.register(pairingRoutes, { prefix: '/devices', pairing: new PairingService(now) });
      await api.register((await import('./api/reports')).reportRoutes, { store });
      await api.register((await import('./api/history')).historyRoutes, { store });
      await api.register((await import('./api/notices')).noticeRoutes, { publisher, devices });
      await api.register((await import('./api/audit')).auditRoutes, { store });
      await api.register((await import('./api/admin')).adminRoutes, { setup });
      api.setNotFoundHandler((req, reply) =>
        reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no route ${req.method} ${req.url}` } }),
      );
    },
    { prefix: API_PREFIX },
  );
  if (options.serveApps !== false) await registerStaticApps(app, REPO_ROOT);

  undo.push(() => app.close());
  await app.listen({ port: config.server.port, host: config.server.host });
  const addr = app.server.address();
  const httpPort = typeof addr === 'object' && addr ? addr.port : config.server.port;

  const redirect =
    tls && config.tls?.redirectHttpPort !== undefined ? await startHttpsRedirect(config, config.tls.redirectHttpPort) : null;
  if (redirect) undo.push(() => redirect.close());

  // Head office gets this site's board from the first publish on (subscribe before republishing).
  const uplink = await Uplink.start(config, bus, app.log);
  if (uplink) undo.push(() => uplink.close());
  const publishLatestDaily = async () => {
    if (!uplink) return;
    const [latest] = await latestDailyStats(config.dataDir);
    if (latest) uplink.publishDaily(latest);
  };
  await publishLatestDaily();

  // The broker keeps nothing across restarts: screens get their retained state from the store.
  publisher.republishAll();
  // Nor does an external broker that restarted while the hub kept running.
  bus.onReconnect?.(() => publisher.republishAll());

  const backups = new BackupScheduler(config, VERSION, now, app.log);
  backups.start();

  // Day close: once the queue has moved to a new business day, yesterday leaves the hot store.
  // Only days before the queue's own day are touched, so no ticket in memory is archived.
  let archiving = false;
  const archiveTimer = setInterval(() => {
    if (archiving) return;
    archiving = true;
    archivePastDays(config.dataDir, store.tickets, queue.businessDate, now())
      .then(async (days) => {
        if (days.length === 0) return;
        app.log.info({ days }, 'archived past business days');
        await publishLatestDaily();
      })
      .catch((err: Error) => app.log.error({ err }, 'archiving past days failed'))
      .finally(() => {
        archiving = false;
      });
  }, ARCHIVE_CHECK_MS);
  archiveTimer.unref();
  const noShowTimer = setInterval(() => {
    appointments.sweep().catch((err: Error) => app.log.error({ err }, 'appointment no-show sweep failed'));
  }, appointments.settings.sweepIntervalMs);
  noShowTimer.unref();

  let closed = false;
  return {
    app,
    config,
    queue,
    bus,
    store,
    httpPort,
    mqttPort: embedded ? embedded.tcpPort : null,
    mqttTlsPort: embedded ? embedded.tlsPort : null,
    httpsRedirectPort: redirect ? redirect.port : null,
    tls,
    backups,
    seededStaff,
    appointments,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(archiveTimer);
      clearInterval(noShowTimer);
      appointments.close();
      await backups.stop();
      publisher.flush();
      publisher.stop();
      await app.close();
      await redirect?.close();
      await uplink?.close();
      await bus.close();
      await store.close();
      unlock();
    },
  };
}
