/**
 * The phone channel (hub/src/phone, docs/phone.md): callback tickets and the IVR, on the queue,
 * the notifications' phone book (the same sealed, day-long keeping of numbers) and the broker
 * (dial requests to the PBX gateway); and, where `phone.ami` is set, the link to the PBX's
 * Asterisk Manager Interface whose calls pop up on the clerks' consoles. The AMI client runs in
 * the hub (not in a bridge process): it is one TCP connection on the LAN to the PBX, with no
 * hardware at a kiosk PC, and the screen-pop needs the hub's tickets at once.
 */
import fp from 'fastify-plugin';
import { Callbacks, ScreenPops } from '../phone';
import { CallTracker } from '../phone/ami/calls';
import { AmiClient } from '../phone/ami/client';
import { callbackContact } from '../phone/contacts';
import { stopOnClose } from '../teardown';
import { endOfBusinessDay } from './notify';
import type { HubOptions } from './options';

declare module 'fastify' {
  interface FastifyInstance {
    phone: Callbacks;
    screenPops: ScreenPops;
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
    const pops = new ScreenPops({
      config,
      secret: app.secret,
      queue: app.queue,
      archived: (hmac, from, to) => app.repos.archive.ticketsOfIdentity(hmac, from, to),
      now,
      contacts: app.repos.phoneContacts,
    });
    // An ended callback is a phone contact too (callback success per hour, docs/phone.md).
    const offCallbacks = app.events.on('ticket.changed', ({ ticket }) => {
      const contact = callbackContact(ticket);
      if (contact)
        void app.repos.phoneContacts.record(contact).catch((err) => app.log.warn({ err }, 'a callback contact was not recorded'));
    });
    const ami = config.phone?.ami;
    if (ami) {
      const log = app.log.child({ part: 'ami' });
      const tracker = new CallTracker();
      const client = new AmiClient({
        host: ami.host,
        port: ami.port ?? 5038,
        username: ami.username,
        secret: ami.secret,
        onEvent: (e) => {
          for (const call of tracker.handle(e, now()))
            void pops.handle(call).catch((err) => log.warn({ err }, 'a call event was not handled'));
        },
        onState: (up, reason) => {
          if (!up) tracker.reset();
          log.info({ up, reason }, up ? 'PBX link up' : 'PBX link down');
        },
      });
      client.start();
      stopOnClose(app, 'ami', () => client.stop());
    }
    stopOnClose(app, 'screen-pops', () => {
      offCallbacks();
      pops.close();
    });
    app.decorate('phone', callbacks);
    app.decorate('screenPops', pops);
  },
  { name: 'phone', dependencies: ['queue', 'notify', 'broker', 'store', 'events'] },
);
