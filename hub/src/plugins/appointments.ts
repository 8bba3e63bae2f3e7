/** The appointment book (docs/appointments.md); missed windows become no-shows at start-up too. */
import fp from 'fastify-plugin';
import { AppointmentService, attachToDevices } from '../appointments';
import { stopOnClose } from '../teardown';
import type { HubOptions } from './options';

declare module 'fastify' {
  interface FastifyInstance {
    appointments: AppointmentService;
  }
}

export const appointmentsPlugin = fp<HubOptions>(
  async (app, { config, now }) => {
    const { repos, queue, bus, events, audit, secret } = app;
    const appointments = await AppointmentService.start({
      config,
      records: repos.appointments,
      queue,
      bus,
      events,
      audit,
      secret,
      now,
      log: app.log,
    });
    stopOnClose(app, 'appointments', () => appointments.close());
    attachToDevices(appointments, app.devices, app.log);
    await appointments.sweep();
    app.decorate('appointments', appointments);
  },
  { name: 'appointments', dependencies: ['store', 'accounts', 'broker', 'events', 'queue', 'devices'] },
);
