/**
 * The data directory, locked while the hub runs, and the store: upgraded first (with a backup),
 * then opened; data from a newer release is refused; days that ended while the hub was down
 * leave the hot store.
 */
import fp from 'fastify-plugin';
import { type ReportDaySummariser, reportDaySummariser } from '../analytics/history/day-close';
import { protectDataDir } from '../security/data-dir';
import { archivePastDays, lockDataDir, migrateStore, type Repositories, repositoriesOf, Store } from '../store';
import { stopOnClose } from '../teardown';
import { businessDate, oldestBusinessDate } from '../time';
import { VERSION } from '../version';
import type { HubOptions } from './options';

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
    /** What services and routes read and write instead of the store. */
    repos: Repositories;
    /** What day close summarises for the reports (analytics' business). */
    summariser: ReportDaySummariser;
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
    const today = businessDate(now(), config.site.timezone, config.site.dayStartsAt);
    // Day close moves tickets; what it summarises for the reports is analytics' business.
    const summariser = reportDaySummariser(config.dataDir);
    const migration = await migrateStore({ dataDir: config.dataDir, today, at: now(), summariser }, VERSION);
    if (migration.applied.length > 0)
      app.log.warn(
        { from: migration.from, to: migration.to, backup: migration.backupFile, applied: migration.applied },
        'store migrated',
      );
    const store = await Store.open(config.dataDir, { log: app.log });
    // Run in reverse: after the store's last write, its files are made private again.
    stopOnClose(app, 'data file modes', () => protectDataDir(config.dataDir));
    stopOnClose(app, 'store', () => store.close());
    await protectDataDir(config.dataDir);
    // Not a day some service is still working on (its own later day start).
    const open = oldestBusinessDate(now(), config.site.timezone, config.site.dayStartsAt, config.services);
    await archivePastDays(config.dataDir, store.tickets, open, now(), summariser);
    app.decorate('store', store);
    app.decorate('repos', repositoriesOf(store));
    app.decorate('summariser', summariser);
  },
  { name: 'store', dependencies: ['data-dir'] },
);
