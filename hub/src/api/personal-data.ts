/**
 * A person's request (supervisors, audited): everything the hub holds about someone who presents
 * their ID number or phone number, and its erasure. POST with the number in the body, never in a
 * URL (addresses end up in logs and browser history); it is hashed at once and never kept.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { DeviceService } from '../devices';
import type { CardPresentations } from '../privacy/card-presentations';
import type { PersonRequests } from '../privacy/person-requests';
import {
  CallboardError,
  CardReadBody,
  CardReadReply,
  ErasureReply,
  ErrorReply,
  PersonalDataExport,
  PersonBody,
} from '../protocol';
import { may } from '../service/principals';
import { requireStaff } from './context';

const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply, 409: ErrorReply };

/** preHandler: signed in, and the principals' table lets this caller make a person's request. */
async function personRequestAllowed(request: FastifyRequest): Promise<void> {
  const decision = may(request.caller.principal, 'person-request');
  if (!decision.ok) throw new CallboardError('FORBIDDEN', decision.reason);
}

export const personalDataRoutes: FastifyPluginAsyncTypebox<{
  requests: PersonRequests;
  cards: CardPresentations;
  devices: DeviceService;
}> = async (app, { requests, cards, devices }) => {
  app.post(
    '/personal-data/export',
    {
      schema: {
        tags: ['privacy'],
        summary:
          'Everything held about the person with this ID or phone number: visits (with ratings) and appointments (supervisor); audited as privacy.export',
        body: PersonBody,
        response: { 200: PersonalDataExport, ...errors },
      },
      preHandler: [requireStaff('supervisor'), personRequestAllowed],
    },
    async (request) => requests.export(request.body, request.caller),
  );

  app.post(
    '/personal-data/erase',
    {
      schema: {
        tags: ['privacy'],
        summary:
          'Removes the link between the person and their records, which stay as anonymous counts (supervisor); refused with 409 PERSON_HAS_OPEN_RECORDS while they hold a ticket in the queue or a booked appointment; audited as privacy.erase',
        body: PersonBody,
        response: { 200: ErasureReply, ...errors },
      },
      preHandler: [requireStaff('supervisor'), personRequestAllowed],
    },
    async (request) => requests.erase(request.body, request.caller),
  );

  app.post(
    '/personal-data/card-reads',
    {
      schema: {
        tags: ['privacy'],
        summary:
          'Arms a bridge’s ID card reader for a minute: its next card is read for this supervisor’s request (no ticket is issued)',
        body: CardReadBody,
        response: { 201: CardReadReply, ...errors, 404: ErrorReply },
      },
      preHandler: [requireStaff('supervisor'), personRequestAllowed],
    },
    async (request, reply) => {
      const { deviceId } = request.body;
      if (!devices.registry.hasCardReader(deviceId))
        throw new CallboardError('NOT_FOUND', `no device "${deviceId}" with an ID card reader has reported to the hub`);
      const armed = cards.arm(deviceId, request.caller.actor.id ?? '');
      return reply.status(201).send({ state: 'waiting' as const, ...armed });
    },
  );

  app.get(
    '/personal-data/card-reads/:readId',
    {
      schema: {
        tags: ['privacy'],
        summary: 'Whether the armed reader has read a card yet, and whose (masked)',
        params: Type.Object({ readId: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: CardReadReply, ...errors },
      },
      preHandler: [requireStaff('supervisor'), personRequestAllowed],
    },
    async (request) => ({ readId: request.params.readId, ...cards.state(request.params.readId, request.caller.actor.id ?? '') }),
  );
};
