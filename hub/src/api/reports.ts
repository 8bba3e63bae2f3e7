/**
 * Reports (supervisor role): KPIs, repeat visits and their pairs, frequent visitors, staffing
 * advice, an Erlang C calculator. JSON by default; `?format=csv&table=<name>` returns one table
 * as CSV (UTF-8 with BOM, for Excel). Everything is computed by hub/src/analytics; this plugin
 * only checks the caller, names things for humans (labels) and picks the output format.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CsvRow } from '../analytics/csv';
import { erlangAgentsFor, erlangAsa, erlangC, erlangServiceLevel } from '../analytics/erlang';
import { ReportService } from '../analytics/history/report-service';
import { outOfOrderByClerk, outOfOrderCalls } from '../analytics/out-of-order';
import {
  ErlangQuery,
  ErlangReply,
  ErrorReply,
  FrequentQuery,
  FrequentReply,
  KpiQuery,
  KpiReport,
  OutOfOrderQuery,
  OutOfOrderReport,
  PhoneReport,
  PhoneReportQuery,
  RepeatPairsQuery,
  RepeatPairsReply,
  RepeatQuery,
  RepeatReport,
  type ReportLabels,
  StaffingQuery,
  StaffingReply,
} from '../protocol';
import type { Repositories } from '../store/repositories';
import { addDays, dayStartMinutes, localToEpoch } from '../time';
import { requireStaff } from './context';
import { jsonOrCsv } from './json-or-csv';

const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply };
const JSON_OR_CSV = ['application/json', 'text/csv'];

export interface ReportRoutesOptions {
  repos: Pick<Repositories, 'tickets' | 'staff' | 'archive' | 'audit' | 'phoneContacts'>;
}

export const reportRoutes: FastifyPluginAsyncTypebox<ReportRoutesOptions> = async (app, { repos }) => {
  const { config, queue } = app.hub;
  const reports = new ReportService({
    archive: repos.archive,
    timeZone: config.site.timezone,
    services: () => [...queue.services.values()],
    today: () => queue.businessDate,
    hot: (from, to) => repos.tickets.between(from, to),
    phoneContacts: (from, to) => repos.phoneContacts.between(from, to),
  });

  async function labels(): Promise<ReportLabels> {
    const staff = Object.fromEntries(await repos.staff.namesById('name'));
    return {
      services: Object.fromEntries([...queue.services.values()].map((s) => [s.id, s.name])),
      counters: Object.fromEntries(config.counters.map((c) => [c.id, c.name])),
      staff,
      classes: Object.fromEntries(queue.catalogue.classes.map((c) => [c.id, c.name])),
    };
  }

  const guard = { preHandler: requireStaff('supervisor') };

  app.get(
    '/reports/kpis',
    {
      ...guard,
      schema: {
        tags: ['reports'],
        summary:
          'KPIs over a date range: arrivals per hour, waits, service times, service level, rates, counters, clerks, satisfaction ratings',
        querystring: KpiQuery,
        produces: JSON_OR_CSV,
        response: { 200: KpiReport, ...errors },
      },
    },
    async (request, reply) => {
      const r = { ...(await reports.kpis(request.query)), labels: await labels() };
      return jsonOrCsv(reply, request.query, 'kpis', r, {
        waiting: r.waiting,
        arrivals: r.arrivals,
        daily: r.daily,
        serviceTime: r.serviceTime,
        serviceLevel: r.serviceLevel,
        rates: r.rates,
        outcomes: r.outcomes,
        counters: r.counters,
        clerks: r.clerks,
        satisfaction: r.satisfaction,
      });
    },
  );

  app.get(
    '/reports/repeats',
    {
      ...guard,
      schema: {
        tags: ['reports'],
        summary: 'Repeat visits: rates overall, per service and per clerk × service, flow matrix, interval histogram',
        querystring: RepeatQuery,
        produces: JSON_OR_CSV,
        response: { 200: RepeatReport, ...errors },
      },
    },
    async (request, reply) => {
      const r = { ...(await reports.repeats(request.query)), labels: await labels() };
      return jsonOrCsv(reply, request.query, 'repeats', r, {
        byService: r.byService,
        byClerkService: r.byClerkService,
        flow: r.flow,
        intervals: r.intervals,
        overall: [r.overall],
        channels: r.channels,
      });
    },
  );

  app.get(
    '/reports/repeats/pairs',
    {
      ...guard,
      schema: {
        tags: ['reports'],
        summary: 'Drill-down: the pairs (served visit → return within the window), newest first',
        querystring: RepeatPairsQuery,
        produces: JSON_OR_CSV,
        response: { 200: RepeatPairsReply, ...errors },
      },
    },
    async (request, reply) => {
      const r = { ...(await reports.pairs(request.query)), labels: await labels() };
      return jsonOrCsv(reply, request.query, 'repeat-pairs', r, {
        pairs: r.pairs.map((p) => ({
          identityMasked: p.identityMasked,
          identityKind: p.identityKind,
          gapHours: p.gapHours,
          ...prefixed('first', p.first),
          ...prefixed('repeat', p.repeat),
        })),
      });
    },
  );

  app.get(
    '/reports/frequent-visitors',
    {
      ...guard,
      schema: {
        tags: ['reports'],
        summary: 'Visitors (masked) who came most often in the range, with their visits and outcomes',
        querystring: FrequentQuery,
        produces: JSON_OR_CSV,
        response: { 200: FrequentReply, ...errors },
      },
    },
    async (request, reply) => {
      const r = { ...(await reports.frequent(request.query)), labels: await labels() };
      return jsonOrCsv(reply, request.query, 'frequent-visitors', r, {
        visits: r.visitors.flatMap((v) =>
          v.history.map((h) => ({ identityMasked: v.identityMasked, identityKind: v.identityKind, visits: v.visits, ...h })),
        ),
      });
    },
  );

  app.get(
    '/reports/staffing',
    {
      ...guard,
      schema: {
        tags: ['reports'],
        summary: 'Counters needed per service and hour of the week (Erlang C) beside those that were open',
        querystring: StaffingQuery,
        produces: JSON_OR_CSV,
        response: { 200: StaffingReply, ...errors },
      },
    },
    async (request, reply) => {
      const r = { ...(await reports.staffing(request.query)), labels: await labels() };
      return jsonOrCsv(reply, request.query, 'staffing', r, { rows: r.rows });
    },
  );

  app.get(
    '/reports/phone',
    {
      ...guard,
      schema: {
        tags: ['reports'],
        summary: 'The phone channel per hour of the day: abandoned-call rate and callback success rate',
        description:
          'From phone-contacts.db (docs/phone.md). abandonRate = abandoned ÷ offered calls at the desks, by the hour the call ' +
          'began; callbackSuccessRate = callbacks finished answered ÷ callbacks ended (answered + unreachable), by the hour ' +
          'the callback ended. The last row (hour −1) is the total. Table: `hours`.',
        querystring: PhoneReportQuery,
        produces: JSON_OR_CSV,
        response: { 200: PhoneReport, ...errors },
      },
    },
    async (request, reply) => {
      const r = await reports.phone(request.query);
      return jsonOrCsv(reply, request.query, 'phone', r, { hours: r.hours });
    },
  );

  app.get(
    '/reports/out-of-order',
    {
      ...guard,
      schema: {
        tags: ['reports'],
        summary: 'Calls made out of the policy order (supervisor picks) per clerk, with their reasons, and one by one',
        description:
          'From the audit log (`ticket.call_override`, kept as long as `retention` keeps audit entries). Tables: ' +
          '`byClerk` (calls, visitors bypassed, reasons given) and `calls`.',
        querystring: OutOfOrderQuery,
        produces: JSON_OR_CSV,
        response: { 200: OutOfOrderReport, ...errors },
      },
    },
    async (request, reply) => {
      const { from, to } = reports.range(request.query);
      const start = dayStartMinutes(config.site.dayStartsAt);
      const { records } = await repos.audit.page(
        {
          action: 'ticket.call_override',
          from: localToEpoch(from, start, config.site.timezone),
          to: localToEpoch(addDays(to, 1), start, config.site.timezone),
        },
        0,
        100_000,
      );
      const calls = outOfOrderCalls(records);
      const r = { from, to, byClerk: outOfOrderByClerk(calls), calls, labels: await labels() };
      return jsonOrCsv(reply, request.query, 'out-of-order', r, { byClerk: r.byClerk, calls: r.calls });
    },
  );

  app.get(
    '/reports/erlang',
    {
      ...guard,
      schema: {
        tags: ['reports'],
        summary: 'Erlang C calculator: probability of waiting, service level, speed of answer, agents needed',
        querystring: ErlangQuery,
        response: { 200: ErlangReply, ...errors },
      },
    },
    async (request) => {
      const q = request.query;
      const erlangs = (q.arrivalsPerHour * q.ahtSec) / 3600;
      const agentsNeeded = erlangAgentsFor(erlangs, q.ahtSec, q.targetSec, q.targetShare ?? 0.8);
      const agents = q.agents ?? Math.max(1, agentsNeeded);
      return {
        erlangs,
        agents,
        occupancy: agents > 0 ? erlangs / agents : null,
        waitProbability: erlangC(erlangs, agents),
        serviceLevel: erlangServiceLevel(erlangs, agents, q.targetSec, q.ahtSec),
        asaSec: erlangAsa(erlangs, agents, q.ahtSec),
        agentsNeeded,
      };
    },
  );
};

function prefixed(prefix: string, o: Record<string, unknown>): CsvRow {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [`${prefix}${k[0]?.toUpperCase()}${k.slice(1)}`, v]));
}
