/**
 * Work on a clock: the nightly backups; day close (once the queue has moved to a new business
 * day, yesterday leaves the hot store; only days before the queue's own day are touched, so no
 * ticket in memory is archived); the nightly personal data retention run; the appointments'
 * no-show sweep; the closing-time sweep. Day close and retention both rewrite archive files: they take turns.
 */
import fp from 'fastify-plugin';
import { RetentionJob } from '../privacy';
import { LATE_RATING_MS } from '../queue';
import { BackupScheduler } from '../service/backup-scheduler';
import { archivePastDays } from '../store';
import { stopOnClose } from '../teardown';
import { oldestBusinessDate } from '../time';
import { VERSION } from '../version';
import type { HubOptions } from './options';

/** How often the hub looks for a finished business day to archive. */
const ARCHIVE_CHECK_MS = 5 * 60 * 1000;
/** How long after a day ends it stays in the hot store (late ratings of its visits). */
const ARCHIVE_HOLD_MS = 2 * LATE_RATING_MS;
/** How often the hub looks for tickets left open past closing time and its grace. */
const CLOSING_CHECK_MS = 60 * 1000;

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
      // The day before stays in the hot store a while after the roll, so a late rating of one of
      // its visits is written to it (LATE_RATING_MS), and while any service's own day has not ended.
      const at = now();
      const held = oldestBusinessDate(at - ARCHIVE_HOLD_MS, config.site.timezone, config.site.dayStartsAt, config.services);
      const today = held < queue.businessDate ? held : queue.businessDate;
      exclusive(() => archivePastDays(config.dataDir, store.tickets, today, at, summariser))
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
    const closingTimer = setInterval(() => {
      queue
        .sweepClosingTime()
        .then((closed) => {
          if (closed.length > 0) app.log.info({ tickets: closed.length }, 'closed tickets left open past closing time');
        })
        .catch((err: Error) => app.log.error({ err }, 'closing-time sweep failed'));
    }, CLOSING_CHECK_MS);
    closingTimer.unref();
    stopOnClose(app, 'timers', () => {
      clearInterval(archiveTimer);
      clearInterval(noShowTimer);
      clearInterval(closingTimer);
    });
    app.decorate('backups', backups);
    app.decorate('retention', retention);
  },
  { name: 'schedules', dependencies: ['store', 'queue', 'appointments', 'privacy', 'uplink'] },
);
