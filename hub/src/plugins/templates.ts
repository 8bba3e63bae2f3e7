/** Config templates (docs/operations.md, "Config templates"): head office's templates, or a site's applied one. */
import fp from 'fastify-plugin';
import { CentralTemplates } from '../central/templates/central';
import { SiteTemplates } from '../central/templates/site';
import { stopOnClose } from '../teardown';
import type { HubOptions } from './options';

declare module 'fastify' {
  interface FastifyInstance {
    /** Head office's templates (`central.templateKey` set), else null. */
    centralTemplates: CentralTemplates | null;
    /** The template this site takes (`uplink.templatePublicKey` set), else null. */
    siteTemplates: SiteTemplates | null;
  }
}

export const templatesPlugin = fp<HubOptions>(
  async (app, { config, now }) => {
    const central = config.central
      ? await CentralTemplates.start({ settings: config.central, dataDir: config.dataDir, audit: app.audit, now, log: app.log })
      : null;
    if (central) stopOnClose(app, 'central-templates', () => central.close());
    const site = await SiteTemplates.start({
      config,
      setup: app.setup,
      audit: app.audit,
      now,
      log: app.log,
      setSmsTexts: (texts) => app.notify.outbox.setTemplates(texts),
      notices: {
        list: () => app.publisher.notices(),
        show: async (n) => {
          await app.publisher.removeNotice(n.id);
          await app.publisher.addNotice({ ...n, at: now() }, now());
        },
        remove: async (id) => {
          await app.publisher.removeNotice(id);
        },
      },
    });
    if (site) stopOnClose(app, 'site-templates', () => site.close());
    app.decorate('centralTemplates', central);
    app.decorate('siteTemplates', site);
  },
  { name: 'templates', dependencies: ['setup', 'queue', 'notify'] },
);
