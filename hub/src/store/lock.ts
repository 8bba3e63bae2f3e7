/**
 * One process at a time writes a data dir: two NeDB writers appending to the same files would
 * corrupt them. The hub (and the CLI commands that write) hold `DATA_DIR/hub.lock` with their
 * pid; a lock left by a dead process (kill -9, power cut) is taken over.
 */
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export class DataDirLockedError extends Error {
  constructor(
    readonly pid: number,
    dataDir: string,
  ) {
    super(`${dataDir} is in use by process ${pid} (a running hub?): stop it first, or use another DATA_DIR`);
    this.name = 'DataDirLockedError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function holderOf(dataDir: string): number | null {
  try {
    const pid = Number(readFileSync(path.join(dataDir, 'hub.lock'), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : null;
  } catch {
    return null;
  }
}

/** Takes the lock; returns a release function. Re-entrant for this process. */
export function lockDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, 'hub.lock');
  const holder = holderOf(dataDir);
  if (holder !== null && holder !== process.pid) throw new DataDirLockedError(holder, dataDir);
  writeFileSync(file, `${process.pid}\n`);
  return () => {
    try {
      if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
    } catch {
      // already gone
    }
  };
}
