/**
 * Composition root: builds a hub from a resolved configuration as one ordered list of named
 * Fastify plugins (hub/src/plugins). Each says how to stop its part (`onClose`); closing the
 * app, or a start-up that failed half-way, stops them newest first. `server.ts` only boots and
 * handles signals.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HubConfig } from './config';
import * as plugins from './plugins';
import type { BuildOptions, Hub } from './plugins/options';
import { loadTls } from './security';

export type { BuildOptions, Hub } from './plugins/options';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The hub's parts, each a named plugin with `onClose`, in start-up order; they stop in reverse. */
const START_UP_ORDER = [
  plugins.dataDirPlugin,
  plugins.storePlugin,
  plugins.accountsPlugin,
  plugins.brokerPlugin,
  plugins.setupPlugin,
  plugins.eventsPlugin,
  plugins.queuePlugin,
  plugins.devicesPlugin,
  plugins.appointmentsPlugin,
  plugins.notifyPlugin,
  plugins.phonePlugin,
  plugins.privacyPlugin,
  plugins.centralPlugin,
  plugins.templatesPlugin,
  plugins.httpPlugin,
  plugins.httpsRedirectPlugin,
  plugins.publicListenerPlugin,
  plugins.uplinkPlugin,
  plugins.schedulesPlugin,
];

export async function startHub(config: HubConfig, options: BuildOptions = {}): Promise<Hub> {
  await mkdir(config.dataDir, { recursive: true });
  const tls = config.tls ? loadTls(config.tls, config.dataDir) : null;
  const hub = plugins.createApp(tls, options.logger);
  const opts: plugins.HubOptions = {
    config,
    now: options.now ?? Date.now,
    tls,
    appsRoot: options.serveApps !== false ? REPO_ROOT : undefined,
  };
  for (const plugin of START_UP_ORDER) hub.register(plugin, opts);

  let closing: Promise<void> | undefined;
  const close = () => (closing ??= hub.close());
  try {
    await hub.listen({ port: config.server.port, host: config.server.host });
  } catch (err) {
    await close();
    throw err;
  }
  const addr = hub.server.address();
  return {
    app: hub,
    config,
    queue: hub.queue,
    bus: hub.bus,
    store: hub.store,
    httpPort: typeof addr === 'object' && addr ? addr.port : config.server.port,
    mqttPort: hub.embeddedBroker ? hub.embeddedBroker.tcpPort : null,
    mqttTlsPort: hub.embeddedBroker ? hub.embeddedBroker.tlsPort : null,
    httpsRedirectPort: hub.httpsRedirectPort,
    publicPort: hub.publicPort,
    tls,
    backups: hub.backups,
    retention: hub.retention,
    seededStaff: hub.seededStaff,
    appointments: hub.appointments,
    close,
  };
}
