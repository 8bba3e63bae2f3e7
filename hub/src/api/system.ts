/** Liveness/readiness and Prometheus metrics. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CallboardError, ErrorReply, HealthReply } from '../protocol';

export const systemRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { queue, config, metrics } = app.hub;

  app.get(
    '/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Is the hub up, and is its MQTT broker reachable',
        response: { 200: HealthReply, 503: HealthReply },
      },
    },
    async (_request, reply) => {
      const broker = app.hub.brokerInfo();
      const { status: storage, freeBytes, lowBytes } = app.hub.storage();
      // A disk in trouble degrades the hub but keeps the 200: screens read /health before they
      // subscribe, and should go on showing the board while new tickets are refused.
      const body = {
        status: broker.connected && storage === 'ok' ? ('ok' as const) : ('degraded' as const),
        storage: { status: storage, freeBytes, lowBytes },
        version: app.hub.version,
        siteId: config.site.id,
        uptimeSec: Math.round((Date.now() - app.hub.startedAt) / 1000),
        broker: broker.mode,
        mqttConnected: broker.connected,
        businessDate: queue.businessDate,
      };
      return reply.status(broker.connected ? 200 : 503).send(body);
    },
  );

  app.get(
    '/metrics',
    {
      schema: {
        tags: ['system'],
        summary: 'Prometheus text exposition (signed-in staff, or a scraper with security.metricsToken as bearer token)',
        produces: ['text/plain'],
        response: { 200: Type.String(), 401: ErrorReply },
      },
      preHandler: async (request) => {
        if (!request.caller.staff && !request.caller.scraper)
          throw new CallboardError('UNAUTHENTICATED', 'sign in as staff, or send the metrics token as a bearer token');
      },
    },
    async (_request, reply) => {
      const broker = app.hub.brokerInfo();
      const waiting = queue.views.waitingTotal();
      const s = queue.stats;
      const mem = process.memoryUsage();
      const text = metrics.render([
        {
          name: 'callboard_waiting_tickets',
          help: 'Tickets waiting now, per service.',
          type: 'gauge',
          values: [...waiting].map(([service, value]) => ({ labels: { service }, value })),
        },
        {
          name: 'callboard_tickets_today',
          help: 'Tickets of the current business day in memory.',
          type: 'gauge',
          values: [{ value: queue.ticketCount() }],
        },
        {
          name: 'callboard_tickets_issued_total',
          help: 'Tickets issued since start.',
          type: 'counter',
          values: [{ value: s.issued }],
        },
        { name: 'callboard_calls_total', help: 'Calls since start.', type: 'counter', values: [{ value: s.calls }] },
        {
          name: 'callboard_tickets_finished_total',
          help: 'Tickets finished since start.',
          type: 'counter',
          values: [{ value: s.finished }],
        },
        { name: 'callboard_no_shows_total', help: 'No-shows since start.', type: 'counter', values: [{ value: s.noShows }] },
        {
          name: 'callboard_mqtt_clients',
          help: 'Clients connected to the embedded broker.',
          type: 'gauge',
          values: broker.clients === null ? [] : [{ value: broker.clients }],
        },
        {
          name: 'callboard_mqtt_connected',
          help: '1 when the hub can publish to its broker.',
          type: 'gauge',
          values: [{ value: broker.connected ? 1 : 0 }],
        },
        { name: 'process_resident_memory_bytes', help: 'Resident set size.', type: 'gauge', values: [{ value: mem.rss }] },
      ]);
      return reply.type('text/plain; version=0.0.4').send(text);
    },
  );
};
