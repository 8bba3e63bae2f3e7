/** The site secret (keyed hashes of identities) and the staff and device accounts, seeded once from the configuration. */
import fp from 'fastify-plugin';
import { loadSiteSecret } from '../security';
import { AuthService } from '../service/auth-service';
import type { HubOptions } from './options';

declare module 'fastify' {
  interface FastifyInstance {
    secret: string;
    auth: AuthService;
    seededStaff: string[];
  }
}

export const accountsPlugin = fp<HubOptions>(
  async (app, { config, now }) => {
    app.decorate('secret', await loadSiteSecret(config.dataDir, config.secret));
    const auth = new AuthService(app.repos, now);
    const { seededStaff } = await auth.load(config);
    app.decorate('auth', auth);
    app.decorate('seededStaff', seededStaff);
  },
  { name: 'accounts', dependencies: ['store'] },
);
