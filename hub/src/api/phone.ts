/**
 * The phone channel's routes (docs/phone.md, docs/security.md):
 * - the IVR's: a `pbx` device (the IVR / PBX gateway) puts a caller in the callback queue, tells
 *   them their position and estimated callback time, cancels — short, numeric, rate limited;
 *   nobody else may call them (not staff, not a kiosk, display or bridge, not anonymous);
 * - the clerk's: book a callback for a caller on the line, "no answer — try again later", and
 *   dial (the one answer that carries the clear number: to the clerk serving that callback).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { phoneSettings } from '../config';
import type { Callbacks } from '../phone';
import {
  CallbackBody,
  CallboardError,
  DialReply,
  ErrorReply,
  IvrCallbackReply,
  IvrJoinBody,
  IvrLast4,
  IvrTicketParams,
  TicketReply,
} from '../protocol';
import { deviceCan } from '../security/capabilities';
import { requireStaff } from './context';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply, 404: ErrorReply, 409: ErrorReply, 429: ErrorReply };

/** preHandler: the caller must be a paired device of a kind with the `ivr` capability (the PBX gateway). */
async function requireIvr(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  const { device, staff } = request.caller;
  if (!device && !staff) throw new CallboardError('UNAUTHENTICATED', 'the IVR routes need the PBX gateway’s device token');
  if (!device || !deviceCan(device.kind, 'ivr'))
    throw new CallboardError('FORBIDDEN', 'only the IVR / PBX gateway (a device of kind pbx) may use the IVR routes');
}

export const phoneRoutes: FastifyPluginAsyncTypebox<{ callbacks: Callbacks }> = async (app, { callbacks }) => {
  const { queue, config } = app.hub;
  const ivrLimit = { rateLimit: { max: phoneSettings(config.phone).ivrPerMinute, timeWindow: '1 minute' } };

  app.post(
    '/ivr/callbacks',
    {
      schema: {
        tags: ['phone'],
        summary: 'IVR: put a caller in the callback queue of the service on menu key `service`',
        description:
          'PBX gateway only (device kind pbx). The caller’s number is sealed for the day and shown masked; one open callback per number ' +
          'and service (409 ALREADY_WAITING). `after`/`before`: preferred window, site time HHMM. Rate limited (phone.ivrPerMinute).',
        body: IvrJoinBody,
        response: { 201: IvrCallbackReply, ...errors },
      },
      config: ivrLimit,
      preHandler: requireIvr,
    },
    async (request, reply) => reply.status(201).send(await callbacks.ivrJoin(request.body, request.caller)),
  );

  app.get(
    '/ivr/callbacks/:code',
    {
      schema: {
        tags: ['phone'],
        summary: 'IVR: how many ahead and the estimated callback time, by the ticket’s digits and the phone’s last 4 digits',
        description: 'PBX gateway only. 404 names nothing when the digits do not match. Rate limited.',
        params: IvrTicketParams,
        querystring: IvrLast4,
        response: { 200: IvrCallbackReply, ...errors },
      },
      config: ivrLimit,
      preHandler: requireIvr,
    },
    async (request) => callbacks.ivrStatus(request.params.code, request.query.last4),
  );

  app.post(
    '/ivr/callbacks/:code/cancel',
    {
      schema: {
        tags: ['phone'],
        summary: 'IVR: the caller cancels their waiting callback (ticket digits + last 4 digits of the phone)',
        description: 'PBX gateway only. Only a waiting callback (409 ILLEGAL_TRANSITION). Rate limited; audited.',
        params: IvrTicketParams,
        body: IvrLast4,
        response: { 200: IvrCallbackReply, ...errors },
      },
      config: ivrLimit,
      preHandler: requireIvr,
    },
    async (request) => callbacks.ivrCancel(request.params.code, request.body.last4, request.caller),
  );

  app.post(
    '/callbacks',
    {
      schema: {
        tags: ['phone'],
        summary: 'A clerk puts the caller on the line in the callback queue (instead of holding)',
        description: 'Staff. The number is sealed for the day and shown masked; one open callback per number and service.',
        body: CallbackBody,
        response: { 201: TicketReply, ...errors },
      },
      preHandler: requireStaff('clerk'),
    },
    async (request, reply) =>
      reply.status(201).send({ ticket: queue.views.view(await callbacks.book(request.body, request.caller)) }),
  );

  app.post(
    '/tickets/:id/no-answer',
    {
      schema: {
        tags: ['phone'],
        summary:
          'Callback: no answer — try again later (after phone.retryMin; the last of phone.maxAttempts ends it as unreachable)',
        params: IdParams,
        response: { 200: TicketReply, ...errors },
      },
      preHandler: requireStaff('clerk'),
    },
    async (request) => ({ ticket: queue.views.view(await callbacks.noAnswer(request.params.id, request.caller)) }),
  );

  app.post(
    '/tickets/:id/dial',
    {
      schema: {
        tags: ['phone'],
        summary: 'Callback: dial — the number as a tel: link for the clerk serving it, and a dial request to the PBX gateway',
        description:
          'Staff who may act on the ticket at its counter; only a callback being made (called or serving). The one answer with the clear ' +
          'number; audited as ticket.callback_dial.',
        params: IdParams,
        response: { 200: DialReply, ...errors },
      },
      preHandler: requireStaff('clerk'),
    },
    async (request) => callbacks.dial(request.params.id, request.caller),
  );
};
