/**
 * The data dir holds the identity key, password and token hashes and every visitor's masked
 * identity: only the hub's own user may read it. The dir is made 0700 and every file in it (and
 * in archive/ and backups/) 0600, at start and at close; the hub process also runs with umask 077
 * (server.ts) so that files the store rewrites meanwhile are created 0600 too.
 */
import { chmod, readdir } from 'node:fs/promises';
import path from 'node:path';

const PRIVATE_DIRS = ['', 'archive', 'backups'];

export async function protectDataDir(dataDir: string): Promise<void> {
  for (const sub of PRIVATE_DIRS) {
    const dir = path.join(dataDir, sub);
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => null);
    if (!entries) continue;
    await chmod(dir, 0o700).catch(() => undefined);
    for (const e of entries) if (e.isFile()) await chmod(path.join(dir, e.name), 0o600).catch(() => undefined);
  }
}
