/**
 * The public listener (`visitors.publicListener`, off by default): a second HTTP port that serves
 * only what a visitor's phone needs — the visitor routes (api/visitors.ts: join, track, rating,
 * cancel, I'm late, I'm here) and the kiosk app's join and tracking pages — so that a site can
 * publish this port alone through its reverse proxy (docs/operations.md). Nothing else exists on
 * it: no staff, device or admin route, no sign-in, no MQTT (the tracking page polls instead),
 * no OpenAPI page. Every caller is anonymous (a session cookie or device token is not even read),
 * and no request counts as being on the site's network.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { AppointmentService } from '../appointments';
import type { Notifier } from '../notify';
import { API_PREFIX, CallboardError } from '../protocol';
import { httpHardening } from '../security/http-hardening';
import { callerFor } from '../service/caller';
import { bookingPageRoutes } from './booking-page';
import type { HubContext } from './context';
import { installErrorHandling } from './errors';
import { notifyRoutes } from './notify';
import { visitorRoutes } from './visitors';

const notFoundBody = { error: { code: 'NOT_FOUND', message: 'not found' } };

/** The kiosk app's pages a phone opens; every other kiosk path is not served here. */
const VISITOR_PAGES = /^\/kiosk\/(join|track\/[A-Za-z0-9]{8,64}|booking\/[A-Za-z0-9_-]{16,64})\/?(\?.*)?$/;

export async function installPublicListener(
  app: FastifyInstance,
  hub: HubContext,
  appsRoot: string | undefined,
  notify: Notifier,
  appointments: AppointmentService,
): Promise<void> {
  app.decorate('hub', hub);
  installErrorHandling(app);
  app.addHook('onSend', async (_req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-opener-policy', 'same-origin');
  });
  await app.register(httpHardening, {
    settings: hub.config.security,
    publicUrl: hub.config.site.publicUrl,
    repoRoot: appsRoot ?? '',
    apps: appsRoot !== undefined ? ['kiosk'] : [],
  });
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) =>
      Object.assign(new CallboardError('RATE_LIMITED', `too many requests: retry in ${Math.ceil(ctx.ttl / 1000)} s`), {
        statusCode: 429,
      }),
  });
  await app.register(
    async (api) => {
      api.decorateRequest('caller', null as never);
      api.addHook('onRequest', async (request) => {
        request.caller = callerFor({ kind: 'anonymous' }, request.ip);
      });
      await api.register(visitorRoutes, { viaPublic: true });
      await api.register(bookingPageRoutes, { appointments, viaPublic: true });
      // The visitor's notification settings (`/track/{token}/notify`) from the notifications'
      // route plugin; its staff routes in the same plugin are answered 404 here.
      await api.register(async (scope) => {
        scope.addHook('onRequest', async (request, reply) => {
          if (!/^\/api\/v1\/track\/[^/]+\/notify(\?|$)/.test(request.url)) await reply.status(404).send(notFoundBody);
        });
        await scope.register(notifyRoutes, { notify });
      });
    },
    { prefix: API_PREFIX },
  );
  const notFound = notFoundBody;
  app.setNotFoundHandler((_req, reply) => reply.status(404).send(notFound));
  app.get('/t/:token', async (req, reply) =>
    reply.redirect(`/kiosk/track/${encodeURIComponent((req.params as { token: string }).token)}`),
  );
  app.get('/b/:token', async (req, reply) =>
    reply.redirect(`/kiosk/booking/${encodeURIComponent((req.params as { token: string }).token)}`),
  );
  const root = appsRoot === undefined ? undefined : path.join(appsRoot, 'kiosk', 'build');
  if (!root || !existsSync(path.join(root, 'index.html'))) return;
  const index = path.join(root, 'index.html');
  await app.register(async (scope) => {
    // The app's code and styles (hashed file names); the shell only for the visitor's pages.
    await scope.register(fastifyStatic, { root: path.join(root, '_app'), prefix: '/kiosk/_app/', decorateReply: false });
    scope.get('/kiosk/*', async (req, reply) => {
      if (!VISITOR_PAGES.test(req.url)) return reply.status(404).send(notFound);
      return reply.type('text/html; charset=utf-8').send(await readFile(index));
    });
  });
}
