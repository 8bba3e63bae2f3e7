/** The site secret (keyed hashes of identities) and the staff and device accounts, seeded once from the configuration. */
import fp from 'fastify-plugin';
import { loadSiteSecret } from '../security';
import { SecurityAlerts } from '../security/alerts';
import { publicUrlWarning } from '../security/public-url';
import { AuthService } from '../service/auth-service';
import type { HubOptions } from './options';

declare module 'fastify' {
  interface FastifyInstance {
    secret: string;
    auth: AuthService;
    seededStaff: string[];
    /** What the floor view warns a supervisor of (public URL unset, login backoff, pairing floods …). */
    alerts: SecurityAlerts;
  }
}

export const accountsPlugin = fp<HubOptions>(
  async (app, { config, now }) => {
    app.decorate('secret', await loadSiteSecret(config.dataDir, config.secret));
    const auth = new AuthService(app.repos, now);
    const alerts = new SecurityAlerts();
    const urlWarning = publicUrlWarning(config.site.publicUrl, config.server.port);
    if (urlWarning) {
      app.log.warn({ publicUrl: config.site.publicUrl }, urlWarning);
      alerts.raise('public_url_unset', 'site.publicUrl', now());
    }
    auth.onLoginBackoff = (username) => alerts.raise('login_backoff', username, now());
    const { seededStaff } = await auth.load(config);
    app.decorate('auth', auth);
    app.decorate('alerts', alerts);
    app.decorate('seededStaff', seededStaff);
  },
  { name: 'accounts', dependencies: ['store'] },
);
