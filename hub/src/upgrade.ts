/**
 * The CLI's upgrade helpers, used by the package's install and upgrade steps (deploy/package) and
 * by hand: `callboard migrate` brings the data dir to this release's schema (after a backup, the
 * same migrations the hub runs at start), `callboard health` asks a running hub whether it is up.
 */
import { existsSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { HubConfig } from './config';

/** Runs the store migrations with the hub stopped; returns the lines to print. */
export async function migrateDataDir(config: HubConfig, appVersion: string, now = Date.now()): Promise<string[]> {
  const { holderOf, lockDataDir, migrateStore, readSchemaVersion, SCHEMA_VERSION } = await import('./store');
  const { businessDate } = await import('./time');
  const { reportDaySummariser } = await import('./analytics/history/day-close');
  if (!existsSync(config.dataDir)) return [`${config.dataDir}: no data yet, nothing to migrate`];
  const holder = holderOf(config.dataDir);
  if (holder !== null) throw new UpgradeError(`a hub (pid ${holder}) is running on ${config.dataDir}: stop it before migrating`);
  const unlock = lockDataDir(config.dataDir);
  try {
    const before = await readSchemaVersion(config.dataDir);
    const today = businessDate(now, config.site.timezone);
    const summariser = reportDaySummariser(config.dataDir);
    const r = await migrateStore({ dataDir: config.dataDir, today, at: now, summariser }, appVersion);
    if (before === 0) return [`${config.dataDir}: new data dir, schema ${SCHEMA_VERSION}`];
    if (r.applied.length === 0) return [`${config.dataDir}: schema ${r.to} is current, nothing to migrate`];
    return [
      `${config.dataDir}: migrated schema ${r.from} → ${r.to} (backup first: ${r.backupFile})`,
      ...r.applied.map((a) => `  applied ${a}`),
    ];
  } finally {
    unlock();
  }
}

export interface HealthAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** GET /api/v1/health of the hub this configuration describes, on this machine. */
export function fetchHealth(config: HubConfig, timeoutMs = 3000): Promise<HealthAnswer> {
  const host = ['0.0.0.0', '::', ''].includes(config.server.host) ? '127.0.0.1' : config.server.host;
  const get = config.tls ? https.get : http.get;
  return new Promise((resolve, reject) => {
    // A self-signed site certificate is expected here: this is a local liveness probe.
    const req = get(
      { host, port: config.server.port, path: '/api/v1/health', timeout: timeoutMs, rejectUnauthorized: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> });
          } catch {
            reject(new Error(`not a Callboard hub answer (HTTP ${res.statusCode})`));
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

/** Polls the health endpoint until it answers 200 or `waitSec` passes; returns the exit code. */
export async function healthCheck(config: HubConfig, waitSec: number, out: (line: string) => void): Promise<number> {
  const deadline = Date.now() + waitSec * 1000;
  let last = '';
  for (;;) {
    try {
      const r = await fetchHealth(config);
      if (r.status === 200) {
        out(`hub ${r.body.version} is up on port ${config.server.port}: ${JSON.stringify(r.body)}`);
        return 0;
      }
      last = `HTTP ${r.status}: ${JSON.stringify(r.body)}`;
    } catch (err) {
      last = (err as Error).message;
    }
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  out(`the hub on port ${config.server.port} is not healthy${waitSec > 0 ? ` after ${waitSec} s` : ''}: ${last}`);
  return 1;
}

export class UpgradeError extends Error {
  override name = 'UpgradeError';
}
