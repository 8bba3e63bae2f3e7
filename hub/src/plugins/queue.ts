/**
 * The queue with its audit log and live publisher: one audit log for the whole hub (every
 * service records who really acted through it); the live publisher puts the queue's events on
 * MQTT; supervisors' board notices survive a restart (notices.db; expired ones are dropped).
 */
import fp from 'fastify-plugin';
import { siteNetwork } from '../security/site-network';
import { AuditLog } from '../service/audit-log';
import { LivePublisher } from '../service/live-publisher';
import { QueueService } from '../service/queue-service';
import { stopOnClose } from '../teardown';
import type { HubOptions } from './options';

declare module 'fastify' {
  interface FastifyInstance {
    audit: AuditLog;
    queue: QueueService;
    publisher: LivePublisher;
  }
}

export const queuePlugin = fp<HubOptions>(
  async (app, { config, now }) => {
    const { store, bus, events, setup } = app;
    const publisher = new LivePublisher(bus, config.site.id, app.log);
    const audit = new AuditLog(store, now);
    const queue = new QueueService(config, store, app.secret, now, events, audit, siteNetwork(config.visitors.siteNetworks));
    // Room screens show the doctor's display name (staff accounts are loaded by now).
    queue.names.staffName = (id) => app.auth.staffName(id);
    publisher.attach(queue, events);
    stopOnClose(app, 'live publisher', () => {
      publisher.flush();
      publisher.stop();
    });
    setup.attach(queue);
    await publisher.restoreNotices(app.repos.notices, now());
    await queue.load();
    app.decorate('audit', audit);
    app.decorate('queue', queue);
    app.decorate('publisher', publisher);
  },
  { name: 'queue', dependencies: ['store', 'accounts', 'broker', 'setup', 'events'] },
);
