/**
 * Device registry routes: staff see every device and its printer; a device (a kiosk page with
 * its token) may read its own state and ask for a ticket to be printed at its bridge.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireStaff } from '../api/context';
import { CallboardError, DeviceListReply, DeviceWithSettings, ErrorReply, PrintTicketBody, PrintTicketReply } from '../protocol';
import { deviceCan } from '../security/capabilities';
import type { DeviceService } from './device-service';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const deviceRoutes: FastifyPluginAsyncTypebox<{ devices: DeviceService }> = async (app, { devices }) => {
  const { queue, auth } = app.hub;

  app.get(
    '/devices',
    {
      schema: {
        tags: ['devices'],
        summary: 'Every paired device: online/offline, peripherals, printer paper and cover state',
        response: { 200: DeviceListReply, 401: ErrorReply, 403: ErrorReply },
      },
      preHandler: requireStaff('clerk'),
    },
    async () => ({ devices: await devices.list() }),
  );

  app.get(
    '/devices/:id',
    {
      schema: {
        tags: ['devices'],
        summary: 'One device with its screen settings: for staff, or for the device itself (a kiosk checks its printer)',
        params: IdParams,
        response: { 200: DeviceWithSettings, 401: ErrorReply, 403: ErrorReply, 404: ErrorReply },
      },
    },
    async (request) => {
      const { caller } = request;
      if (!caller.staff && !caller.device) throw new CallboardError('UNAUTHENTICATED', 'sign in, or use a device token');
      // A device reads its own record only: another device's state, peripherals and settings are staff business.
      if (!caller.staff && (caller.device?.id !== request.params.id || !deviceCan(caller.device.kind, 'read-own-record')))
        throw new CallboardError('FORBIDDEN', 'a device may read only its own record');
      const view = await devices.get(request.params.id);
      if (!view) throw new CallboardError('NOT_FOUND', `no device "${request.params.id}"`);
      const settings = await auth.deviceSettings(request.params.id);
      return settings ? { ...view, settings } : view;
    },
  );

  app.post(
    '/devices/:id/print-ticket',
    {
      schema: {
        tags: ['devices'],
        summary: 'Print a ticket at the bridge serving kiosk :id (the kiosk itself, or staff)',
        params: IdParams,
        body: PrintTicketBody,
        response: { 202: PrintTicketReply, 400: ErrorReply, 401: ErrorReply, 403: ErrorReply, 404: ErrorReply, 503: ErrorReply },
      },
    },
    async (request, reply) => {
      const { caller } = request;
      // Only a kiosk page prints, and only at its own bridge: a display or bridge token may not.
      if (!caller.staff && (caller.device?.id !== request.params.id || !deviceCan(caller.device.kind, 'print-ticket')))
        throw new CallboardError(caller.device ? 'FORBIDDEN' : 'UNAUTHENTICATED', 'only this kiosk or staff may print here');
      const ticket = queue.views.issuedView(queue.ticket(request.body.ticketId));
      const sent = devices.printForKiosk(request.params.id, ticket);
      if (!sent) throw new CallboardError('UNAVAILABLE', `no bridge with a printer is online for "${request.params.id}"`);
      return reply.status(202).send(sent);
    },
  );
};
