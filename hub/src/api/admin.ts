/**
 * Administration (admin role): staff accounts, devices, and the site's set-up (services,
 * counters, priority classes and policy parameters), each applied at once without a restart,
 * every change in the audit log. The set-up can also be written in the configuration file
 * (docs/staff.md, "Set-up", says which one wins).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  CallboardError,
  DeviceKind,
  DeviceSettings,
  ErrorReply,
  Id,
  Password,
  Role,
  SetupState,
  SiteSetup,
  StaffPublic,
  Username,
} from '../protocol';
import type { SetupService } from '../service/setup-service';
import { requireStaff } from './context';

const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply, 404: ErrorReply, 409: ErrorReply };
const StaffRow = Type.Intersect([StaffPublic, Type.Object({ disabled: Type.Boolean() })]);
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const adminRoutes: FastifyPluginAsyncTypebox<{ setup: SetupService }> = async (app, opts) => {
  const { auth, audit, queue } = app.hub;
  const admin = requireStaff('admin');
  // Read at each request: services change when an admin saves a new set-up.
  const knownServices = { has: (id: string) => queue.services.has(id) };
  const checkSkills = (skills: string[] | undefined) => {
    const unknown = (skills ?? []).filter((s) => !knownServices.has(s));
    if (unknown.length > 0) throw new CallboardError('VALIDATION_FAILED', `unknown service(s) in skills: ${unknown.join(', ')}`);
  };

  app.get(
    '/admin/staff',
    {
      schema: {
        tags: ['admin'],
        summary: 'Staff accounts',
        response: { 200: Type.Object({ staff: Type.Array(StaffRow) }), ...errors },
      },
      preHandler: admin,
    },
    async () => ({ staff: auth.listStaff() }),
  );

  app.post(
    '/admin/staff',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create a staff account',
        body: Type.Object(
          {
            username: Username,
            name: Type.String({ minLength: 1, maxLength: 64 }),
            role: Role,
            skills: Type.Optional(Type.Array(Id)),
            password: Password,
          },
          { additionalProperties: false },
        ),
        response: { 201: StaffPublic, ...errors },
      },
      preHandler: admin,
    },
    async (request, reply) => {
      checkSkills(request.body.skills);
      if (auth.listStaff().some((s) => s.username === request.body.username))
        throw new CallboardError('VALIDATION_FAILED', `user "${request.body.username}" already exists`);
      const staff = await auth.createStaff(request.body);
      await audit.record(request.caller, 'staff.create', staff.id, {
        username: staff.username,
        role: staff.role,
        skills: staff.skills,
      });
      return reply.status(201).send(staff);
    },
  );

  app.patch(
    '/admin/staff/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change name, role, skills, or disable/enable an account (ends its sessions when disabled or re-roled)',
        params: IdParams,
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            role: Type.Optional(Role),
            skills: Type.Optional(Type.Array(Id)),
            disabled: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: StaffPublic, ...errors },
      },
      preHandler: admin,
    },
    async (request) => {
      checkSkills(request.body.skills);
      if (
        request.params.id === request.caller.staff?.id &&
        (request.body.disabled || (request.body.role && request.body.role !== 'admin'))
      )
        throw new CallboardError('FORBIDDEN', 'you cannot disable or demote your own account');
      const staff = await auth.updateStaff(request.params.id, request.body);
      await audit.record(request.caller, 'staff.update', staff.id, { ...request.body });
      return staff;
    },
  );

  app.post(
    '/admin/staff/:id/password',
    {
      schema: {
        tags: ['admin'],
        summary: 'Reset a password (ends that person’s sessions)',
        params: IdParams,
        body: Type.Object({ password: Password }, { additionalProperties: false }),
        response: { 200: Type.Object({ ok: Type.Literal(true) }), ...errors },
      },
      preHandler: admin,
    },
    async (request) => {
      await auth.setPassword(request.params.id, request.body.password);
      await audit.record(request.caller, 'staff.password_reset', request.params.id);
      return { ok: true as const };
    },
  );

  const DeviceRow = Type.Object({ id: Type.String(), kind: DeviceKind, name: Type.String(), createdAt: Type.Integer() });
  app.get(
    '/admin/devices',
    {
      schema: {
        tags: ['admin'],
        summary: 'Paired devices',
        response: { 200: Type.Object({ devices: Type.Array(DeviceRow) }), ...errors },
      },
      preHandler: admin,
    },
    async () => ({ devices: await auth.listDevices() }),
  );

  app.patch(
    '/admin/devices/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Rename a device and/or set its screen settings (`settings` replaces them; `{}` clears them)',
        params: IdParams,
        body: Type.Object(
          { name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })), settings: Type.Optional(DeviceSettings) },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: {
          200: Type.Object({ ok: Type.Literal(true), settings: Type.Optional(DeviceSettings) }),
          ...errors,
        },
      },
      preHandler: admin,
    },
    async (request) => {
      const { name, settings } = request.body;
      if (settings?.services) {
        const unknown = settings.services.filter((s) => !knownServices.has(s));
        if (unknown.length > 0) throw new CallboardError('VALIDATION_FAILED', `unknown service(s): ${unknown.join(', ')}`);
      }
      if (!(await auth.hasDevice(request.params.id))) throw new CallboardError('NOT_FOUND', `no device "${request.params.id}"`);
      if (name !== undefined) {
        await auth.renameDevice(request.params.id, name);
        await audit.record(request.caller, 'device.rename', request.params.id, { name });
      }
      if (settings === undefined) return { ok: true as const };
      const saved = await auth.setDeviceSettings(request.params.id, settings);
      await audit.record(request.caller, 'device.settings', request.params.id, { settings: { ...settings } });
      return saved ? { ok: true as const, settings: saved } : { ok: true as const };
    },
  );

  app.delete(
    '/admin/devices/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Revoke a device’s token (it must be paired again)',
        params: IdParams,
        response: { 200: Type.Object({ ok: Type.Literal(true) }), ...errors },
      },
      preHandler: admin,
    },
    async (request) => {
      await auth.revokeDevice(request.params.id);
      await audit.record(request.caller, 'device.revoke', request.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/admin/setup',
    {
      schema: {
        tags: ['admin'],
        summary: 'The set-up in effect: services, counters, priority classes and policy parameters',
        response: { 200: SetupState, ...errors },
      },
      preHandler: admin,
    },
    async () => opts.setup.state(),
  );

  app.put(
    '/admin/setup',
    {
      schema: {
        tags: ['admin'],
        summary: 'Replace the set-up; applied at once, no restart. 400 SETUP_INVALID lists every problem in details.problems',
        description:
          'Refused while it would remove a service with open tickets today or booked appointments to come, a counter that is not closed, or a priority class held by an open ticket. `expectedVersion` (the version you loaded) makes a save made meanwhile by someone else a 409 SETUP_CHANGED instead of overwriting it.',
        body: Type.Object(
          { setup: SiteSetup, expectedVersion: Type.Optional(Type.Integer({ minimum: 0 })) },
          { additionalProperties: false },
        ),
        response: { 200: SetupState, ...errors },
      },
      preHandler: admin,
    },
    async (request) => opts.setup.save(request.body.setup, request.caller, request.body.expectedVersion),
  );
};
