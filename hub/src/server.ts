/**
 * Boots a hub from a config file and shuts it down gracefully on SIGTERM/SIGINT: stop taking
 * requests, flush the last board, close the broker, drain pending writes.
 */
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type Hub, startHub } from './app';
import { type HubConfig, loadConfig } from './config';
import { publicUrlWarning } from './security/public-url';

export async function runServer(configFile: string): Promise<Hub> {
  // Every file the hub creates (store rewrites, backups, keys) is its user's alone (docs/security.md).
  process.umask(0o077);
  const config: HubConfig = loadConfig(configFile);
  const hub = await startHub(config, { logger: loggerOptions() });
  collectStartupGarbage();
  printBanner(hub);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    hub.app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      hub.app.log.error('shutdown took over 10 s; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    try {
      await hub.close();
      process.exit(0);
    } catch (err) {
      hub.app.log.error({ err }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  return hub;
}

/**
 * Start-up leaves its garbage behind: NeDB replays every file line by line and rewrites it,
 * about 30 MB of dead objects with 20,000 tickets, which V8 would collect only when the heap
 * next grows or after a long idle spell. One full collection once the hub is up frees it now
 * (RSS 1 s after ready: ≈ 250 → 215 MB measured, 205 → 190 MB with the service unit's
 * MALLOC_TRIM_THRESHOLD_; docs/performance.md), for one pause of some tens of ms.
 */
function collectStartupGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  v8.setFlagsFromString('--no-expose-gc');
  gc();
}

function loggerOptions(): object {
  const level = process.env.LOG_LEVEL ?? 'info';
  // Pretty logs for a person at a terminal; JSON lines for journald and log shippers.
  if (process.stdout.isTTY && process.env.LOG_FORMAT !== 'json')
    return { level, transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } };
  return { level };
}

/** In the demo, the kiosk link carries the demo kiosk's token so it opens paired. */
function demoKiosk(hub: Hub): string {
  const kiosk = hub.config.source.includes('demo') ? hub.config.devices.find((d) => d.kind === 'kiosk') : undefined;
  return kiosk ? `?device=${kiosk.id}#token=${kiosk.token}` : '';
}

function printBanner(hub: Hub): void {
  const url = hub.config.site.publicUrl;
  const lines = [
    '',
    `  Callboard hub is up — site "${hub.config.site.id}" (${hub.config.site.name.zh} / ${hub.config.site.name.en})`,
    `    Kiosk          ${url}/kiosk/${demoKiosk(hub)}`,
    `    Waiting board  ${url}/display/`,
    `    Staff console  ${url}/staff/`,
    `    API docs       ${url}/docs`,
    `    REST           ${url}/api/v1`,
    hub.mqttPort !== null
      ? `    MQTT           mqtt://localhost:${hub.mqttPort}  and  ${url.replace(/^http/, 'ws')}/mqtt`
      : `    MQTT           external broker ${hub.config.mqtt.url}`,
    `    Data           ${hub.config.dataDir}`,
  ];
  if (hub.tls) {
    lines.push(`    MQTTS          mqtts://localhost:${hub.mqttTlsPort}`);
    lines.push(`    TLS            ${hub.tls.selfSigned ? 'self-signed' : 'site'} certificate ${hub.tls.certFile}`);
    lines.push(`                   SHA-256 ${hub.tls.fingerprint256}  (pin this on kiosks and screens)`);
  }
  const demo = hub.config.staff.filter((s) => s.role !== 'admin' || hub.config.staff.length > 0);
  if (hub.config.source.includes('demo') && demo.length > 0) {
    lines.push('  Demo sign-in (demo configuration only):');
    for (const s of hub.config.staff) lines.push(`    ${s.role.padEnd(10)} ${s.username} / ${s.password}`);
  }
  const warning = publicUrlWarning(url, hub.httpPort);
  if (warning)
    lines.push('', '  !! WARNING / 警告: 未设置站点公开地址 (site.publicUrl)', ...warning.split('\n').map((l) => `  !! ${l}`));
  lines.push('');
  process.stdout.write(`${lines.join('\n')}\n`);
}
