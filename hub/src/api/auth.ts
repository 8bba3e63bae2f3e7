/** Sign-in for staff (scrypt + httpOnly session cookie) and resolution of who is calling. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import fp from 'fastify-plugin';
import { Type } from 'typebox';
import { CallboardError, ErrorReply, LoginBody, LoginReply, SESSION_COOKIE } from '../protocol';
import { SESSION_TTL_MS } from '../service/auth-service';
import { callerFor } from '../service/caller';
import type { StaffPrincipal } from '../service/principals';

/** Decorates every request with `request.caller`: staff session, device token, or anonymous. */
export const callerPlugin = fp(
  async (app) => {
    app.decorateRequest('caller', null as never);
    app.addHook('onRequest', async (request) => {
      const ip = request.ip;
      const header = request.headers.authorization;
      if (header?.startsWith('Bearer ')) {
        const bearer = header.slice(7).trim();
        // A Prometheus scraper's token (security.metricsToken) reads /metrics and nothing else.
        const scrape = app.hub.config.security.metricsToken;
        if (scrape && bearer === scrape) {
          request.caller = { ...callerFor({ kind: 'anonymous' }, ip), scraper: true };
          return;
        }
        const device = app.hub.auth.deviceForToken(bearer);
        if (!device) throw new CallboardError('UNAUTHENTICATED', 'unknown device token');
        request.caller = {
          ...callerFor({ kind: 'device', id: device.id, deviceKind: device.kind }, ip),
          device: { id: device.id, kind: device.kind },
        };
        return;
      }
      const token = request.cookies?.[SESSION_COOKIE];
      const session = token ? app.hub.auth.staffForSession(token) : undefined;
      if (session && token) {
        const s = session.staff;
        const staff: StaffPrincipal = { kind: 'staff', id: s.id, role: s.role, skills: s.skills };
        request.caller = { ...callerFor(staff, ip), staff, sessionToken: token };
        return;
      }
      request.caller = callerFor({ kind: 'anonymous' }, ip);
    });
  },
  { name: 'callboard-caller' },
);

export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const secure = app.hub.config.site.publicUrl.startsWith('https://');

  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in as staff; sets the httpOnly session cookie',
        body: LoginBody,
        response: { 200: LoginReply, 400: ErrorReply, 401: ErrorReply, 429: ErrorReply },
      },
      config: { rateLimit: { max: app.hub.config.rateLimit.loginPerMinute, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      try {
        const { token, staff, expiresAt } = await app.hub.auth.login(request.body.username, request.body.password, request.ip);
        await app.hub.audit.record({ actor: { type: 'staff', id: staff.id }, ip: request.ip }, 'auth.login', staff.id);
        void reply.setCookie(SESSION_COOKIE, token, {
          httpOnly: true,
          sameSite: 'strict',
          secure,
          path: '/',
          maxAge: SESSION_TTL_MS / 1000,
        });
        return { staff, expiresAt };
      } catch (err) {
        if (err instanceof CallboardError && err.code === 'RATE_LIMITED')
          void reply.header('retry-after', String((err.details as { retryAfterSec?: number }).retryAfterSec ?? 60));
        if (err instanceof CallboardError && err.code === 'BAD_CREDENTIALS')
          await app.hub.audit.record({ actor: { type: 'anonymous' }, ip: request.ip }, 'auth.login_failed', undefined, {
            username: request.body.username,
          });
        throw err;
      }
    },
  );

  app.post(
    '/auth/logout',
    { schema: { tags: ['auth'], summary: 'End the staff session', response: { 200: Type.Object({ ok: Type.Literal(true) }) } } },
    async (request, reply) => {
      const token = request.caller.sessionToken;
      if (token) {
        await app.hub.auth.logout(token);
        await app.hub.audit.record(request.caller, 'auth.logout', request.caller.staff?.id);
      }
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/auth/me',
    { schema: { tags: ['auth'], summary: 'Who is signed in', response: { 200: LoginReply, 401: ErrorReply } } },
    async (request) => {
      const token = request.caller.sessionToken;
      const session = token ? app.hub.auth.staffForSession(token) : undefined;
      if (!session) throw new CallboardError('UNAUTHENTICATED', 'not signed in');
      return { staff: session.staff, expiresAt: session.expiresAt };
    },
  );
};
