/** Device pairing routes: devices ask and poll (public); supervisors list, approve, reject. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  ApprovePairingBody,
  ApprovePairingReply,
  CallboardError,
  ErrorReply,
  PairingListReply,
  PairingPoll,
  PairingPollBody,
  PairingRequestBody,
  PairingStart,
  RejectPairingBody,
  RejectPairingReply,
} from '../protocol';
import type { PairingService } from '../service/pairing-service';
import { requireStaff } from './context';

const Params = Type.Object({ requestId: Type.String({ minLength: 8, maxLength: 64 }) });

export const pairingRoutes: FastifyPluginAsyncTypebox<{ pairing: PairingService }> = async (app, { pairing }) => {
  const { auth, audit } = app.hub;

  app.post(
    '/pairing',
    {
      schema: {
        tags: ['devices'],
        summary: 'A new kiosk or screen asks to be paired; show the returned code on its screen',
        body: PairingRequestBody,
        response: {
          201: PairingStart,
          400: ErrorReply,
          429: ErrorReply,
        },
      },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request, reply) => reply.status(201).send(pairing.request(request.body.kind, request.body.name, request.ip)),
  );

  app.post(
    '/pairing/:requestId/poll',
    {
      schema: {
        tags: ['devices'],
        summary: 'The device collects its token once approved (the token is returned only once)',
        params: Params,
        body: PairingPollBody,
        response: { 200: PairingPoll },
      },
      config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
    },
    async (request) => pairing.poll(request.params.requestId, request.body.pollSecret),
  );

  app.get(
    '/pairing',
    {
      schema: {
        tags: ['devices'],
        summary: 'Pending pairing requests',
        response: { 200: PairingListReply, 401: ErrorReply, 403: ErrorReply },
      },
      preHandler: requireStaff('supervisor'),
    },
    async () => ({ requests: pairing.pending() }),
  );

  app.delete(
    '/pairing',
    {
      schema: {
        tags: ['devices'],
        summary:
          'Clear pending pairing requests: all, or those from one address (?ip=); devices that still want a code ask again',
        querystring: Type.Object({ ip: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }),
        response: { 200: Type.Object({ cleared: Type.Integer() }), 401: ErrorReply, 403: ErrorReply },
      },
      preHandler: requireStaff('supervisor'),
    },
    async (request) => {
      const cleared = pairing.clear(request.query.ip);
      await audit.record(request.caller, 'device.pairing_cleared', request.query.ip, { cleared });
      return { cleared };
    },
  );

  app.post(
    '/pairing/:requestId/approve',
    {
      schema: {
        tags: ['devices'],
        summary: 'Approve a pairing request, confirming the code the device shows',
        params: Params,
        body: ApprovePairingBody,
        response: {
          200: ApprovePairingReply,
          400: ErrorReply,
          401: ErrorReply,
          403: ErrorReply,
          404: ErrorReply,
          409: ErrorReply,
        },
      },
      preHandler: requireStaff('supervisor'),
    },
    async (request) => {
      const { code, deviceId, name } = request.body;
      const pending = pairing.pending().find((r) => r.id === request.params.requestId);
      if (!pending) throw new CallboardError('NOT_FOUND', 'no pending pairing request with this id (expired?)');
      if (pending.code !== code)
        throw new CallboardError('VALIDATION_FAILED', 'the code does not match the one the device shows');
      if (await auth.hasDevice(deviceId))
        throw new CallboardError('DEVICE_EXISTS', `a device "${deviceId}" already exists: choose another id`);
      const token = await auth.addDevice({ id: deviceId, kind: pending.kind, name });
      pairing.approve(request.params.requestId, code, deviceId, token);
      await audit.record(request.caller, 'device.pair', deviceId, { kind: pending.kind, name, ip: pending.ip });
      return { deviceId };
    },
  );

  app.post(
    '/pairing/:requestId/reject',
    {
      schema: {
        tags: ['devices'],
        summary: 'Reject a pairing request',
        params: Params,
        body: RejectPairingBody,
        response: {
          200: RejectPairingReply,
          400: ErrorReply,
          401: ErrorReply,
          403: ErrorReply,
          404: ErrorReply,
        },
      },
      preHandler: requireStaff('supervisor'),
    },
    async (request) => {
      pairing.reject(request.params.requestId, request.body.code);
      await audit.record(request.caller, 'device.pair_rejected', request.params.requestId);
      return { ok: true as const };
    },
  );
};
