/**
 * The visitor's routes: what a phone needs with no account — the join page, the phone code, the
 * tracking page and its buttons (rate the visit, cancel, "I'm running late", "I'm here"). The
 * track token is the credential of every `/track/{token}/…` route; none answers anything about
 * another person's ticket (an unknown token is a 404 that names nothing). This plugin is also the
 * whole API of the public listener (`visitors.publicListener`, api/public-listener.ts), where
 * `viaPublic` is set: there every request comes through the site's reverse proxy, so none counts
 * as being on the site's network. The notification settings (`/track/{token}/notify`) live in
 * api/notify.ts beside the SMS outbox; the public listener serves them too.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  CallboardError,
  ErrorReply,
  IssuedTicket,
  JoinBody,
  JoinOptions,
  LateBody,
  PhoneCodeBody,
  PhoneCodeReply,
  RateVisitBody,
  RateVisitReply,
  type Ticket,
  TrackView,
} from '../protocol';

const TokenParams = Type.Object({ token: Type.String({ minLength: 8, maxLength: 64 }) });
/** Per address: a visitor presses a button a few times, a script guessing tokens is stopped. */
const BUTTON_LIMIT = { max: 5, timeWindow: '1 minute' };

export const visitorRoutes: FastifyPluginAsyncTypebox<{ viaPublic?: boolean }> = async (app, opts) => {
  const { queue } = app.hub;
  const viaPublic = opts.viaPublic === true;

  app.get(
    '/join',
    {
      schema: {
        tags: ['visitors'],
        summary: 'The join page: services taking tickets from phones, their line and estimate',
        description: 'Public. `withoutPhone` says whether this phone may join without a number (site network).',
        response: { 200: JoinOptions },
      },
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
    },
    async (request) => queue.remote.options(request.ip, viaPublic),
  );

  app.post(
    '/join',
    {
      schema: {
        tags: ['visitors'],
        summary: 'Take a ticket from a phone (site network, or a phone number with its one-time code)',
        description:
          'Public, capped: the service’s daily cap of remote tickets, joins per address per hour, one open ticket per phone per service. ' +
          'Without `phone`: only from the site network where `visitors.joinWithoutPhone` is true (else 403 NOT_ON_SITE_NETWORK).',
        body: JoinBody,
        response: { 201: IssuedTicket, 400: ErrorReply, 403: ErrorReply, 404: ErrorReply, 409: ErrorReply, 429: ErrorReply },
      },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request, reply) => reply.status(201).send(await queue.remote.join(request.body, request.caller, viaPublic)),
  );

  app.post(
    '/join/phone-code',
    {
      schema: {
        tags: ['visitors'],
        summary: 'Send a one-time code by SMS to the number a visitor joins with',
        description:
          'Public. 3 codes per number and 10 per address in any hour (429 REMOTE_JOIN_LIMIT); a code lives 5 minutes and allows 5 tries. ' +
          '503 UNAVAILABLE when the site sends no SMS.',
        body: PhoneCodeBody,
        response: { 200: PhoneCodeReply, 400: ErrorReply, 429: ErrorReply, 503: ErrorReply },
      },
      config: { rateLimit: BUTTON_LIMIT },
    },
    async (request) => queue.remote.requestCode(request.body.phone, request.body.lang ?? 'zh', request.ip),
  );

  app.get(
    '/track/:token',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Public tracking view of a ticket (masked), for the visitor’s phone',
        params: TokenParams,
        response: { 200: TrackView, 404: ErrorReply },
      },
    },
    async (request) => {
      await queue.lapseDue();
      return queue.views.track(request.params.token);
    },
  );

  app.post(
    '/track/:token/rating',
    {
      schema: {
        tags: ['tickets'],
        summary: 'The visitor rates their finished visit (1–5) from the phone track page; once per visit',
        description:
          'Public, rate limited. The same score again is answered 200 with no change (a retry); ' +
          'another score after a rating is 409 ALREADY_RATED, a visit not finished yet 409 VISIT_NOT_FINISHED.',
        params: TokenParams,
        body: RateVisitBody,
        response: { 200: RateVisitReply, 400: ErrorReply, 404: ErrorReply, 409: ErrorReply, 429: ErrorReply },
      },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request) => {
      const t = await queue.rateByToken(request.params.token, request.body.score, request.caller);
      const rating = t.rating as NonNullable<Ticket['rating']>;
      return { score: rating.score, at: rating.at };
    },
  );

  app.post(
    '/track/:token/cancel',
    {
      schema: {
        tags: ['tickets'],
        summary: 'The visitor cancels their own waiting ticket from the phone track page',
        description:
          'Public: the tracking token is the proof of holding the ticket. Only a waiting ticket (else 409 ILLEGAL_TRANSITION); ' +
          'an unknown token is 404 with nothing about any other ticket. Rate limited (5 a minute per address); audited.',
        params: TokenParams,
        response: { 200: TrackView, 404: ErrorReply, 409: ErrorReply, 429: ErrorReply },
      },
      config: { rateLimit: BUTTON_LIMIT },
    },
    async (request) => {
      await queue.cancelByToken(request.params.token, request.caller);
      return queue.views.track(request.params.token);
    },
  );

  app.post(
    '/track/:token/late',
    {
      schema: {
        tags: ['tickets'],
        summary: '“I’m running late”: the visitor moves their waiting ticket back N places or to the end',
        description:
          'Public: the tracking token is the credential. At most `visitors.late.maxPlaces` places a move and `maxMoves` moves a ticket ' +
          '(409 LATE_LIMIT); only a waiting ticket. Rate limited (5 a minute per address); audited as ticket.move_back.',
        params: TokenParams,
        body: LateBody,
        response: { 200: TrackView, 400: ErrorReply, 404: ErrorReply, 409: ErrorReply, 429: ErrorReply },
      },
      config: { rateLimit: BUTTON_LIMIT },
    },
    async (request) => {
      await queue.moveBackByToken(request.params.token, request.body.places, request.caller);
      return queue.views.track(request.params.token);
    },
  );

  app.post(
    '/track/:token/arrived',
    {
      schema: {
        tags: ['tickets'],
        summary: '“I’m here”: a remote visitor confirms arrival from the phone page, on the site’s network',
        description:
          'Public: the tracking token is the credential, and the request must come from the site network ' +
          '(`visitors.siteNetworks`, never through the public listener; else 403 NOT_ON_SITE_NETWORK). Rate limited; audited.',
        params: TokenParams,
        response: { 200: TrackView, 403: ErrorReply, 404: ErrorReply, 409: ErrorReply, 429: ErrorReply },
      },
      config: { rateLimit: BUTTON_LIMIT },
    },
    async (request) => {
      if (!queue.remote.isOnSite(request.ip, viaPublic))
        throw new CallboardError('NOT_ON_SITE_NETWORK', 'press “I’m here” on the site’s Wi-Fi, or scan your code at a kiosk');
      await queue.arrivedByToken(request.params.token, request.caller);
      return queue.views.track(request.params.token);
    },
  );
};
