/**
 * The appointment book over HTTP (docs/appointments.md): live slots (public), booking, cancel,
 * reschedule, check-in, suspensions, CSV import and the webhook's dead letters.
 *
 * Who may book on which channel:
 * - staff (clerk and up): `window` (default) and `phone`; admins also `app`, `api`, `import`;
 * - a paired device (kiosk, bridge): `kiosk` only;
 * - an integration with an API key (`x-api-key`, config `appointments.apiKeys`): `app`, `api` (default), `import`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { type AppointmentService, type ImportJsonRow, toIcs } from '../appointments';
import {
  API_KEY_HEADER,
  type AppointmentChannel,
  AppointmentReply,
  AppointmentView,
  BookAppointmentBody,
  CalendarDate,
  CallboardError,
  CancelBody,
  CheckInReply,
  ErrorReply,
  Id,
  ImportBody,
  ImportReply,
  RescheduleBody,
  SlotsQuery,
  SlotsReply,
  SuspensionBody,
  SuspensionReply,
} from '../protocol';
import { callerFor } from '../service/caller';
import { type RequestCaller, requireStaff } from './context';

const RefParams = Type.Object({ ref: Type.String({ minLength: 1, maxLength: 64 }) });
const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply, 404: ErrorReply, 409: ErrorReply };
const RANK = { clerk: 1, supervisor: 2, admin: 3 } as const;
const IMPORT_BODY_LIMIT = 2 * 1024 * 1024;

/** A query-string flag (`?dryRun=1`, `?partial=true`). */
const Flag = Type.Union([Type.Literal('1'), Type.Literal('0'), Type.Literal('true'), Type.Literal('false')]);
const isOn = (v: string | undefined) => v === '1' || v === 'true';

const digest = (s: string) => createHash('sha256').update(s).digest();

export const appointmentRoutes: FastifyPluginAsyncTypebox<{ appointments: AppointmentService }> = async (app, opts) => {
  const book = opts.appointments;
  const keys = book.settings.apiKeys.map((k) => ({ id: k.id, digest: digest(k.key) }));

  /** The integration behind an `x-api-key` header, if any (a wrong key is refused outright). */
  const apiKeyOf = (request: FastifyRequest): string | undefined => {
    const header = request.headers[API_KEY_HEADER];
    if (typeof header !== 'string' || header === '') return undefined;
    const d = digest(header);
    const found = keys.find((k) => timingSafeEqual(k.digest, d));
    if (!found) throw new CallboardError('UNAUTHENTICATED', 'unknown API key');
    return found.id;
  };

  /** The caller for the book: staff, a device, or an integration (as a system actor naming its key). */
  const callerOf = (request: FastifyRequest): RequestCaller => {
    const keyId = apiKeyOf(request);
    if (keyId !== undefined && !request.caller.staff && !request.caller.device)
      return callerFor({ kind: 'system', id: `api-key:${keyId}` }, request.ip);
    return request.caller;
  };

  /** Devices a visitor uses (kiosk, its bridge, a counter terminal), not waiting-room displays. */
  const deskDevice = (request: FastifyRequest) => request.caller.device !== undefined && request.caller.device.kind !== 'display';

  const isIntegration = (c: RequestCaller) => c.actor.type === 'system' && c.actor.id?.startsWith('api-key:') === true;

  /** Staff (any role), a device, or an integration. */
  const requireKnown = async (request: FastifyRequest) => {
    const c = callerOf(request);
    if (!c.staff && c.actor.type !== 'device' && !isIntegration(c))
      throw new CallboardError('UNAUTHENTICATED', 'sign in, use a paired device, or send an API key');
  };
  /** Staff (any role) or an integration: changes on behalf of a visitor. */
  const requireStaffOrKey = async (request: FastifyRequest) => {
    const c = callerOf(request);
    if (!c.staff && !isIntegration(c)) throw new CallboardError('UNAUTHENTICATED', 'sign in, or send an API key');
  };

  const channelFor = (
    request: FastifyRequest,
    c: RequestCaller,
    requested: AppointmentChannel | undefined,
  ): AppointmentChannel => {
    if (c.staff) {
      const channel = requested ?? 'window';
      const allowed: AppointmentChannel[] =
        RANK[c.staff.role] >= RANK.admin ? ['window', 'phone', 'app', 'api', 'import'] : ['window', 'phone'];
      if (!allowed.includes(channel)) throw new CallboardError('FORBIDDEN', `staff cannot book on channel "${channel}"`);
      return channel;
    }
    if (c.actor.type === 'device') {
      if (!deskDevice(request)) throw new CallboardError('FORBIDDEN', 'a display cannot book');
      if (requested !== undefined && requested !== 'kiosk')
        throw new CallboardError('FORBIDDEN', 'a device books on channel "kiosk" only');
      return 'kiosk';
    }
    if (isIntegration(c)) {
      const channel = requested ?? 'api';
      if (!['app', 'api', 'import'].includes(channel))
        throw new CallboardError('FORBIDDEN', `an integration cannot book on channel "${channel}"`);
      return channel;
    }
    throw new CallboardError('UNAUTHENTICATED', 'sign in, use a paired device, or send an API key');
  };

  app.get(
    '/slots',
    {
      schema: {
        tags: ['appointments'],
        summary: 'A day’s appointment slots of a service with their remaining capacity (public, live)',
        querystring: SlotsQuery,
        response: { 200: SlotsReply, ...errors },
      },
    },
    async (request) => ({
      serviceId: request.query.service,
      date: request.query.date,
      slots: book.slots(request.query.service, request.query.date),
    }),
  );

  app.post(
    '/appointments',
    {
      schema: {
        tags: ['appointments'],
        summary: 'Book a slot (channel from who calls: staff window/phone, device kiosk, API key app/api/import)',
        body: BookAppointmentBody,
        response: { 201: AppointmentReply, ...errors },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const channel = channelFor(request, caller, request.body.channel);
      const appointment = await book.book({ ...request.body, channel }, caller);
      return reply.status(201).send({ appointment });
    },
  );

  app.get(
    '/appointments',
    {
      schema: {
        tags: ['appointments'],
        summary: 'The appointments of a day (staff)',
        querystring: Type.Object({ date: CalendarDate, service: Type.Optional(Id) }, { additionalProperties: false }),
        response: { 200: Type.Object({ appointments: Type.Array(AppointmentView) }), ...errors },
      },
      preHandler: requireStaff('clerk'),
    },
    async (request) => ({ appointments: book.list(request.query.service, request.query.date) }),
  );

  app.get(
    '/appointments/export.ics',
    {
      schema: {
        tags: ['appointments'],
        summary: 'iCalendar (.ics) of a day’s appointments of a service (staff; identities masked)',
        querystring: Type.Object({ date: CalendarDate, service: Id }, { additionalProperties: false }),
        produces: ['text/calendar'],
        response: { 200: Type.String({ description: 'text/calendar' }), ...errors },
      },
      preHandler: requireStaff('clerk'),
    },
    async (request, reply) => {
      const { service, date } = request.query;
      book.slots(service, date); // refuses unknown services, services without appointments and bad dates
      const body = toIcs(book.list(service, date), {
        siteId: app.hub.config.site.id,
        calendarName: `${service} ${date}`,
        now: Date.now(),
      });
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="appointments-${service}-${date}.ics"`)
        .serializer((x: unknown) => x as string)
        .send(body as never);
    },
  );

  app.get(
    '/appointments/:ref',
    {
      schema: {
        tags: ['appointments'],
        summary: 'One appointment by reference code or id (staff, devices, integrations)',
        params: RefParams,
        response: { 200: AppointmentReply, ...errors },
      },
      preHandler: requireKnown,
    },
    async (request) => ({ appointment: book.view(book.get(request.params.ref)) }),
  );

  app.post(
    '/appointments/:ref/cancel',
    {
      schema: {
        tags: ['appointments'],
        summary: 'Cancel a booked appointment (staff, integrations)',
        params: RefParams,
        body: Type.Optional(CancelBody),
        response: { 200: AppointmentReply, ...errors },
      },
      preHandler: requireStaffOrKey,
    },
    async (request) => ({
      appointment: await book.cancel(request.params.ref, callerOf(request), request.body?.reason),
    }),
  );

  app.post(
    '/appointments/:ref/reschedule',
    {
      schema: {
        tags: ['appointments'],
        summary: 'Move a booked appointment to another slot of its service (staff, integrations)',
        params: RefParams,
        body: RescheduleBody,
        response: { 200: AppointmentReply, ...errors },
      },
      preHandler: requireStaffOrKey,
    },
    async (request) => ({
      appointment: await book.reschedule(request.params.ref, request.body.slotId, callerOf(request), request.body.reason),
    }),
  );

  app.post(
    '/appointments/:ref/check-in',
    {
      schema: {
        tags: ['appointments'],
        summary: 'Check in by reference at a kiosk (device) or a counter (staff): issues a ticket carrying the appointment',
        params: RefParams,
        response: { 200: CheckInReply, ...errors },
      },
    },
    async (request) => {
      const caller = request.caller;
      if (!caller.staff && caller.actor.type !== 'device')
        throw new CallboardError('UNAUTHENTICATED', 'check-in is at a paired kiosk or by staff');
      if (!caller.staff && !deskDevice(request)) throw new CallboardError('FORBIDDEN', 'a display cannot check in');
      return book.checkIn(request.params.ref, caller);
    },
  );

  app.post(
    '/appointments/suspensions',
    {
      schema: {
        tags: ['appointments'],
        summary: 'Suspend a service, counter or clerk for a period: affected appointments are moved or cancelled',
        body: SuspensionBody,
        response: { 200: SuspensionReply, ...errors },
      },
      preHandler: requireStaff('supervisor'),
    },
    async (request) => book.suspend(request.body, request.caller),
  );

  await app.register(async (plain) => {
    const scoped = plain.withTypeProvider<TypeBoxTypeProvider>();
    scoped.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT }, (_req, body, done) =>
      done(null, body),
    );
    scoped.post(
      '/appointments/import',
      {
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags: ['appointments'],
          summary:
            'Import appointments from CSV (admin or API key): JSON {csv, dryRun, partial} or text/csv with ?dryRun&partial. All-or-nothing unless partial.',
          querystring: Type.Object(
            { dryRun: Type.Optional(Flag), partial: Type.Optional(Flag) },
            { additionalProperties: false },
          ),
          body: Type.Union([ImportBody, Type.String({ minLength: 1 })]),
          response: { 200: ImportReply, ...errors },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        if (!isIntegration(caller)) {
          if (!caller.staff) throw new CallboardError('UNAUTHENTICATED', 'sign in as admin, or send an API key');
          if (caller.staff.role !== 'admin') throw new CallboardError('FORBIDDEN', 'this needs the admin role');
        }
        const body = request.body;
        const json = typeof body === 'string' ? undefined : body;
        let source: { csv: string } | { rows: ImportJsonRow[] };
        if (typeof body === 'string') source = { csv: body };
        else if (body.csv !== undefined && body.rows === undefined) source = { csv: body.csv };
        else if (body.rows !== undefined && body.csv === undefined) source = { rows: body.rows };
        else throw new CallboardError('VALIDATION_FAILED', 'send either "csv" (CSV text) or "rows" (JSON rows)');
        return book.import(
          source,
          {
            dryRun: json?.dryRun ?? isOn(request.query.dryRun),
            partial: json?.partial ?? isOn(request.query.partial),
          },
          caller,
        );
      },
    );
  });

  app.get(
    '/appointments/webhook/dead-letters',
    {
      schema: {
        tags: ['appointments'],
        summary: 'Webhook deliveries given up after the last retry (admin)',
        response: {
          200: Type.Object({
            configured: Type.Boolean(),
            stats: Type.Object({ delivered: Type.Integer(), failedAttempts: Type.Integer(), dead: Type.Integer() }),
            deadLetters: Type.Array(
              Type.Object({
                deliveryId: Type.String(),
                eventType: Type.String(),
                attempts: Type.Integer(),
                lastError: Type.String(),
                at: Type.Integer(),
                body: Type.String(),
              }),
            ),
          }),
          ...errors,
        },
      },
      preHandler: requireStaff('admin'),
    },
    async () => ({
      configured: book.webhook !== undefined,
      stats: book.webhook?.stats ?? { delivered: 0, failedAttempts: 0, dead: 0 },
      deadLetters: book.webhook?.deadLetters ?? [],
    }),
  );
};
