/**
 * Ordered store migrations, run at start-up before the store is opened, each after a backup.
 * Add a migration by appending to MIGRATIONS with the next `to` and bumping nothing else:
 * SCHEMA_VERSION is derived from the list.
 */
import path from 'node:path';
import type { Ticket } from '../protocol';
import { archivePastDays, type DaySummariser } from './archive';
import { createBackup } from './backup';
import { openDatastore } from './durable-datastore';
import { NewerStoreError, readSchemaVersion, writeSchemaVersion } from './schema-version';

export interface MigrationContext {
  dataDir: string;
  /** Today's business date in the site time zone. */
  today: string;
  at: number;
  /** Day close's summary of each day a migration archives (the reports' own, from analytics). */
  summariser: DaySummariser;
}

export interface Migration {
  to: number;
  description: string;
  up(ctx: MigrationContext): Promise<void>;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    to: 2,
    description: 'schema 1 kept every day in tickets.db: move past days to archive/YYYY-MM-DD.db with a daily_stats row',
    async up({ dataDir, today, at, summariser }) {
      const tickets = openDatastore<Ticket & { _id: string }>(path.join(dataDir, 'tickets.db'));
      await tickets.loadDatabaseAsync();
      await archivePastDays(dataDir, tickets, today, at, summariser);
      await tickets.compactDatafileAsync();
    },
  },
];

export const SCHEMA_VERSION = 1 + MIGRATIONS.length;

export interface MigrationResult {
  from: number;
  to: number;
  applied: string[];
  backupFile?: string;
}

export async function migrateStore(ctx: MigrationContext, appVersion: string): Promise<MigrationResult> {
  const from = await readSchemaVersion(ctx.dataDir);
  if (from > SCHEMA_VERSION) throw new NewerStoreError(from, SCHEMA_VERSION, ctx.dataDir);
  if (from === 0) {
    // A new data dir starts at the current schema: nothing to migrate.
    await writeSchemaVersion(ctx.dataDir, SCHEMA_VERSION, appVersion, ctx.at);
    return { from, to: SCHEMA_VERSION, applied: [] };
  }
  if (from === SCHEMA_VERSION) return { from, to: from, applied: [] };
  const stamp = new Date(ctx.at).toISOString().replace(/[:.]/g, '-');
  const backupFile = path.join(ctx.dataDir, 'backups', `pre-migration-v${from}-to-v${SCHEMA_VERSION}-${stamp}.cbk`);
  await createBackup(ctx.dataDir, backupFile, appVersion, ctx.at);
  const applied: string[] = [];
  for (const m of MIGRATIONS) {
    if (m.to <= from) continue;
    await m.up(ctx);
    await writeSchemaVersion(ctx.dataDir, m.to, appVersion, ctx.at);
    applied.push(`v${m.to}: ${m.description}`);
  }
  return { from, to: SCHEMA_VERSION, applied, backupFile };
}
