/**
 * Closing time routes (supervisor): extend today's opening hours of a service, or close it early.
 * Each is audited (service.extend, service.close_early) and, unless told not to, puts a notice
 * on every board in both languages until the business day ends.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  CloseEarlyBody,
  ClosingReply,
  ErrorReply,
  ExtendHoursBody,
  type Localized,
  type NoticeView,
  type Service,
} from '../protocol';
import type { HoursChange } from '../queue';
import type { LivePublisher } from '../service/live-publisher';
import { requireStaff } from './context';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply, 404: ErrorReply };

/** "HH:MM" of an instant in the site's zone. */
function clock(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

/** What the boards say about a change, in both languages. */
export function closingNotice(service: Service, change: HoursChange, timeZone: string): Localized {
  const time = clock(change.until, timeZone);
  if (change.kind === 'extend')
    return {
      zh: `${service.name.zh}今日延长办理至 ${time}`,
      en: `${service.name.en}: open today until ${time}`,
    };
  return {
    zh: `${service.name.zh}今日 ${time} 起停止取号，已取号的市民仍将办理`,
    en: `${service.name.en}: no new tickets today from ${time}; everyone already waiting will be served`,
  };
}

export const closingRoutes: FastifyPluginAsyncTypebox<{ publisher: LivePublisher; now: () => number }> = async (
  app,
  { publisher, now },
) => {
  const { queue, config } = app.hub;

  async function apply(
    serviceId: string,
    kind: HoursChange['kind'],
    until: string | undefined,
    notify: boolean,
    caller: Parameters<typeof queue.closing.change>[3],
  ): Promise<ClosingReply> {
    const { change, service } = await queue.closing.change(serviceId, kind, until, caller);
    const reply: ClosingReply = {
      serviceId,
      day: change.day,
      kind,
      closesAt: change.until,
      open: queue.closing.isOpen(service, now()),
    };
    if (notify) {
      const at = now();
      const notice: NoticeView = {
        id: randomUUID(),
        text: closingNotice(service, change, config.site.timezone),
        at,
        expiresAt: queue.closing.boundsOf(service)(at).end,
      };
      if (caller.actor.id) notice.by = caller.actor.id;
      await publisher.addNotice(notice, at);
      reply.noticeId = notice.id;
    }
    return reply;
  }

  app.post(
    '/services/:id/extend',
    {
      schema: {
        tags: ['floor'],
        summary: "Extend today's opening hours of a service until a later time (supervisor); audited as service.extend",
        params: IdParams,
        body: ExtendHoursBody,
        response: { 200: ClosingReply, ...errors },
      },
      preHandler: requireStaff('supervisor'),
    },
    async (request) => apply(request.params.id, 'extend', request.body.until, request.body.notice ?? true, request.caller),
  );

  app.post(
    '/services/:id/close-early',
    {
      schema: {
        tags: ['floor'],
        summary:
          'Stop issuing tickets for a service today from now or a given time (supervisor); those waiting are still served; audited as service.close_early',
        params: IdParams,
        body: CloseEarlyBody,
        response: { 200: ClosingReply, ...errors },
      },
      preHandler: requireStaff('supervisor'),
    },
    async (request) => apply(request.params.id, 'close-early', request.body.at, request.body.notice ?? true, request.caller),
  );
};
