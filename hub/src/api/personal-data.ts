/**
 * A person's request (supervisors, audited): everything the hub holds about someone who presents
 * their ID number or phone number, and its erasure. POST with the number in the body, never in a
 * URL (addresses end up in logs and browser history); it is hashed at once and never kept.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { PersonRequests } from '../privacy/person-requests';
import { CallboardError, ErasureReply, ErrorReply, PersonalDataExport, PersonBody } from '../protocol';
import { may } from '../service/principals';
import { requireStaff } from './context';

const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply, 409: ErrorReply };

/** preHandler: signed in, and the principals' table lets this caller make a person's request. */
async function personRequestAllowed(request: FastifyRequest): Promise<void> {
  const decision = may(request.caller.principal, 'person-request');
  if (!decision.ok) throw new CallboardError('FORBIDDEN', decision.reason);
}

export const personalDataRoutes: FastifyPluginAsyncTypebox<{ requests: PersonRequests }> = async (app, { requests }) => {
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
    async (request) => requests.export(request.body.identity, request.caller),
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
    async (request) => requests.erase(request.body.identity, request.caller),
  );
};
