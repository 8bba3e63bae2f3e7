/** Ticket routes: issue (public, rate-limited), look up, and the clerk's transitions. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  CallboardError,
  ErrorReply,
  FinishBody,
  IssuedTicket,
  IssueTicketBody,
  NoteBody,
  RouteBody,
  type Ticket,
  TicketReply,
  TransferBody,
  TransferReply,
} from '../protocol';
import type { Caller } from '../service/queue-service';
import { requireStaff } from './context';

/** Checking a visitor in proves they stand at the kiosk: a kiosk page, its bridge, or staff. */
async function requireKioskOrStaff(request: FastifyRequest): Promise<void> {
  const c = request.caller;
  if (c.staff) return;
  if (c.device && (c.device.kind === 'kiosk' || c.device.kind === 'bridge')) return;
  throw new CallboardError(c.device ? 'FORBIDDEN' : 'UNAUTHENTICATED', 'only a kiosk or staff checks a visitor in');
}

/** A visitor's own re-queue proves they stand in the hall: only a kiosk page or its bridge (not staff, not a screen). */
async function requireKioskDevice(request: FastifyRequest): Promise<void> {
  const c = request.caller;
  if (c.device && (c.device.kind === 'kiosk' || c.device.kind === 'bridge')) return;
  throw new CallboardError(c.device || c.staff ? 'FORBIDDEN' : 'UNAUTHENTICATED', 'only a kiosk checks a visitor in again');
}

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply, 404: ErrorReply, 409: ErrorReply };

export const ticketRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { queue, config } = app.hub;

  app.post(
    '/tickets',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Issue a ticket (kiosk, staff, API). Acknowledged only once persisted.',
        body: IssueTicketBody,
        response: { 201: IssuedTicket, ...errors, 429: ErrorReply },
      },
      config: {
        rateLimit: {
          max: config.rateLimit.ticketsPerMinutePerClient,
          timeWindow: '1 minute',
          // Per device when a kiosk identifies itself, else per address; staff are not limited.
          keyGenerator: (req) => req.caller?.device?.id ?? req.ip,
          allowList: (req) => req.caller?.staff !== undefined,
        },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      if (key !== undefined && (typeof key !== 'string' || key.length < 8 || key.length > 128))
        throw new CallboardError('VALIDATION_FAILED', 'Idempotency-Key must be 8–128 characters');
      const ticket = await queue.issue(
        key === undefined ? request.body : { ...request.body, idempotencyKey: key },
        request.caller,
      );
      return reply.status(201).send(ticket);
    },
  );

  app.post(
    '/arrivals/check-in',
    {
      schema: {
        tags: ['tickets'],
        summary: 'A kiosk checks a remote visitor in from the QR on their phone (arrival confirmation)',
        description:
          'Kiosk devices and staff. `code` is the scanned text: the check-in QR (`CBT1:<token>`) or the tracking link. ' +
          'Answers the ticket as a kiosk shows it; 404 TICKET_NOT_FOUND when the code is not a ticket of today.',
        body: Type.Object({ code: Type.String({ minLength: 8, maxLength: 256 }) }, { additionalProperties: false }),
        response: { 200: IssuedTicket, ...errors },
      },
      preHandler: requireKioskOrStaff,
    },
    async (request) => {
      const t = await queue.arrivedByScan(request.body.code, request.caller);
      if (!t) throw new CallboardError('TICKET_NOT_FOUND', 'this code is not a ticket of today');
      return queue.views.issuedView(t);
    },
  );

  app.post(
    '/arrivals/missed',
    {
      schema: {
        tags: ['tickets'],
        summary: '"I missed my call": a visitor re-queues their own no-show ticket by scanning it at a kiosk',
        description:
          'Kiosk devices (the kiosk page or its bridge) only. `code` is the scanned QR of the ticket: the tracking link ' +
          'or `CBT1:<token>`. The ticket goes back in the line in the re-queue class (`queue.noShow.requeueClass`), ' +
          'within `requeueWithinMin` and at most `maxRequeues` times per ticket, counted with staff re-queues. ' +
          '404 TICKET_NOT_FOUND: not a ticket of today; 409 NOT_REQUEUEABLE: the ticket did not miss its call ' +
          '(`details.status`); 409 REQUEUE_LIMIT / REQUEUE_EXPIRED: take a new ticket. Audited as `ticket.requeue`.',
        body: Type.Object({ code: Type.String({ minLength: 8, maxLength: 256 }) }, { additionalProperties: false }),
        response: { 200: IssuedTicket, ...errors },
      },
      preHandler: requireKioskDevice,
    },
    async (request) => {
      const t = await queue.requeueByScan(request.body.code, request.caller);
      if (!t) throw new CallboardError('TICKET_NOT_FOUND', 'this code is not a ticket of today');
      return queue.views.issuedView(t);
    },
  );

  app.get(
    '/tickets/:id',
    {
      schema: {
        tags: ['tickets'],
        summary: 'A ticket of today, for staff',
        params: IdParams,
        response: { 200: TicketReply, ...errors },
      },
      preHandler: requireStaff('clerk'),
    },
    async (request) => ({ ticket: queue.views.view(queue.ticket(request.params.id)) }),
  );

  type Run = (id: string, body: { note?: string; outcome?: string }, caller: Caller) => Promise<Ticket>;
  const transition = (path: string, summary: string, run: Run, body: typeof NoteBody | typeof FinishBody = NoteBody) =>
    app.post(
      `/tickets/:id/${path}`,
      {
        schema: {
          tags: ['tickets'],
          summary,
          params: IdParams,
          body: Type.Optional(body),
          response: { 200: TicketReply, ...errors },
        },
        preHandler: requireStaff('clerk'),
      },
      async (request) => {
        const ticket = await run(request.params.id, (request.body ?? {}) as { note?: string; outcome?: string }, request.caller);
        return { ticket: queue.views.view(ticket) };
      },
    );

  transition('recall', 'Call the ticket again (counts recalls; limited)', (id, _b, c) => queue.recall(id, c));
  transition('start', 'The visitor arrived: start serving', (id, _b, c) => queue.start(id, c));
  transition('no-show', 'The visitor did not come', (id, b, c) => queue.noShow(id, c, b.note));
  transition('cancel', 'Cancel a waiting or called ticket', (id, b, c) => queue.cancel(id, c, b.note));
  transition('requeue', 'Put a no-show back at the back of its line (within the re-queue window)', (id, b, c) =>
    queue.requeue(id, c, b.note),
  );

  app.post(
    '/tickets/:id/finish',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Finish serving with an outcome; a multi-stop visit goes on to its next stop (`next`)',
        params: IdParams,
        body: Type.Optional(FinishBody),
        response: { 200: TicketReply, ...errors },
      },
      preHandler: requireStaff('clerk'),
    },
    async (request) => {
      const b = request.body ?? {};
      const { ticket, next } = await queue.finishStop(request.params.id, request.caller, b.outcome, b.note);
      return { ticket: queue.views.view(ticket), ...(next ? { next: queue.views.view(next) } : {}) };
    },
  );

  app.put(
    '/tickets/:id/route',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Change the stops still to come of a multi-stop visit (the clerk serving it, or a supervisor)',
        description:
          'Replaces the services a visitor goes on to after the current one, next first; [] ends the visit at the current ' +
          'stop. 400 ROUTE_INVALID (unknown service, too many stops, a service twice in a row); 403 NOT_SERVING_TICKET for ' +
          'a clerk who is not serving the ticket at their counter. Audited as `ticket.route`.',
        params: IdParams,
        body: RouteBody,
        response: { 200: TicketReply, ...errors },
      },
      preHandler: requireStaff('clerk'),
    },
    async (request) => {
      const t = await queue.changeRoute(request.params.id, request.body.stops, request.caller, request.body.note);
      return { ticket: queue.views.view(t) };
    },
  );

  app.post(
    '/tickets/:id/transfer',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Transfer a ticket being served to another service (keeps its number and, by default, its arrival time)',
        params: IdParams,
        body: TransferBody,
        response: { 200: TransferReply, ...errors },
      },
      preHandler: requireStaff('clerk'),
    },
    async (request) => {
      const { from, continuation } = await queue.transfer(
        request.params.id,
        request.caller,
        request.body.serviceId,
        request.body.keepArrival,
        request.body.note,
        request.body.mode,
      );
      return { ticket: queue.views.view(from), continuation: queue.views.view(continuation) };
    },
  );
};
