/**
 * The visitor's appointment page (docs/notifications.md "The appointment page"): the link in a
 * reminder text, `/b/{token}` → the kiosk app's `/kiosk/booking/{token}`. The token is the
 * appointment's own random page token — the only credential; an unknown one is a 404 naming
 * nothing. The page shows that one appointment (service, time, phone masked), lets the visitor
 * cancel it, and check in: "I'm here" only from the site's network (never through the public
 * listener), else the page shows the booking QR to scan at a kiosk. Served on the main and the
 * public listener alike.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppointmentService } from '../appointments';
import { BookingPageView, BookingToken, CallboardError, ErrorReply } from '../protocol';

type AppointmentDoc = ReturnType<AppointmentService['byToken']>;

/** Per address: a visitor presses a button a few times, a script guessing tokens is stopped. */
const BUTTON_LIMIT = { max: 5, timeWindow: '1 minute' };

export const bookingPageRoutes: FastifyPluginAsyncTypebox<{ appointments: AppointmentService; viaPublic?: boolean }> = async (
  app,
  opts,
) => {
  const { queue } = app.hub;
  const book = opts.appointments;
  const viaPublic = opts.viaPublic === true;
  const hereWorks = (ip: string) => queue.remote.isOnSite(ip, viaPublic);

  const view = (doc: AppointmentDoc, ip: string): BookingPageView => {
    const service = queue.services.get(doc.serviceId);
    const phoneMasked = book.view(doc).phoneMasked;
    let ticket: BookingPageView['ticket'];
    if (doc.ticketId) {
      const t = (() => {
        try {
          return queue.ticket(doc.ticketId as string);
        } catch {
          return undefined;
        }
      })();
      if (t) ticket = { number: t.number, trackToken: t.trackToken };
    }
    return {
      serviceId: doc.serviceId,
      serviceName: service?.name ?? { zh: doc.serviceId, en: doc.serviceId },
      date: doc.date,
      time: doc.time,
      start: doc.start,
      end: doc.end,
      status: doc.status,
      ...(phoneMasked ? { phoneMasked } : {}),
      ...(doc.status === 'booked' ? { qr: book.view(doc).qr } : {}),
      hereWorks: hereWorks(ip),
      ...(ticket ? { ticket } : {}),
    };
  };

  app.get(
    '/booking/:token',
    {
      schema: {
        tags: ['appointments'],
        summary: 'The visitor’s appointment page (the reminder text’s link): one appointment, masked',
        description: 'Public: the page token is the credential; an unknown token is 404 with nothing about any appointment.',
        params: BookingToken,
        response: { 200: BookingPageView, 404: ErrorReply, 429: ErrorReply },
      },
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
    },
    async (request) => view(book.byToken(request.params.token), request.ip),
  );

  app.post(
    '/booking/:token/cancel',
    {
      schema: {
        tags: ['appointments'],
        summary: 'The visitor cancels their booked appointment from the appointment page',
        description: 'Public: the page token is the credential. Only a booked appointment (else 409). Rate limited; audited.',
        params: BookingToken,
        response: { 200: BookingPageView, 404: ErrorReply, 409: ErrorReply, 429: ErrorReply },
      },
      config: { rateLimit: BUTTON_LIMIT },
    },
    async (request) => {
      const doc = book.byToken(request.params.token);
      await book.cancel(doc._id, request.caller, 'cancelled by the visitor');
      return view(book.byToken(request.params.token), request.ip);
    },
  );

  app.post(
    '/booking/:token/arrived',
    {
      schema: {
        tags: ['appointments'],
        summary: '“I’m here”: the visitor checks their appointment in from the phone, on the site’s network',
        description:
          'Public: the page token is the credential, and the request must come from the site network ' +
          '(`visitors.siteNetworks`, never through the public listener; else 403 NOT_ON_SITE_NETWORK). ' +
          'The same check-in as at a kiosk: a ticket with the appointment time (409 CHECK_IN_CLOSED on another day or too late). Rate limited; audited.',
        params: BookingToken,
        response: { 200: BookingPageView, 403: ErrorReply, 404: ErrorReply, 409: ErrorReply, 429: ErrorReply },
      },
      config: { rateLimit: BUTTON_LIMIT },
    },
    async (request) => {
      const doc = book.byToken(request.params.token);
      if (!hereWorks(request.ip))
        throw new CallboardError('NOT_ON_SITE_NETWORK', 'press “I’m here” on the site’s Wi-Fi, or scan your code at a kiosk');
      await book.checkIn(doc._id, request.caller);
      return view(book.byToken(request.params.token), request.ip);
    },
  );
};
