/** The hub's in-process event bus: the queue and the other services say what happened on it. */
import fp from 'fastify-plugin';
import { HubEvents } from '../events';
import { stopOnClose } from '../teardown';

declare module 'fastify' {
  interface FastifyInstance {
    events: HubEvents;
  }
}

export const eventsPlugin = fp(
  async (app) => {
    const events = new HubEvents((event, err) => app.log.error({ err, event }, 'event listener failed'));
    stopOnClose(app, 'event bus', () => events.clear());
    app.decorate('events', events);
  },
  { name: 'events' },
);
