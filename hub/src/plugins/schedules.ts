/**
 * Work on a clock: the nightly backups; day close (once the queue has moved to a new business
 * day, yesterday leaves the hot store; only days before the queue's own day are touched, so no
 * ticket in memory is archived); the nightly personal data retention run; the appointments'
 * no-show sweep. Day close and retention both rewrite archive files: they take turns.
 */
import fp from 'fastify-plugin';
import { RetentionJob } from '../privacy';
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
    retention: RetentionJob;
  }
}

export const schedulesPlugin = fp<HubOptions>(
  async (app, { config, now }) => {
    const { store, queue, appointments, summariser } = app;
    const backups = new BackupScheduler(config, VERSION, now, app.log);
    backups.start();
    stopOnClose(app, 'backups', () => backups.stop());

    // Day close and retention (and a person's erasure) rewrite archive files: one at a time.
    const { exclusive } = app.personalData;
    const retention = new RetentionJob({
      registry: app.personalData.registry,
      settings: config.retention,
      site: config.site,
      audit: queue.audit,
      now,
      log: app.log,
      exclusive,
    });
    retention.start();
    stopOnClose(app, 'retention', () => retention.stop());

    let archiving = false;
    const archiveTimer = setInterval(() => {
      if (archiving) return;
      archiving = true;
      exclusive(() => archivePastDays(config.dataDir, store.tickets, queue.businessDate, now(), summariser))
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
    app.decorate('retention', retention);
  },
  { name: 'schedules', dependencies: ['store', 'queue', 'appointments', 'privacy', 'uplink'] },
);
