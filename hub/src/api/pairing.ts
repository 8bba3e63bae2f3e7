/** Device pairing routes: devices ask and poll (public); supervisors list, approve, reject. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CallboardError, DeviceKind, ErrorReply, Id } from '../protocol';
import type { PairingService } from '../service/pairing-service';
import { requireStaff } from './context';

const PairingView = Type.Object({
  id: Type.String(),
  code: Type.String(),
  kind: DeviceKind,
  name: Type.Optional(Type.String()),
  ip: Type.Optional(Type.String()),
  createdAt: Type.Integer(),
  expiresAt: Type.Integer(),
});
const Params = Type.Object({ requestId: Type.String({ minLength: 8, maxLength: 64 }) });

export const pairingRoutes: FastifyPluginAsyncTypebox<{ pairing: PairingService }> = async (app, { pairing }) => {
  const { auth, queue } = app.hub;

  app.post(
    '/pairing',
    {
      schema: {
        tags: ['devices'],
        summary: 'A new kiosk or screen asks to be paired; show the returned code on its screen',
        body: Type.Object(
          { kind: DeviceKind, name: Type.Optional(Type.String({ maxLength: 64 })) },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            requestId: Type.String(),
            code: Type.String(),
            pollSecret: Type.String(),
            expiresAt: Type.Integer(),
          }),
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
        body: Type.Object({ pollSecret: Type.String({ minLength: 8, maxLength: 128 }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            status: Type.Union([
              Type.Literal('pending'),
              Type.Literal('approved'),
              Type.Literal('rejected'),
              Type.Literal('expired'),
            ]),
            deviceId: Type.Optional(Type.String()),
            token: Type.Optional(Type.String()),
          }),
        },
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
        response: { 200: Type.Object({ requests: Type.Array(PairingView) }), 401: ErrorReply, 403: ErrorReply },
      },
      preHandler: requireStaff('supervisor'),
    },
    async () => ({ requests: pairing.pending() }),
  );

  app.post(
    '/pairing/:requestId/approve',
    {
      schema: {
        tags: ['devices'],
        summary: 'Approve a pairing request, confirming the code the device shows',
        params: Params,
        body: Type.Object(
          { code: Type.String({ pattern: '^[0-9]{6}$' }), deviceId: Id, name: Type.String({ minLength: 1, maxLength: 64 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ deviceId: Type.String() }),
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
      await queue.auditRaw(request.caller, 'device.pair', deviceId, { kind: pending.kind, name, ip: pending.ip });
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
        body: Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$' }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({ ok: Type.Literal(true) }),
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
      await queue.auditRaw(request.caller, 'device.pair_rejected', request.params.requestId);
      return { ok: true as const };
    },
  );
};
