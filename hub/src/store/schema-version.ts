/**
 * The store's schema version, kept in `meta.db`. A data dir without it is version 1 (the
 * first release wrote none). The hub refuses data newer than it understands rather than
 * guessing: a downgrade needs a restore of a backup taken before the upgrade.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type Datastore from '@seald-io/nedb';
import { openDatastore } from './durable-datastore';

export interface MetaDoc {
  _id: 'schema';
  version: number;
  appVersion: string;
  migratedAt: number;
}

export class NewerStoreError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
    dataDir: string,
  ) {
    super(
      `the data in ${dataDir} has schema version ${found}, but this Callboard understands up to ${supported}: ` +
        'it was written by a newer release. Run that release, or restore a backup taken before the upgrade.',
    );
    this.name = 'NewerStoreError';
  }
}

export function openMeta(dataDir: string): Datastore<MetaDoc> {
  return openDatastore<MetaDoc>(path.join(dataDir, 'meta.db'));
}

/**
 * 0 for an empty data dir (nothing to migrate), else the recorded or implied version. Reads the
 * file as text: loading it with NeDB would rewrite it, and a backup (which asks for the version)
 * may run while the hub is writing.
 */
export async function readSchemaVersion(dataDir: string): Promise<number> {
  const hasData = ['tickets.db', 'staff.db', 'counters.db'].some((f) => existsSync(path.join(dataDir, f)));
  let version: number | undefined;
  try {
    for (const line of (await readFile(path.join(dataDir, 'meta.db'), 'utf8')).split('\n')) {
      if (!line.trim()) continue;
      try {
        const doc = JSON.parse(line) as Partial<MetaDoc> & { $$deleted?: boolean };
        if (doc._id === 'schema') version = doc.$$deleted ? undefined : doc.version;
      } catch {
        // a half-written last line: ignore it, as NeDB does
      }
    }
  } catch {
    // no meta.db yet
  }
  if (version !== undefined) return version;
  return hasData ? 1 : 0;
}

export async function writeSchemaVersion(dataDir: string, version: number, appVersion: string, at: number): Promise<void> {
  const meta = openMeta(dataDir);
  await meta.loadDatabaseAsync();
  await meta.updateAsync({ _id: 'schema' }, { _id: 'schema', version, appVersion, migratedAt: at }, { upsert: true });
  await meta.compactDatafileAsync();
}
