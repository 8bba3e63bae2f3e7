/** With TLS, a plain-HTTP port (tls.redirectHttpPort) that redirects to HTTPS. */
import fp from 'fastify-plugin';
import { startHttpsRedirect } from '../api/https-redirect';
import { stopOnClose } from '../teardown';
import type { HubOptions } from './options';

declare module 'fastify' {
  interface FastifyInstance {
    /** The redirecting port, if any. */
    httpsRedirectPort: number | null;
  }
}

export const httpsRedirectPlugin = fp<HubOptions>(
  async (app, { config, tls }) => {
    const redirect =
      tls && config.tls?.redirectHttpPort !== undefined ? await startHttpsRedirect(config, config.tls.redirectHttpPort) : null;
    if (redirect) stopOnClose(app, 'https redirect', () => redirect.close());
    app.decorate('httpsRedirectPort', redirect ? redirect.port : null);
  },
  { name: 'https-redirect' },
);
