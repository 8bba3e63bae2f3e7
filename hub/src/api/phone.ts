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
import type { Callbacks, ScreenPops } from '../phone';
import {
  CallbackBody,
  CallboardError,
  CallEventBody,
  DialReply,
  ErrorReply,
  ExtensionBody,
  IvrCallbackReply,
  IvrJoinBody,
  IvrLast4,
  IvrTicketParams,
  PopsQuery,
  PopsReply,
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

export const phoneRoutes: FastifyPluginAsyncTypebox<{ callbacks: Callbacks; pops: ScreenPops }> = async (
  app,
  { callbacks, pops },
) => {
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

  app.put(
    '/phone/extension',
    {
      schema: {
        tags: ['phone'],
        summary: 'The signed-in clerk’s desk phone extension: calls ringing there pop up on their console',
        body: ExtensionBody,
        response: { 200: ExtensionBody, ...errors },
      },
      preHandler: requireStaff('clerk'),
    },
    async (request) => {
      pops.setExtension(request.caller.staff?.id as string, request.body.extension);
      return { extension: request.body.extension };
    },
  );

  app.get(
    '/phone/pops',
    {
      schema: {
        tags: ['phone'],
        summary: 'Screen-pops of calls at the signed-in clerk’s extension after `after` (long poll up to `wait` ms)',
        description: 'Staff, their own pops only: the caller masked, their visits in the last N days by HMAC of the number.',
        querystring: PopsQuery,
        response: { 200: PopsReply, ...errors },
      },
      preHandler: requireStaff('clerk'),
    },
    async (request) => {
      const staffId = request.caller.staff?.id as string;
      const list = await pops.popsFor(staffId, request.query.after ?? 0, request.query.wait ?? 0);
      const extension = pops.extensionOf(staffId);
      return { pops: list, ...(extension ? { extension } : {}) };
    },
  );

  app.post(
    '/phone/call-events',
    {
      schema: {
        tags: ['phone'],
        summary: 'A PBX without AMI reports a call: ringing / answered at an extension, ended (answered or abandoned)',
        description: 'PBX gateway only (device kind pbx). The caller ID is hashed and masked at once; rate limited.',
        body: CallEventBody,
        response: { 200: Type.Object({ ok: Type.Boolean() }), ...errors },
      },
      config: ivrLimit,
      preHandler: requireIvr,
    },
    async (request) => {
      const b = request.body;
      const at = Date.now();
      if (b.type === 'ended')
        await pops.handle({
          type: 'ended',
          callId: b.callId,
          caller: b.caller,
          ...(b.extension ? { extension: b.extension } : {}),
          outcome: b.outcome ?? (b.answeredAt !== undefined ? 'answered' : 'abandoned'),
          startedAt: b.startedAt ?? at,
          ...(b.answeredAt !== undefined ? { answeredAt: b.answeredAt } : {}),
          ...(b.serviceId ? { serviceId: b.serviceId } : {}),
          at,
        });
      else if (b.extension) await pops.handle({ type: b.type, callId: b.callId, extension: b.extension, caller: b.caller, at });
      else throw new CallboardError('VALIDATION_FAILED', 'ringing and answered need the extension');
      return { ok: true };
    },
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
