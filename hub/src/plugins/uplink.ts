/**
 * The head-office uplink and the live state: head office gets this site's board from the first
 * publish on (it subscribes before the republish), its live status, and its closed days and audit
 * records through a durable outbox (service/uplink.ts). The broker keeps nothing across restarts,
 * so screens get their retained state from the store; nor does an external broker that restarted
 * while the hub kept running.
 */
import fp from 'fastify-plugin';
import type { DailyStatsDoc } from '../analytics/day-summary';
import { floorAlerts } from '../api/notices';
import { uplinkOutboxHolder } from '../privacy';
import { type SiteFigures, Uplink } from '../service/uplink';
import { latestDailyStats, UplinkOutboxRepository } from '../store';
import { stopOnClose } from '../teardown';
import type { HubOptions } from './options';

declare module 'fastify' {
  interface FastifyInstance {
    /** Queues the closed days not yet sent to head office (nothing without an uplink). */
    publishLatestDaily: () => Promise<void>;
    /** What waits for head office's acknowledgement (null without an uplink). */
    uplinkOutbox: UplinkOutboxRepository | null;
  }
}

/** Closed days looked at when queueing: a site that was cut off for weeks still sends them all. */
const DAYS_TO_QUEUE = 400;
const DEVICE_ALERTS = new Set(['device_offline', 'paper_end', 'paper_near_end', 'printer_problem', 'reader_degraded']);

export const uplinkPlugin = fp<HubOptions>(
  async (app, { config, now }) => {
    const { queue, devices } = app;
    const figures = async (): Promise<SiteFigures> => {
      const summary = queue.views.queueSummary();
      const levels = queue.views.serviceLevels();
      const alerts = floorAlerts({ now: now(), devices: await devices.list(), services: [], counters: [], pausedTooLongMin: 0 });
      const called = levels.reduce((n, l) => n + l.called, 0);
      const within = levels.reduce((n, l) => n + l.withinTarget, 0);
      return {
        siteName: config.site.name,
        businessDate: queue.businessDate,
        waiting: summary.reduce((n, s) => n + s.waiting, 0),
        longestWaitSec: summary.reduce((n, s) => Math.max(n, s.longestWaitSec), 0),
        serviceLevel: called === 0 ? null : Math.round((within / called) * 1000) / 1000,
        calledToday: called,
        devicesAlerting: alerts.filter((a) => DEVICE_ALERTS.has(a.kind)).map((a) => ({ id: String(a.subject), kind: a.kind })),
        countersOpen: [...queue.counters.values()].filter((c) => c.state.state === 'open').length,
        services: summary.map((s) => {
          const l = levels.find((x) => x.serviceId === s.serviceId);
          return {
            id: s.serviceId,
            name: s.name,
            waiting: s.waiting,
            longestWaitSec: s.longestWaitSec,
            level: !l || l.called === 0 ? null : Math.round((l.withinTarget / l.called) * 1000) / 1000,
          };
        }),
      };
    };
    const outbox = config.uplink ? await UplinkOutboxRepository.open(config.dataDir) : null;
    const uplink = outbox ? Uplink.start({ config, events: app.events, outbox, figures, now, log: app.log }) : null;
    // Group pseudonyms of days head office has not acknowledged age out like the rest, and a
    // person's erasure takes theirs out of them and goes to head office (docs/personal-data.md).
    if (outbox) app.personalData.registry.register(uplinkOutboxHolder({ outbox, ...(uplink ? { headOffice: uplink } : {}) }));
    if (uplink) {
      stopOnClose(app, 'uplink', () => uplink.close());
      const stopAudit = app.store.onAudit((doc) => {
        uplink.queueAudit(doc).catch((err: Error) => app.log.warn({ err: err.message }, 'uplink audit queue failed'));
      });
      stopOnClose(app, 'uplink-audit', stopAudit);
    }
    const publishLatestDaily = async () => {
      if (!uplink) return;
      const days = await latestDailyStats<DailyStatsDoc>(config.dataDir, DAYS_TO_QUEUE);
      for (const day of days.reverse()) await uplink.queueDaily(day);
    };
    await publishLatestDaily();
    app.decorate('publishLatestDaily', publishLatestDaily);
    app.decorate('uplinkOutbox', outbox);

    const { publisher, bus } = app;
    publisher.republishAll();
    bus.onReconnect?.(() => publisher.republishAll());
  },
  { name: 'uplink', dependencies: ['store', 'broker', 'events', 'queue', 'devices', 'privacy'] },
);
