/**
 * The data directory, locked while the hub runs, and the store: upgraded first (with a backup),
 * then opened; data from a newer release is refused; days that ended while the hub was down
 * leave the hot store.
 */
import fp from 'fastify-plugin';
import { businessDate } from '../queue';
import { archivePastDays, lockDataDir, migrateStore, Store } from '../store';
import { stopOnClose } from '../teardown';
import { VERSION } from '../version';
import type { HubOptions } from './options';

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
  }
}

export const dataDirPlugin = fp<HubOptions>(
  async (app, { config }) => {
    stopOnClose(app, 'data directory lock', lockDataDir(config.dataDir));
  },
  { name: 'data-dir' },
);

export const storePlugin = fp<HubOptions>(
  async (app, { config, now }) => {
    const today = businessDate(now(), config.site.timezone);
    const migration = await migrateStore({ dataDir: config.dataDir, today, at: now() }, VERSION);
    if (migration.applied.length > 0)
      app.log.warn(
        { from: migration.from, to: migration.to, backup: migration.backupFile, applied: migration.applied },
        'store migrated',
      );
    const store = await Store.open(config.dataDir);
    stopOnClose(app, 'store', () => store.close());
    await archivePastDays(config.dataDir, store.tickets, today, now());
    app.decorate('store', store);
  },
  { name: 'store', dependencies: ['data-dir'] },
);
