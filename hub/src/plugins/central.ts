/** `callboard central` (a `central` section in the configuration): the head-office console's consumer and store. */
import fp from 'fastify-plugin';
import { CentralConsole } from '../central';
import { CentralRepository } from '../store';
import { stopOnClose } from '../teardown';
import { addDays, businessDate } from '../time';
import type { HubOptions } from './options';

declare module 'fastify' {
  interface FastifyInstance {
    /** The central console, or null on a site hub. */
    central: CentralConsole | null;
  }
}

const PRUNE_EVERY_MS = 6 * 3_600_000;

export const centralPlugin = fp<HubOptions>(
  async (app, { config, now }) => {
    if (!config.central) {
      app.decorate('central', null);
      return;
    }
    const repo = await CentralRepository.open(config.dataDir);
    const central = CentralConsole.start({ settings: config.central, repo, now, log: app.log });
    // Group pseudonyms (cross-site repeat visits) age out here too, after `retention.identityDays`.
    const { retention, site } = config;
    const pruning = { run: Promise.resolve() as Promise<unknown> };
    const prune = () => {
      // Head office's own clock: a day's visits go once their business date — or, if earlier, the
      // day head office got them — is `identityDays` behind head office's today (docs/personal-data.md).
      const before = addDays(businessDate(now(), site.timezone, site.dayStartsAt), -retention.identityDays);
      const heldBefore = now() - retention.identityDays * 86_400_000;
      pruning.run = central
        .settled()
        .then(() => repo.dropGroupVisitsBefore(before, heldBefore))
        .then(() => repo.dropErasureHashesBefore(heldBefore))
        .catch((err: Error) => app.log.warn({ err: err.message }, 'central: group visits past retention not removed'));
    };
    let timer: ReturnType<typeof setInterval> | null = null;
    if (retention.enabled) {
      prune();
      timer = setInterval(prune, PRUNE_EVERY_MS);
      timer.unref();
    }
    stopOnClose(app, 'central', async () => {
      if (timer) clearInterval(timer);
      await pruning.run;
      await central.close();
    });
    app.decorate('central', central);
  },
  { name: 'central', dependencies: ['store'] },
);
