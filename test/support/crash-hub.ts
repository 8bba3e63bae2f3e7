/** The hub the crash tests kill: a child process they start again on the same data. */
import { rmSync } from 'node:fs';
import { afterAll } from 'vitest';
import { type HubProcess, spawnHub, tempDir } from './hub';

export interface CrashTestHub {
  readonly dataDir: string;
  /** Starts a hub on the data dir as `npm start` would, first killing (SIGKILL) one still running. */
  start(): Promise<HubProcess>;
}

/**
 * For one crash test file: a private data dir, the hubs started on it, and after the file's tests
 * the last one killed and the dir removed. Staff may issue thousands of tickets in seconds here
 * (the per-client limit a site sets for the public would refuse them).
 */
export function crashTestHub(prefix: string): CrashTestHub {
  const dataDir = tempDir(prefix);
  const patch = (raw: any) => {
    raw.rateLimit = { ticketsPerMinutePerClient: 10_000 };
  };
  let proc: HubProcess | undefined;
  afterAll(async () => {
    await proc?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    dataDir,
    async start() {
      await proc?.stop('SIGKILL');
      proc = await spawnHub({ dataDir, patch });
      return proc;
    },
  };
}
