/**
 * The head-office uplink and the live state: head office gets this site's board from the first
 * publish on (it subscribes before the republish), and the latest day's figures. The broker keeps
 * nothing across restarts, so screens get their retained state from the store; nor does an
 * external broker that restarted while the hub kept running.
 */
import fp from 'fastify-plugin';
import type { DailyStatsDoc } from '../analytics/day-summary';
import { Uplink } from '../service/uplink';
import { latestDailyStats } from '../store';
import { stopOnClose } from '../teardown';
import type { HubOptions } from './options';

declare module 'fastify' {
  interface FastifyInstance {
    /** Sends the latest archived day's figures to head office (nothing without an uplink). */
    publishLatestDaily: () => Promise<void>;
  }
}

export const uplinkPlugin = fp<HubOptions>(
  async (app, { config }) => {
    const uplink = await Uplink.start(config, app.events, app.log);
    if (uplink) stopOnClose(app, 'uplink', () => uplink.close());
    const publishLatestDaily = async () => {
      if (!uplink) return;
      const [latest] = await latestDailyStats<DailyStatsDoc>(config.dataDir);
      if (latest) uplink.publishDaily(latest);
    };
    await publishLatestDaily();
    app.decorate('publishLatestDaily', publishLatestDaily);

    const { publisher, bus } = app;
    publisher.republishAll();
    bus.onReconnect?.(() => publisher.republishAll());
  },
  { name: 'uplink', dependencies: ['store', 'broker', 'events', 'queue'] },
);
