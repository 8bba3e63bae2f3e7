/**
 * A hub (or a baseline server) as a child process on ports the caller chooses, so that a
 * benchmark measures the same process layout as a site, and the chaos run can SIGKILL it and
 * restart it on the *same* ports (screens reconnect to the URL they already know).
 * `test/support/hub.ts` picks fresh ports per start, which is right for tests but not here.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO, testConfigRaw } from '../../support/hub';

export interface ChildServer {
  child: ChildProcess;
  pid: number;
  baseUrl: string;
  /** Milliseconds from spawn to the first healthy answer. */
  readyMs: number;
  output(): string;
  /** Resident set size now (from /proc), in bytes; null once the process is gone. */
  rss(): number | null;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface HubProcessOptions {
  dataDir: string;
  /** Where `callboard.config.json` goes (default: the data dir; the power-cut run keeps it off the cut file system). */
  configDir?: string;
  port: number;
  mqttPort: number;
  /** Edits the demo configuration before it is written to `<dataDir>/callboard.config.json`. */
  patch?: (raw: any) => void;
  env?: Record<string, string>;
  /** Extra node flags, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
  healthTimeoutMs?: number;
}

/**
 * Environment the site's service unit (deploy/systemd/callboard-hub.service) gives the hub
 * beyond its configuration: measured as a site runs it.
 */
export const SITE_ENV: Record<string, string> = { MALLOC_TRIM_THRESHOLD_: '131072' };

export function rssOf(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Spawns `node <args>` and polls `healthUrl` until it answers 2xx. */
export async function spawnServer(opts: {
  args: string[];
  env?: Record<string, string>;
  baseUrl: string;
  healthPath: string;
  timeoutMs?: number;
}): Promise<ChildServer> {
  const started = performance.now();
  let out = '';
  const child = spawn(process.execPath, opts.args, {
    cwd: REPO,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${opts.args.join(' ')} exited (${child.exitCode ?? child.signalCode}):\n${out}`);
    try {
      const res = await fetch(`${opts.baseUrl}${opts.healthPath}`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${opts.args.join(' ')} did not become healthy in time:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const readyMs = performance.now() - started;
  const pid = child.pid as number;
  return {
    child,
    pid,
    baseUrl: opts.baseUrl,
    readyMs,
    output: () => out,
    rss: () => rssOf(pid),
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** `callboard start` with the demo configuration patched by `opts.patch`, data in `opts.dataDir`. */
export function spawnHubOn(opts: HubProcessOptions): Promise<ChildServer> {
  const configFile = path.join(opts.configDir ?? opts.dataDir, 'callboard.config.json');
  writeFileSync(
    configFile,
    JSON.stringify(
      testConfigRaw((raw) => {
        raw.dataDir = opts.configDir ? opts.dataDir : '.';
        opts.patch?.(raw);
      }),
    ),
  );
  return spawnServer({
    args: [...(opts.nodeArgs ?? []), path.join(REPO, 'hub/bin/callboard.mjs'), 'start', '--config', configFile],
    env: {
      ...SITE_ENV,
      PORT: String(opts.port),
      MQTT_PORT: String(opts.mqttPort),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      ...opts.env,
    },
    baseUrl: `http://127.0.0.1:${opts.port}`,
    healthPath: '/api/v1/health',
    ...(opts.healthTimeoutMs ? { timeoutMs: opts.healthTimeoutMs } : {}),
  });
}
