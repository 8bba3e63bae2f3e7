/** An admin's saved set-up (services, counters, policy), which replaces the file's before the queue loads. */
import fp from 'fastify-plugin';
import { SetupService } from '../service/setup-service';
import { stopOnClose } from '../teardown';
import type { HubOptions } from './options';

declare module 'fastify' {
  interface FastifyInstance {
    setup: SetupService;
  }
}

export const setupPlugin = fp<HubOptions>(
  async (app, { config, now }) => {
    const { repos, auth } = app;
    const setup = await SetupService.open({
      config,
      now,
      log: app.log,
      staff: () => auth.listStaff(),
      futureAppointments: (serviceId) => repos.appointments.bookedAfter(serviceId, now()),
    });
    stopOnClose(app, 'set-up', () => setup.close());
    app.decorate('setup', setup);
  },
  { name: 'setup', dependencies: ['store', 'accounts'] },
);
