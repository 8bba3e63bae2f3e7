/** The visitor-only HTTP port (`visitors.publicListener`), when the site sets one (api/public-listener.ts). */
import fp from 'fastify-plugin';
import { installPublicListener } from '../api/public-listener';
import { stopOnClose } from '../teardown';
import { createApp } from './instance';
import type { HubOptions } from './options';

declare module 'fastify' {
  interface FastifyInstance {
    /** The public listener's port, if any. */
    publicPort: number | null;
  }
}

export const publicListenerPlugin = fp<HubOptions>(
  async (app, { config, appsRoot }) => {
    const listener = config.visitors.publicListener;
    if (!listener) {
      app.decorate('publicPort', null);
      return;
    }
    const server = createApp(null, app.log.child({ listener: 'public' }), listener.trustProxy ?? []);
    await installPublicListener(server, app.hub, appsRoot, app.notify, app.appointments);
    stopOnClose(app, 'public listener', () => server.close());
    await server.listen({ port: listener.port, host: listener.host ?? config.server.host });
    const addr = server.server.address();
    app.decorate('publicPort', typeof addr === 'object' && addr ? addr.port : listener.port);
  },
  { name: 'public-listener', dependencies: ['http', 'notify', 'appointments'] },
);
