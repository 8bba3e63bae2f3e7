/**
 * The central console's routes (`callboard central`; supervisors and admins of the central
 * instance): every site's live status, and one site's closed days and audit records. On a site
 * hub (no `central` section) they answer 404 NOT_FOUND.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { CentralConsole } from '../central';
import { CallboardError, CentralSiteDetail, CentralSitesReply, ErrorReply, TOPIC_SEGMENT } from '../protocol';
import { requireStaff } from './context';

const errors = { 401: ErrorReply, 403: ErrorReply, 404: ErrorReply };

export const centralRoutes: FastifyPluginAsyncTypebox<{ central: CentralConsole | null; now: () => number }> = async (
  app,
  { central, now },
) => {
  const need = (): CentralConsole => {
    if (!central) throw new CallboardError('NOT_FOUND', 'this hub is not a central console (callboard central)');
    return central;
  };

  app.get(
    '/central/sites',
    {
      schema: {
        tags: ['central'],
        summary: 'Central console: every site’s live status (supervisor of the central instance)',
        response: { 200: CentralSitesReply, ...errors },
      },
      preHandler: requireStaff('supervisor'),
    },
    async () => {
      const c = need();
      return { at: now(), brokerConnected: c.connected, sites: c.sites() };
    },
  );

  app.get(
    '/central/sites/:siteId',
    {
      schema: {
        tags: ['central'],
        summary: 'Central console: one site’s status, closed days and newest audit records (supervisor)',
        params: Type.Object({ siteId: Type.String({ pattern: TOPIC_SEGMENT.source }) }),
        response: { 200: CentralSiteDetail, ...errors },
      },
      preHandler: requireStaff('supervisor'),
    },
    async (request) => {
      const detail = await need().detail(request.params.siteId);
      if (!detail) throw new CallboardError('NOT_FOUND', `no site "${request.params.siteId}" has reported`);
      return detail;
    },
  );
};
