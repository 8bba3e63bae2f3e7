/**
 * The central console's routes (`callboard central`; supervisors and admins of the central
 * instance): every site's live status, and one site's closed days and audit records. On a site
 * hub (no `central` section) they answer 404 NOT_FOUND.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { crossSiteKpis } from '../analytics/cross-site';
import type { CentralConsole } from '../central';
import {
  CallboardError,
  CentralKpiQuery,
  CentralKpiReport,
  CentralSiteDetail,
  CentralSitesReply,
  ErrorReply,
  TOPIC_SEGMENT,
} from '../protocol';
import { centralLabels, centralRange } from './central-range';
import { requireStaff } from './context';
import { jsonOrCsv } from './json-or-csv';

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

  app.get(
    '/central/reports/kpis',
    {
      schema: {
        tags: ['central'],
        summary:
          'Cross-site KPIs from the closed days the sites sent up: the site report’s tables (arrivals, waits, service level, rates, counters, clerks, satisfaction) across sites, and one row per site; ?format=csv&table=…',
        querystring: CentralKpiQuery,
        produces: ['application/json', 'text/csv'],
        response: { 200: CentralKpiReport, 400: ErrorReply, ...errors },
      },
      preHandler: requireStaff('supervisor'),
    },
    async (request, reply) => {
      const c = need();
      const q = request.query;
      const { days, from, to } = await centralRange(c, q, now);
      const { queue } = app.hub;
      const report = crossSiteKpis({
        days,
        from,
        to,
        timeZone: app.hub.config.site.timezone,
        services: [...queue.services.values()],
      });
      const body: CentralKpiReport = {
        ...report,
        labels: centralLabels(queue),
      };
      return jsonOrCsv(reply, q, 'central-kpis', body, {
        sites: body.sites,
        waiting: body.waiting,
        arrivals: body.arrivals,
        daily: body.daily,
        serviceTime: body.serviceTime,
        serviceLevel: body.serviceLevel,
        rates: body.rates,
        outcomes: body.outcomes,
        counters: body.counters,
        clerks: body.clerks,
        satisfaction: body.satisfaction,
      });
    },
  );
};
