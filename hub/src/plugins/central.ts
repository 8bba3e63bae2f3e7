/** `callboard central` (a `central` section in the configuration): the head-office console's consumer and store. */
import fp from 'fastify-plugin';
import { CentralConsole } from '../central';
import { CentralRepository } from '../store';
import { stopOnClose } from '../teardown';
import type { HubOptions } from './options';

declare module 'fastify' {
  interface FastifyInstance {
    /** The central console, or null on a site hub. */
    central: CentralConsole | null;
  }
}

export const centralPlugin = fp<HubOptions>(
  async (app, { config, now }) => {
    if (!config.central) {
      app.decorate('central', null);
      return;
    }
    const repo = await CentralRepository.open(config.dataDir);
    const central = CentralConsole.start({ settings: config.central, repo, now, log: app.log });
    stopOnClose(app, 'central', () => central.close());
    app.decorate('central', central);
  },
  { name: 'central', dependencies: ['store'] },
);
