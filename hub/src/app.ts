/**
 * Composition root: builds a hub (store, broker, queue, HTTP API, static apps) from a resolved
 * configuration, and tears it down in reverse order. `server.ts` only boots and handles signals.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type TypeBoxTypeProvider, TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { DailyStatsDoc } from './analytics/day-summary';
import { reportDaySummariser } from './analytics/history/day-close';
import type { HubContext } from './api/context';
import { frameworkErrorHandler } from './api/errors';
import { startHttpsRedirect } from './api/https-redirect';
import { Metrics } from './api/metrics';
import { AppointmentService, attachToDevices } from './appointments';
import { startBroker } from './assembly/broker';
import { installHttp } from './assembly/http';
import type { Bus } from './broker';
import { brokerHardening } from './broker/hardening';
import type { HubConfig } from './config';
import { DeviceService } from './devices';
import { HubEvents } from './events';
import { loadSiteSecret, loadTls, type TlsMaterial } from './security';
import { SecurityAlerts } from './security/alerts';
import { protectDataDir } from './security/data-dir';
import { publicUrlWarning } from './security/public-url';
import { AuditLog } from './service/audit-log';
import { AuthService } from './service/auth-service';
import { BackupScheduler } from './service/backup-scheduler';
import { LivePublisher } from './service/live-publisher';
import { QueueService } from './service/queue-service';
import { SetupService } from './service/setup-service';
import { Uplink } from './service/uplink';
import { archivePastDays, latestDailyStats, lockDataDir, migrateStore, repositoriesOf, Store } from './store';
import { Teardown } from './teardown';
import { businessDate } from './time';
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

  // One teardown path: if start-up fails half-way (port taken, newer data…) and at close.
  const teardown = new Teardown(app.log);
  teardown.add('data directory lock', lockDataDir(config.dataDir));
  try {
    return await assemble(app as unknown as FastifyInstance, config, now, options, teardown, tls);
  } catch (err) {
    await teardown.run();
    throw err;
  }
}

async function assemble(
  app: FastifyInstance,
  config: HubConfig,
  now: () => number,
  options: BuildOptions,
  teardown: Teardown,
  tls: TlsMaterial | null,
): Promise<Hub> {
  // Upgrade the data first (with a backup), then open it; refuse data from a newer release.
  const today = businessDate(now(), config.site.timezone);
  // Day close moves tickets; what it summarises for the reports is analytics' business.
  const summariser = reportDaySummariser(config.dataDir);
  const migration = await migrateStore({ dataDir: config.dataDir, today, at: now(), summariser }, VERSION);
  if (migration.applied.length > 0)
    app.log.warn(
      { from: migration.from, to: migration.to, backup: migration.backupFile, applied: migration.applied },
      'store migrated',
    );
  const store = await Store.open(config.dataDir, { log: app.log });
  // Run in reverse: after the store's last write, its files are made private again.
  teardown.add('data file modes', () => protectDataDir(config.dataDir));
  teardown.add('store', () => store.close());
  const repos = repositoriesOf(store);
  await protectDataDir(config.dataDir);
  // Days that ended while the hub was down leave the hot store now.
  await archivePastDays(config.dataDir, store.tickets, today, now(), summariser);
  const secret = await loadSiteSecret(config.dataDir, config.secret);
  const auth = new AuthService(repos, now);
  const alerts = new SecurityAlerts();
  const urlWarning = publicUrlWarning(config.site.publicUrl, config.server.port);
  if (urlWarning) {
    app.log.warn({ publicUrl: config.site.publicUrl }, urlWarning);
    alerts.raise('public_url_unset', 'site.publicUrl', now());
  }
  auth.onLoginBackoff = (username) => alerts.raise('login_backoff', username, now());
  const { seededStaff } = await auth.load(config);

  const { bus, embedded } = await startBroker(config, auth, tls, app.log, brokerHardening(config, auth, alerts, now));
  teardown.add('broker', () => bus.close());

  // An admin's saved set-up (services, counters, policy) replaces the file's before the queue loads.
  const setup = await SetupService.open({
    config,
    now,
    log: app.log,
    staff: () => auth.listStaff(),
    futureAppointments: (serviceId) => repos.appointments.bookedAfter(serviceId, now()),
  });
  teardown.add('set-up', () => setup.close());

  // The hub's in-process event bus: the queue and the other services say what happened on it.
  const events = new HubEvents((event, err) => app.log.error({ err, event }, 'event listener failed'));
  const publisher = new LivePublisher(bus, config.site.id, app.log);
  // One audit log for the whole hub: every service records who really acted through it.
  const audit = new AuditLog(store, now);
  const queue = new QueueService(config, store, secret, now, events, audit);
  publisher.attach(queue, events);
  teardown.add('live publisher', () => {
    publisher.flush();
    publisher.stop();
    events.clear();
  });
  setup.attach(queue);
  // Supervisors' board notices survive a restart (notices.db); expired ones are dropped.
  await publisher.restoreNotices(repos.notices, now());
  await queue.load();
  // Firmware-bridge devices (hub/src/devices): card taps → tickets, print jobs, printer status, LED screens.
  const devices = await DeviceService.start({
    bus,
    events,
    audit,
    queue,
    config,
    secret,
    now,
    log: app.log,
    kindOf: (id) => auth.deviceKind(id),
    onLocalQr: (bridgeId) => alerts.raise('print_localhost', bridgeId, now()),
    listDevices: async () => (await repos.devices.all()).map((d) => ({ id: d._id, kind: d.kind, name: d.name })),
    staffMember: (id) => {
      const s = auth.listStaff().find((x) => x.id === id && !x.disabled);
      return s ? { kind: 'staff', id: s.id, role: s.role, skills: s.skills } : undefined;
    },
    screenLanguages: async (deviceId) => (await auth.deviceSettings(deviceId))?.languages,
  });
  teardown.add('devices', () => devices.close());

  // The appointment book (docs/appointments.md); missed windows become no-shows at start-up too.
  const appointments = await AppointmentService.start({
    config,
    records: repos.appointments,
    queue,
    bus,
    events,
    audit,
    secret,
    now,
    log: app.log,
  });
  teardown.add('appointments', () => appointments.close());
  attachToDevices(appointments, devices, app.log);
  await appointments.sweep();

  const metrics = new Metrics();
  const hub: HubContext = {
    config,
    queue,
    audit,
    auth,
    metrics,
    brokerInfo: () => ({ mode: bus.mode, connected: bus.connected, clients: embedded ? embedded.clientCount : null }),
    alerts,
    storage: () => store.storage.state(),
    startedAt: now(),
    version: VERSION,
  };
  await installHttp(app, {
    hub,
    metrics,
    embedded,
    devices,
    appointments,
    publisher,
    repos,
    setup,
    now,
    appsRoot: options.serveApps !== false ? REPO_ROOT : undefined,
  });

  teardown.add('http', () => app.close());
  await app.listen({ port: config.server.port, host: config.server.host });
  const addr = app.server.address();
  const httpPort = typeof addr === 'object' && addr ? addr.port : config.server.port;

  const redirect =
    tls && config.tls?.redirectHttpPort !== undefined ? await startHttpsRedirect(config, config.tls.redirectHttpPort) : null;
  if (redirect) teardown.add('https redirect', () => redirect.close());

  // Head office gets this site's board from the first publish on (subscribe before republishing).
  const uplink = await Uplink.start(config, events, app.log);
  if (uplink) teardown.add('uplink', () => uplink.close());
  const publishLatestDaily = async () => {
    if (!uplink) return;
    const [latest] = await latestDailyStats<DailyStatsDoc>(config.dataDir);
    if (latest) uplink.publishDaily(latest);
  };
  await publishLatestDaily();

  // The broker keeps nothing across restarts: screens get their retained state from the store.
  publisher.republishAll();
  // Nor does an external broker that restarted while the hub kept running.
  bus.onReconnect?.(() => publisher.republishAll());

  const backups = new BackupScheduler(config, VERSION, now, app.log);
  backups.start();
  teardown.add('backups', () => backups.stop());

  // Day close: once the queue has moved to a new business day, yesterday leaves the hot store.
  // Only days before the queue's own day are touched, so no ticket in memory is archived.
  let archiving = false;
  const archiveTimer = setInterval(() => {
    if (archiving) return;
    archiving = true;
    archivePastDays(config.dataDir, store.tickets, queue.businessDate, now(), summariser)
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
  teardown.add('timers', () => {
    clearInterval(archiveTimer);
    clearInterval(noShowTimer);
  });

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
    close: () => teardown.run(),
  };
}
