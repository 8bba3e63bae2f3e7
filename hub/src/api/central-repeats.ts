/**
 * Cross-site repeat visits at head office (`callboard central`; supervisors of the central
 * instance), from the visits the sites of a group sent up under their group pseudonym. On a
 * site hub (no `central` section) it answers 404 NOT_FOUND.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { crossSiteRepeats } from '../analytics/cross-site-repeats';
import type { CentralConsole } from '../central';
import { CallboardError, CentralRepeatQuery, CentralRepeatReport, ErrorReply } from '../protocol';
import { centralLabels, centralRange } from './central-range';
import { requireStaff } from './context';
import { jsonOrCsv } from './json-or-csv';

const DEFAULT_WINDOW_HOURS = 72;

export const centralRepeatRoutes: FastifyPluginAsyncTypebox<{ central: CentralConsole | null; now: () => number }> = async (
  app,
  { central, now },
) => {
  app.get(
    '/central/reports/repeats',
    {
      schema: {
        tags: ['central'],
        summary:
          'Cross-site repeat visits from the visits the sites of a group sent up (group pseudonyms only): the site report’s tables, one row per site and the site-to-site flow; ?format=csv&table=…',
        querystring: CentralRepeatQuery,
        produces: ['application/json', 'text/csv'],
        response: { 200: CentralRepeatReport, 400: ErrorReply, 401: ErrorReply, 403: ErrorReply, 404: ErrorReply },
      },
      preHandler: requireStaff('supervisor'),
    },
    async (request, reply) => {
      if (!central) throw new CallboardError('NOT_FOUND', 'this hub is not a central console (callboard central)');
      const q = request.query;
      const { days, from, to } = await centralRange(central, q, now);
      const report = crossSiteRepeats({
        days,
        from,
        to,
        windowHours: q.windowHours ?? DEFAULT_WINDOW_HOURS,
        ...(q.site ? { site: q.site } : {}),
      });
      const body: CentralRepeatReport = {
        ...report,
        labels: centralLabels(app.hub.queue),
      };
      return jsonOrCsv(reply, q, 'central-repeats', body, {
        sites: body.sites,
        siteFlow: body.siteFlow,
        overall: [body.overall],
        byService: body.byService,
        byClerkService: body.byClerkService,
        flow: body.flow,
        intervals: body.intervals,
      });
    },
  );
};
