/**
 * The phone channel (hub/src/phone, docs/phone.md): callback tickets and the IVR, on the queue,
 * the notifications' phone book (the same sealed, day-long keeping of numbers) and the broker
 * (dial requests to the PBX gateway).
 */
import fp from 'fastify-plugin';
import { Callbacks } from '../phone';
import { endOfBusinessDay } from './notify';
import type { HubOptions } from './options';

declare module 'fastify' {
  interface FastifyInstance {
    phone: Callbacks;
  }
}

export const phonePlugin = fp<HubOptions>(
  async (app, { config, now }) => {
    const callbacks = new Callbacks({
      config,
      queue: app.queue,
      phones: app.notify.phones,
      now,
      endOfDay: (at) => endOfBusinessDay(config, at),
      publish: (topic, message) => app.bus.publish(topic, message, { qos: 1, retain: false }),
    });
    app.decorate('phone', callbacks);
  },
  { name: 'phone', dependencies: ['queue', 'notify', 'broker'] },
);
