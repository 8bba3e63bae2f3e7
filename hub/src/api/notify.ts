/**
 * Notification routes (docs/notifications.md, docs/security.md):
 * - the visitor's "tell me when" on their tracking page: public, the tracking token is the
 *   credential (as for cancel and rating), rate limited; a phone given here is sealed at once
 *   and never comes back in clear (only `138****5678`);
 * - the clerk sees the kept phone masked, with what the visitor asked for;
 * - the supervisor sees the outbox (texts queued, sent, failed), numbers masked.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Notifier } from '../notify';
import { ErrorReply, NotifySettingsBody, NotifySettingsView } from '../protocol';
import { requireStaff } from './context';

const Token = Type.Object({ token: Type.String({ minLength: 8, maxLength: 64 }) });

const OutboxRow = Type.Object({
  id: Type.String(),
  purpose: Type.String(),
  about: Type.Optional(Type.String()),
  toMasked: Type.String(),
  state: Type.String(),
  attempts: Type.Integer(),
  lastError: Type.Optional(Type.String()),
  createdAt: Type.Integer(),
  doneAt: Type.Optional(Type.Integer()),
});
const OutboxReply = Type.Object({
  transport: Type.String(),
  waiting: Type.Integer(),
  stats: Type.Object({
    queued: Type.Integer(),
    sent: Type.Integer(),
    failed: Type.Integer(),
    retries: Type.Integer(),
    delivered: Type.Integer(),
  }),
  messages: Type.Array(OutboxRow),
});

export const notifyRoutes: FastifyPluginAsyncTypebox<{ notify: Notifier }> = async (app, { notify }) => {
  const { queue } = app.hub;

  app.get(
    '/track/:token/notify',
    {
      schema: {
        tags: ['notifications'],
        summary: 'What the visitor asked to be told about their ticket (phone masked); public, by tracking token',
        params: Token,
        response: { 200: NotifySettingsView, 404: ErrorReply },
      },
    },
    async (request) => notify.subscriptions.view(request.params.token),
  );

  app.put(
    '/track/:token/notify',
    {
      schema: {
        tags: ['notifications'],
        summary: 'The visitor asks for texts: "N ahead" (default 3) and "called"; public, by tracking token',
        description:
          'Public: the tracking token is the proof of holding the ticket (the phone page, or the kiosk right after issue). ' +
          'A phone given is sealed (AES-GCM) and erased when the ticket is over or the business day ends; replies show it masked. ' +
          '`stop: true` forgets it. Rate limited (10 a minute per address).',
        params: Token,
        body: NotifySettingsBody,
        response: { 200: NotifySettingsView, 400: ErrorReply, 404: ErrorReply, 409: ErrorReply, 429: ErrorReply },
      },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request) => notify.subscriptions.set(request.params.token, request.body),
  );

  app.get(
    '/tickets/:id/notify',
    {
      schema: {
        tags: ['notifications'],
        summary: 'The texts a visitor asked for, with the phone masked (clerk and up)',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: NotifySettingsView, 401: ErrorReply, 403: ErrorReply, 404: ErrorReply },
      },
      preHandler: requireStaff('clerk'),
    },
    async (request) => notify.subscriptions.view(queue.ticket(request.params.id).trackToken),
  );

  app.get(
    '/notifications/outbox',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Texts to visitors in the last day: queued, sent, delivered, failed (numbers masked; supervisor)',
        response: { 200: OutboxReply, 401: ErrorReply, 403: ErrorReply },
      },
      preHandler: requireStaff('supervisor'),
    },
    async () => {
      const docs = await notify.recent(Date.now() - 24 * 3600_000);
      return {
        transport: notify.outbox.transportName,
        waiting: notify.outbox.waiting,
        stats: { ...notify.outbox.stats },
        messages: docs.map((d) => ({
          id: d._id,
          purpose: d.purpose,
          ...(d.about ? { about: d.about } : {}),
          toMasked: d.toMasked,
          state: d.state,
          attempts: d.attempts,
          ...(d.lastError ? { lastError: d.lastError } : {}),
          createdAt: d.createdAt,
          ...(d.doneAt ? { doneAt: d.doneAt } : {}),
        })),
      };
    },
  );
};
