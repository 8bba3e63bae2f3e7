/**
 * Personal data (docs/personal-data.md): the holders of records linked to a person, and a
 * person's requests over them. The nightly retention run (schedules) and the supervisor's routes
 * (http) share this one registry.
 */
import fp from 'fastify-plugin';
import { phoneHolder } from '../notify/phone-holder';
import { CardPresentations, exclusiveQueue, type PersonalDataRegistry, PersonRequests, siteHolders } from '../privacy';
import { groupPseudonymOf } from '../security';
import type { HubOptions } from './options';

declare module 'fastify' {
  interface FastifyInstance {
    personalData: {
      registry: PersonalDataRegistry;
      requests: PersonRequests;
      cards: CardPresentations;
      /** One rewrite of the data dir's files at a time: day close, retention, a person's erasure. */
      exclusive: <T>(fn: () => Promise<T>) => Promise<T>;
    };
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
    // Phones kept for texts (docs/notifications.md): erased on a person's request too.
    registry.register(phoneHolder({ phones: app.notify.phones, outbox: app.notify.outbox, texts: app.repos.notify, now }));
    // A reader armed for a person's request takes the next card instead of issuing a ticket.
    const cards = new CardPresentations(now);
    const exclusive = exclusiveQueue();
    // In a group, the card's group pseudonym is computed now (the number is not kept) for an erasure.
    const groupKey = config.uplink?.groupKey;
    app.devices.onCardTaken((deviceId, identity, input) =>
      cards.take(deviceId, groupKey ? { ...identity, group: groupPseudonymOf(input, groupKey) } : identity),
    );
    const requests = new PersonRequests({
      cards,
      exclusive,
      registry,
      secret,
      ...(groupKey ? { groupKey } : {}),
      siteId: config.site.id,
      audit,
      now,
      appointmentView: (doc) => appointments.view(doc),
    });
    app.decorate('personalData', { registry, requests, cards, exclusive });
  },
  { name: 'privacy', dependencies: ['store', 'accounts', 'queue', 'devices', 'appointments', 'notify'] },
);
