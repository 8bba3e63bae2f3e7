/**
 * The store's schema version, kept in `meta.db`. A data dir without it is version 1 (the
 * first release wrote none). The hub refuses data newer than it understands rather than
 * guessing: a downgrade needs a restore of a backup taken before the upgrade.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type Datastore from '@seald-io/nedb';
import { openDatastore } from './durable-datastore';
import { readNedbDocs } from './nedb-file';

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
 * 0 for an empty data dir (nothing to migrate), else the recorded or implied version. Parses the
 * file (nedb-file.ts): loading it with NeDB would rewrite it, and a backup (which asks for the version)
 * may run while the hub is writing.
 */
export async function readSchemaVersion(dataDir: string): Promise<number> {
  const hasData = ['tickets.db', 'staff.db', 'counters.db'].some((f) => existsSync(path.join(dataDir, f)));
  const meta = await readNedbDocs<MetaDoc>(path.join(dataDir, 'meta.db')).catch(() => new Map<string, MetaDoc>());
  const version = meta.get('schema')?.version;
  if (version !== undefined) return version;
  return hasData ? 1 : 0;
}

export async function writeSchemaVersion(dataDir: string, version: number, appVersion: string, at: number): Promise<void> {
  const meta = openMeta(dataDir);
  await meta.loadDatabaseAsync();
  await meta.updateAsync({ _id: 'schema' }, { _id: 'schema', version, appVersion, migratedAt: at }, { upsert: true });
  await meta.compactDatafileAsync();
}
