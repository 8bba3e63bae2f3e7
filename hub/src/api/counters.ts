/**
 * Counter routes: the catalogue (public) and the clerk's call-next/open/pause/close. A clerk works
 * only at counters serving at least one of their skills (403 FORBIDDEN_COUNTER otherwise).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  CallboardError,
  CallTicketBody,
  CatalogueReply,
  CounterView,
  ErrorReply,
  PauseBody,
  QueueReply,
  TicketReply,
} from '../protocol';
import { requireStaff } from './context';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
/** A query-string flag (`?mine=1`, `?mine=true`). */
const Flag = Type.Union([Type.Literal('1'), Type.Literal('0'), Type.Literal('true'), Type.Literal('false')]);
const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply, 404: ErrorReply, 409: ErrorReply };

export const counterRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { queue } = app.hub;

  app.get(
    '/services',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'Services of this site, its priority classes with their display names, and its finish rule',
        response: { 200: CatalogueReply },
      },
    },
    async () => ({
      services: [...queue.services.values()],
      classes: [...queue.catalogue.classes],
      outcomeRequired: queue.catalogue.outcomeRequired,
    }),
  );

  app.get(
    '/counters',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'Counters and what they are doing; `?mine=1` (staff): only those the signed-in clerk may work at',
        // Other query parameters are ignored, as before `mine` existed (a public route: no cache-buster breaks it).
        querystring: Type.Object({ mine: Type.Optional(Flag) }),
        response: { 200: Type.Object({ counters: Type.Array(CounterView) }), 400: ErrorReply, 401: ErrorReply },
      },
    },
    async (request) => {
      const mine = request.query.mine === '1' || request.query.mine === 'true';
      const staff = request.caller.staff;
      if (mine && !staff) throw new CallboardError('UNAUTHENTICATED', 'sign in first (POST /api/v1/auth/login)');
      const counters = [...queue.counters.values()]
        .filter((c) => !mine || queue.mayUseCounter(c.id, request.caller.principal))
        .map((c) => queue.views.counterView(c, !staff));
      // Staff see who holds each counter by name (the floor view, a supervisor calling for a clerk).
      if (staff) {
        const names = new Map(app.hub.auth.listStaff().map((s) => [s.id, s.name]));
        for (const c of counters) {
          const name = c.staffId ? names.get(c.staffId) : undefined;
          if (name) c.staffName = name;
        }
      }
      return { counters };
    },
  );

  app.get(
    '/queue',
    { schema: { tags: ['catalogue'], summary: 'Waiting counts and estimates per service', response: { 200: QueueReply } } },
    async () => ({ at: Date.now(), services: queue.views.queueSummary() }),
  );

  app.post(
    '/counters/:id/call-next',
    {
      schema: {
        tags: ['counters'],
        summary: 'Call the next ticket at this counter (completes the current one first)',
        params: IdParams,
        response: { 200: TicketReply, ...errors },
      },
      preHandler: requireStaff('clerk'),
    },
    async (request) => ({ ticket: queue.views.view(await queue.callNext(request.params.id, request.caller)) }),
  );

  app.post(
    '/counters/:id/call-ticket',
    {
      schema: {
        tags: ['counters'],
        summary:
          'Supervisor override: call this waiting ticket now, out of turn, for a reason (recorded on the call, audited as ticket.call_override, listed in /reports/out-of-order)',
        params: IdParams,
        body: CallTicketBody,
        response: { 200: TicketReply, ...errors },
      },
      preHandler: requireStaff('supervisor'),
    },
    async (request) => ({
      ticket: queue.views.view(
        await queue.callSpecific(request.params.id, request.body.ticketId, request.caller, request.body.reason),
      ),
    }),
  );

  // Two-step calling (clinic rooms): to the door, then in. The clerk at the counter, or a supervisor.
  app.post(
    '/counters/:id/call-to-door',
    {
      schema: {
        tags: ['counters'],
        summary:
          "Two-step calling: call the next ticket to this room's door (sub-waiting area); 409 DOOR_FULL when the door list is full",
        params: IdParams,
        response: { 200: TicketReply, ...errors },
      },
      preHandler: requireStaff('clerk'),
    },
    async (request) => ({ ticket: queue.views.view(await queue.callToDoor(request.params.id, request.caller)) }),
  );

  app.post(
    '/counters/:id/call-in',
    {
      schema: {
        tags: ['counters'],
        summary: "Two-step calling: call the first ticket at this room's door into the room (completes the current one first)",
        params: IdParams,
        response: { 200: TicketReply, ...errors },
      },
      preHandler: requireStaff('clerk'),
    },
    async (request) => ({ ticket: queue.views.view(await queue.callIn(request.params.id, request.caller)) }),
  );

  for (const [action, state] of [
    ['open', 'open'],
    ['pause', 'paused'],
    ['close', 'closed'],
  ] as const) {
    app.post(
      `/counters/:id/${action}`,
      {
        schema: {
          tags: ['counters'],
          summary: `${action[0]?.toUpperCase()}${action.slice(1)} the counter`,
          params: IdParams,
          body: Type.Optional(PauseBody),
          response: { 200: Type.Object({ counter: CounterView }), ...errors },
        },
        preHandler: requireStaff('clerk'),
      },
      async (request) => {
        const c = await queue.setCounterState(request.params.id, state, request.caller, request.body?.reason);
        return { counter: queue.views.counterView(c) };
      },
    );
  }
};
