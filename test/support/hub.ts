/** Starts real hubs for tests: in this process (fast) or as a child process (crash tests). */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Hub, startHub } from '@callboard/hub/app';
import { type EnvOverrides, resolveConfig } from '@callboard/hub/config';
import { freePort } from './ports';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEMO_CONFIG = path.join(REPO, 'config/callboard.demo.json');

export function tempDir(prefix = 'cb-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** The demo configuration with test ports and a private data dir; `patch` edits the raw file. */
export function testConfigRaw(patch: (raw: any) => void = () => {}): any {
  const raw = JSON.parse(readFileSync(DEMO_CONFIG, 'utf8'));
  patch(raw);
  return raw;
}

export interface TestHubOptions {
  dataDir?: string;
  env?: EnvOverrides;
  patch?: (raw: any) => void;
  now?: () => number;
  /** Serve the built kiosk, display and staff apps (end-to-end tests); they must have been built. */
  serveApps?: boolean;
  /** The hub's logger options (pino's, e.g. `{ level, stream }` to capture the log lines); default none. */
  logger?: object;
}

export type TestHub = Hub & { baseUrl: string; wsUrl: string; startOptions: TestHubOptions };

/** The built apps the hub serves; an end-to-end test cannot run without them. */
export function assertAppsBuilt(apps: readonly string[] = ['kiosk', 'display', 'staff']): void {
  const missing = apps.filter((app) => !existsSync(path.join(REPO, app, 'build/index.html')));
  if (missing.length > 0) {
    throw new Error(
      `${missing.map((a) => `${a}/build/index.html`).join(', ')} missing: run \`npm run build\` first (npm test builds the apps before the tests)`,
    );
  }
}

/**
 * `CALLBOARD_TEST_BROKER=mosquitto` (the `integration-mosquitto` project): every hub a test starts
 * uses an external Debian Mosquitto configured from docs/mosquitto (password file, ACL), started
 * for it and stopped with it; `mqttPort` and `wsUrl` then point at that broker, so the same tests
 * run against it. A test that starts its own broker (passes MQTT_URL) is left alone.
 */
export const EXTERNAL_BROKER = process.env.CALLBOARD_TEST_BROKER === 'mosquitto';
const EXTERNAL_HUB_PASSWORD = 'test-hub-password';

async function externalBroker(raw: any) {
  const { Mosquitto, HUB_USER } = await import('../chaos/mosquitto');
  const bin = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto'].find((b) => existsSync(b));
  if (!bin) throw new Error('CALLBOARD_TEST_BROKER=mosquitto but mosquitto is not installed (apt-get install mosquitto)');
  // The devices of the configuration, with their tokens as passwords (what make-passwd.sh is for).
  const devices: [string, string][] = (raw.devices ?? []).map((d: { id: string; token: string }) => [d.id, d.token]);
  const broker = await Mosquitto.start({ bin, hubPassword: EXTERNAL_HUB_PASSWORD, devices, websockets: true });
  const env: EnvOverrides = { MQTT_URL: broker.url, MQTT_USERNAME: HUB_USER, MQTT_PASSWORD: EXTERNAL_HUB_PASSWORD };
  return { broker, env };
}

export async function startTestHub(opts: TestHubOptions = {}): Promise<TestHub> {
  const dataDir = opts.dataDir ?? tempDir();
  const raw = testConfigRaw(opts.patch);
  const external = EXTERNAL_BROKER && !opts.env?.MQTT_URL ? await externalBroker(raw) : null;
  const env: EnvOverrides = {
    PORT: '0',
    MQTT_PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    ...external?.env,
    ...opts.env,
  };
  const config = resolveConfig(raw, env, DEMO_CONFIG, path.dirname(DEMO_CONFIG));
  if (opts.serveApps) assertAppsBuilt();
  let hub: Hub;
  try {
    hub = await startHub(config, {
      logger: opts.logger ?? false,
      serveApps: opts.serveApps ?? false,
      ...(opts.now ? { now: opts.now } : {}),
    });
  } catch (err) {
    await external?.broker.stop();
    throw err;
  }
  if (external) {
    const close = hub.close.bind(hub);
    Object.assign(hub, {
      mqttPort: external.broker.port,
      close: async () => {
        await close();
        await external.broker.stop();
      },
    });
  }
  return Object.assign(hub, {
    baseUrl: `http://127.0.0.1:${hub.httpPort}`,
    wsUrl: external ? `ws://127.0.0.1:${external.broker.wsPort}` : `ws://127.0.0.1:${hub.httpPort}/mqtt`,
    startOptions: { ...opts, dataDir },
  });
}

/**
 * Starts a hub again after `hub.close()`: same options, same data dir, same HTTP and MQTT ports,
 * as a restarted hub box would come back (screens reconnect to the address they know).
 */
export async function startTestHubAgain(hub: TestHub): Promise<TestHub> {
  const { startOptions } = hub;
  return startTestHub({
    ...startOptions,
    env: { ...startOptions.env, PORT: String(hub.httpPort), MQTT_PORT: String(hub.mqttPort ?? 0) },
  });
}

export interface HubProcess {
  child: ChildProcess;
  baseUrl: string;
  mqttPort: number;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs `callboard start` as a child process, as `npm start` would, and waits for /health. */
export async function spawnHub(opts: {
  dataDir: string;
  env?: Record<string, string>;
  patch?: (raw: any) => void;
}): Promise<HubProcess> {
  // Callers restarting a hub "on the same ports" pass PORT/MQTT_PORT in env.
  const port = opts.env?.PORT ? Number(opts.env.PORT) : await freePort();
  const mqttPort = opts.env?.MQTT_PORT ? Number(opts.env.MQTT_PORT) : await freePort();
  const configFile = path.join(opts.dataDir, 'callboard.config.json');
  writeFileSync(
    configFile,
    JSON.stringify(
      testConfigRaw((raw) => {
        raw.dataDir = '.';
        opts.patch?.(raw);
      }),
    ),
  );
  let out = '';
  const child = spawn(process.execPath, [path.join(REPO, 'hub/bin/callboard.mjs'), 'start', '--config', configFile], {
    env: {
      ...process.env,
      PORT: String(port),
      MQTT_PORT: String(mqttPort),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const baseUrl = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`hub exited with ${child.exitCode}:\n${out}`);
    try {
      const res = await fetch(`${baseUrl}/api/v1/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`hub did not become healthy in 30 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    baseUrl,
    mqttPort,
    output: () => out,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export type { Hub };
