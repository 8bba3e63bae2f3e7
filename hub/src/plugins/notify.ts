/**
 * Texts to visitors (hub/src/notify, docs/notifications.md): the phone book, the outbox with
 * its transport (the SMS-modem bridge over MQTT, an SMPP gateway, or none), and the visitors'
 * "tell me when" subscriptions on the queue's events.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { HubConfig } from '../config';
import {
  ModemTransport,
  NoTransport,
  Notifier,
  Outbox,
  PhoneBook,
  PhoneVault,
  type SmsTransport,
  Subscriptions,
} from '../notify';
import { appointmentPhones, followAppointments } from '../notify/appointment-phones';
import { Reminders } from '../notify/reminders';
import { SmppTransport } from '../notify/smpp-transport';
import type { Lang } from '../protocol';
import { PeriodicJob } from '../service/periodic-job';
import { stopOnClose } from '../teardown';
import { addDays, businessDate, dayStartMinutes, localToEpoch } from '../time';
import type { HubOptions } from './options';

declare module 'fastify' {
  interface FastifyInstance {
    notify: Notifier;
  }
}

/** When the business day that contains `now` ends (a ticket's phone is erased by then at the latest). */
export function endOfBusinessDay(config: HubConfig, now: number): number {
  const { timezone, dayStartsAt } = config.site;
  return localToEpoch(addDays(businessDate(now, timezone, dayStartsAt), 1), dayStartMinutes(dayStartsAt), timezone);
}

async function transportFor(app: FastifyInstance, config: HubConfig): Promise<SmsTransport> {
  const n = config.notifications;
  if (n?.transport === 'modem' && n.modem) return ModemTransport.start(app.bus, config.site.id, n.modem.deviceId);
  if (n?.transport === 'smpp' && n.smpp) return SmppTransport.start(n.smpp, app.log.child({ part: 'smpp' }));
  return new NoTransport();
}

export const notifyPlugin = fp<HubOptions>(
  async (app, { config, now }) => {
    const n = config.notifications ?? {};
    const transport = await transportFor(app, config);
    const phones = new PhoneBook(app.repos.notify, new PhoneVault(app.secret));
    const log = app.log.child({ part: 'notify' });
    const outbox = new Outbox({
      repo: app.repos.notify,
      phones,
      transport,
      alerts: app.alerts,
      log,
      now,
      ...(n.templates ? { templates: n.templates } : {}),
      retry: { maxAttempts: n.maxAttempts ?? 5, firstMs: n.retryFirstMs ?? 30_000, maxMs: n.retryMaxMs ?? 600_000 },
      siteName: config.site.name,
    });
    const queue = app.queue;
    const subscriptions = new Subscriptions({
      repo: app.repos.notify,
      phones,
      outbox,
      now,
      endOfDay: (at) => endOfBusinessDay(config, at),
      smsAvailable: transport.name !== 'none',
      ...(n.aheadDefault ? { aheadDefault: n.aheadDefault } : {}),
      log,
      tickets: {
        find: (id) => {
          try {
            return queue.ticket(id);
          } catch {
            return undefined;
          }
        },
        byToken: (token) => queue.ticketByToken(token),
        ahead: (t) => queue.views.position(t),
        counterName: (id, lang: Lang) => (id ? (queue.counters.get(id)?.name[lang] ?? id) : ''),
      },
    });
    // The join page's one-time codes go out through the same outbox (hub/src/service/phone-codes.ts).
    if (transport.name !== 'none')
      queue.useCodeSender({
        sendCode: ({ phone, code, lang, expiresAt }) => {
          outbox.send({ to: { phone }, purpose: 'code', template: 'code', lang, vars: { code }, expiresAt });
        },
      });
    const notifier = new Notifier(phones, outbox, subscriptions, app.repos.notify, now, log);
    await notifier.start(app.events);
    stopOnClose(app, 'notifications', () => notifier.close());
    app.decorate('notify', notifier);
    startReminders(app, config, now, { phones, outbox, log, sms: transport.name !== 'none' });
  },
  { name: 'notify', dependencies: ['store', 'accounts', 'broker', 'events', 'queue', 'appointments'] },
);

/**
 * Appointment reminders (notify/reminders.ts): a booking may carry a phone when texts can go; a
 * job on the hub's clock queues the reminders due, and the phone follows the appointment.
 */
function startReminders(
  app: FastifyInstance,
  config: HubConfig,
  now: () => number,
  d: { phones: PhoneBook; outbox: Outbox; log: FastifyInstance['log']; sms: boolean },
): void {
  if (!d.sms) return;
  const r = config.notifications?.reminders ?? {};
  const keepAfterMs = (r.keepPhoneAfterMin ?? 60) * 60_000;
  app.appointments.usePhones(appointmentPhones(d.phones, now, keepAfterMs));
  const off = followAppointments(app.events, { phones: d.phones, outbox: d.outbox, keepAfterMs, log: d.log });
  const reminders = new Reminders({
    book: app.appointments,
    outbox: d.outbox,
    phones: d.phones,
    settings: { dayBeforeAt: r.dayBeforeAt ?? '18:00', minutesBefore: r.minutesBefore ?? 60, timezone: config.site.timezone },
    now,
    link: (token) => `${config.site.publicUrl}/b/${token}`,
    serviceName: (id, lang) => app.queue.services.get(id)?.name[lang] ?? id,
    log: d.log,
  });
  const job = new PeriodicJob(() => reminders.check());
  job.start((r.checkEverySec ?? 30) * 1000);
  stopOnClose(app, 'appointment reminders', async () => {
    off();
    await job.stop();
  });
}
