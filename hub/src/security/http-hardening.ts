/**
 * HTTP hardening for a hub on a shared LAN, as one Fastify plugin:
 * - idle, slow-header and slow-request timeouts on the HTTP server, and a per-address cap on
 *   open connections (WebSocket ones included);
 * - cross-site refusal of every state-changing request (security/cross-site.ts);
 * - a Content-Security-Policy on the kiosk, display and staff apps.
 */
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { CallboardError } from '../protocol';
import { crossSiteRefusal, originOf } from './cross-site';
import { AppCspCache } from './csp';
import { AddressCap, type SecuritySettings } from './settings';

export interface HttpHardeningOptions {
  settings: SecuritySettings;
  publicUrl: string;
  /** Where the apps' builds are (`<root>/<app>/build/index.html`). */
  repoRoot: string;
  apps: readonly string[];
}

export const httpHardening = fp<HttpHardeningOptions>(
  async (app: FastifyInstance, opts) => {
    const { settings } = opts;
    const server = app.server;
    server.timeout = settings.httpIdleTimeoutMs;
    server.keepAliveTimeout = Math.min(server.keepAliveTimeout || 5000, settings.httpIdleTimeoutMs);
    server.headersTimeout = settings.httpHeadersTimeoutMs;
    server.requestTimeout = settings.httpRequestTimeoutMs;
    const caps = new AddressCap(settings);
    server.on('connection', (socket) => {
      const address = socket.remoteAddress;
      if (!caps.acquire(address)) {
        app.log.warn({ address }, 'http connection refused: too many from this address');
        socket.destroy();
        return;
      }
      socket.once('close', () => caps.release(address));
    });

    const publicOrigin = originOf(opts.publicUrl);
    app.addHook('onRequest', async (request) => {
      const host = request.headers.host;
      const own = [...(host ? [`${request.protocol}://${host}`.toLowerCase()] : []), ...(publicOrigin ? [publicOrigin] : [])];
      const why = crossSiteRefusal({ method: request.method, headers: request.headers, ownOrigins: own });
      if (why) {
        request.log.warn({ ip: request.ip, url: request.url, origin: request.headers.origin }, 'cross-site request refused');
        throw new CallboardError('FORBIDDEN', why);
      }
    });

    const csp = new AppCspCache();
    const appOf = (url: string) => opts.apps.find((a) => url === `/${a}` || url.startsWith(`/${a}/`));
    app.addHook('onSend', async (request, reply) => {
      const name = appOf(request.url);
      const type = String(reply.getHeader('content-type') ?? '');
      if (!name || !type.startsWith('text/html')) return;
      reply.header('content-security-policy', csp.policyFor(path.join(opts.repoRoot, name, 'build', 'index.html')));
    });
  },
  { name: 'callboard-http-hardening' },
);
