/**
 * Work on a clock: the nightly backups; day close (once the queue has moved to a new business
 * day, yesterday leaves the hot store; only days before the queue's own day are touched, so no
 * ticket in memory is archived); the appointments' no-show sweep.
 */
import fp from 'fastify-plugin';
import { BackupScheduler } from '../service/backup-scheduler';
import { archivePastDays } from '../store';
import { stopOnClose } from '../teardown';
import { VERSION } from '../version';
import type { HubOptions } from './options';

/** How often the hub looks for a finished business day to archive. */
const ARCHIVE_CHECK_MS = 5 * 60 * 1000;

declare module 'fastify' {
  interface FastifyInstance {
    backups: BackupScheduler;
  }
}

export const schedulesPlugin = fp<HubOptions>(
  async (app, { config, now }) => {
    const { store, queue, appointments, summariser } = app;
    const backups = new BackupScheduler(config, VERSION, now, app.log);
    backups.start();
    stopOnClose(app, 'backups', () => backups.stop());

    let archiving = false;
    const archiveTimer = setInterval(() => {
      if (archiving) return;
      archiving = true;
      archivePastDays(config.dataDir, store.tickets, queue.businessDate, now(), summariser)
        .then(async (days) => {
          if (days.length === 0) return;
          app.log.info({ days }, 'archived past business days');
          await app.publishLatestDaily();
        })
        .catch((err: Error) => app.log.error({ err }, 'archiving past days failed'))
        .finally(() => {
          archiving = false;
        });
    }, ARCHIVE_CHECK_MS);
    archiveTimer.unref();
    const noShowTimer = setInterval(() => {
      appointments.sweep().catch((err: Error) => app.log.error({ err }, 'appointment no-show sweep failed'));
    }, appointments.settings.sweepIntervalMs);
    noShowTimer.unref();
    stopOnClose(app, 'timers', () => {
      clearInterval(archiveTimer);
      clearInterval(noShowTimer);
    });
    app.decorate('backups', backups);
  },
  { name: 'schedules', dependencies: ['store', 'queue', 'appointments', 'uplink'] },
);
