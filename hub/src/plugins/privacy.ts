/**
 * Personal data (docs/personal-data.md): the holders of records linked to a person, and a
 * person's requests over them. The nightly retention run (schedules) and the supervisor's routes
 * (http) share this one registry.
 */
import fp from 'fastify-plugin';
import { type PersonalDataRegistry, PersonRequests, siteHolders } from '../privacy';
import type { HubOptions } from './options';

declare module 'fastify' {
  interface FastifyInstance {
    personalData: { registry: PersonalDataRegistry; requests: PersonRequests };
  }
}

export const privacyPlugin = fp<HubOptions>(
  async (app, { config, now }) => {
    const { repos, queue, appointments, audit, secret } = app;
    const registry = siteHolders(config, repos, {
      live: {
        get businessDate() {
          return queue.businessDate;
        },
        ticketsOfIdentity: (hmac) => queue.views.ticketsOfIdentity(hmac),
        forgetIdentity: (hmac) => queue.forgetIdentity(hmac),
      },
      book: appointments,
    });
    const requests = new PersonRequests({
      registry,
      secret,
      siteId: config.site.id,
      audit,
      now,
      appointmentView: (doc) => appointments.view(doc),
    });
    app.decorate('personalData', { registry, requests });
  },
  { name: 'privacy', dependencies: ['store', 'accounts', 'queue', 'appointments'] },
);
