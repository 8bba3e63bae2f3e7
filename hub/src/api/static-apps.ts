/**
 * Serves the three built web apps at /kiosk/, /display/, /staff/. Each is a static SPA with a
 * fallback to its index.html for deep links (e.g. /display/counter/3). An app that has not
 * been built answers with a page that says so, rather than a bare 404.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const APPS = ['kiosk', 'display', 'staff'] as const;

export async function registerStaticApps(app: FastifyInstance, repoRoot: string): Promise<string[]> {
  const served: string[] = [];
  for (const name of APPS) {
    const root = path.join(repoRoot, name, 'build');
    const index = path.join(root, 'index.html');
    if (!existsSync(index)) {
      app.get(`/${name}/*`, async (_req, reply) =>
        reply
          .status(503)
          .type('text/html; charset=utf-8')
          .send(
            `<!doctype html><meta charset="utf-8"><title>${name}</title><p>The ${name} app is not built. Run <code>npm run build</code> (npm start does it for you).</p>`,
          ),
      );
      continue;
    }
    await app.register(async (scope) => {
      await scope.register(fastifyStatic, {
        root,
        prefix: `/${name}/`,
        decorateReply: false,
        wildcard: false,
        index: ['index.html'],
      });
      // Deep links and unknown paths of an SPA get its shell; the client router takes over.
      // Read per request (a few kB) so a rebuild while the hub runs never serves a stale shell.
      scope.get(`/${name}/*`, async (_req, reply) => reply.type('text/html; charset=utf-8').send(await readFile(index)));
    });
    served.push(name);
  }
  app.get('/', async (_req, reply) => reply.redirect('/display/'));
  // The phone tracking page lives in the kiosk app (it shares the kiosk's ticket views).
  app.get('/t/:token', async (req, reply) =>
    reply.redirect(`/kiosk/track/${encodeURIComponent((req.params as { token: string }).token)}`),
  );
  // The appointment page (the reminder text's link) too.
  app.get('/b/:token', async (req, reply) =>
    reply.redirect(`/kiosk/booking/${encodeURIComponent((req.params as { token: string }).token)}`),
  );
  return served;
}
