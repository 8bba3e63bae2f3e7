/**
 * Supervisor floor routes (issue 7): notices broadcast to the boards (`board.notices`, through
 * the live publisher), and the floor view's service levels and alerts.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { DeviceService } from '../devices';
import { CallboardError, ErrorReply, type FloorAlert, FloorReply, NoticeBody, NoticeView, type ServiceQueue } from '../protocol';
import type { LivePublisher } from '../service/live-publisher';
import { requireStaff } from './context';

const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply, 404: ErrorReply };
/** A counter paused longer than this raises an alert. */
export const PAUSED_TOO_LONG_MIN = 15;

export interface FloorInputs {
  now: number;
  devices: {
    id: string;
    name: string;
    state: string;
    lastSeenAt?: number;
    printer?: { condition: string };
    unprinted?: number;
    peripherals?: { kind: string; degraded?: boolean }[];
  }[];
  services: (ServiceQueue & { targetWaitMin: number })[];
  counters: { id: string; name: string; state: string; since: number }[];
  pausedTooLongMin: number;
  /** The data dir's disk (store/storage-monitor.ts). */
  storage?: { status: 'ok' | 'low' | 'full' | 'failed'; freeBytes: number | null; failure?: { at: number } };
  /** Each service's use of its number range (1 = all used); alert from `rangeAlertPercent`. */
  numberRanges?: { serviceId: string; use: number }[];
  rangeAlertPercent?: number;
  /** Services whose anonymous-ticket cap refused someone in the last hour. */
  anonymousLimited?: { serviceId: string; at: number }[];
}

/** The floor's alerts, most severe first (pure: the route feeds it the hub's current state). */
export function floorAlerts(input: FloorInputs): FloorAlert[] {
  const alerts: FloorAlert[] = [];
  const disk = input.storage;
  if (disk && disk.status !== 'ok')
    alerts.push({
      kind: `storage_${disk.status}`,
      severity: disk.status === 'low' ? 'warning' : 'critical',
      subject: 'hub',
      ...(disk.failure ? { since: disk.failure.at } : {}),
    });
  for (const d of input.devices) {
    if (d.state === 'offline')
      alerts.push({
        kind: 'device_offline',
        severity: 'critical',
        subject: d.id,
        subjectName: d.name,
        ...(d.lastSeenAt ? { since: d.lastSeenAt } : {}),
      });
    // A card reader that loses replies still reads (through retries) or asks for the card again: worth a look.
    if (d.state === 'online' && d.peripherals?.some((p) => p.kind === 'idcard-sam' && p.degraded))
      alerts.push({ kind: 'reader_degraded', severity: 'warning', subject: d.id, subjectName: d.name });
    const condition = d.printer?.condition;
    if (d.state !== 'online' || !condition || condition === 'ok') continue;
    // Tickets are still issued while the printer cannot print (the screen shows them): say how many.
    const unprinted = d.unprinted ?? 0;
    const subject = { subject: d.id, subjectName: d.name };
    if (condition === 'paper_end') alerts.push({ kind: 'paper_end', severity: 'critical', ...subject, unprinted });
    else if (condition === 'paper_near_end') alerts.push({ kind: 'paper_near_end', severity: 'warning', ...subject });
    else alerts.push({ kind: 'printer_problem', severity: 'critical', ...subject, unprinted });
  }
  for (const s of input.services) {
    const waitMin = Math.floor(s.longestWaitSec / 60);
    if (s.waiting > 0 && waitMin >= s.targetWaitMin)
      alerts.push({ kind: 'service_over_target', severity: 'warning', subject: s.serviceId, minutes: waitMin });
  }
  for (const c of input.counters) {
    const minutes = Math.floor((input.now - c.since) / 60_000);
    if (c.state === 'paused' && minutes >= input.pausedTooLongMin)
      alerts.push({
        kind: 'counter_paused_long',
        severity: 'warning',
        subject: c.id,
        subjectName: c.name,
        since: c.since,
        minutes,
      });
  }
  for (const r of input.numberRanges ?? []) {
    const percent = Math.floor(r.use * 100);
    if (percent >= (input.rangeAlertPercent ?? 80))
      alerts.push({ kind: 'number_range_high', severity: r.use > 1 ? 'critical' : 'warning', subject: r.serviceId, percent });
  }
  for (const l of input.anonymousLimited ?? [])
    alerts.push({ kind: 'anonymous_issue_limited', severity: 'warning', subject: l.serviceId, since: l.at });
  return alerts.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'critical' ? -1 : 1));
}

export const noticeRoutes: FastifyPluginAsyncTypebox<{ publisher: LivePublisher; devices: DeviceService }> = async (
  app,
  { publisher, devices },
) => {
  const { audit, queue } = app.hub;

  app.get(
    '/notices',
    {
      schema: {
        tags: ['floor'],
        summary: 'Notices on the boards now',
        response: { 200: Type.Object({ notices: Type.Array(NoticeView) }), ...errors },
      },
      preHandler: requireStaff('clerk'),
    },
    async () => ({ notices: publisher.notices() }),
  );

  app.post(
    '/notices',
    {
      schema: {
        tags: ['floor'],
        summary: 'Broadcast a notice to every board (supervisor); audited as notice.add',
        body: NoticeBody,
        response: { 201: Type.Object({ notice: NoticeView }), ...errors },
      },
      preHandler: requireStaff('supervisor'),
    },
    async (request, reply) => {
      const at = Date.now();
      const { text, ttlMin } = request.body;
      const notice: NoticeView = { id: randomUUID(), text, at };
      if (ttlMin !== undefined) notice.expiresAt = at + ttlMin * 60_000;
      if (request.caller.staff) notice.by = request.caller.staff.id;
      await audit.record(request.caller, 'notice.add', notice.id, { text, ...(ttlMin !== undefined ? { ttlMin } : {}) });
      await publisher.addNotice(notice, at);
      return reply.status(201).send({ notice });
    },
  );

  app.delete(
    '/notices/:id',
    {
      schema: {
        tags: ['floor'],
        summary: 'Take a notice off the boards (supervisor); audited as notice.remove',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: Type.Object({ ok: Type.Literal(true) }), ...errors },
      },
      preHandler: requireStaff('supervisor'),
    },
    async (request) => {
      if (!publisher.notices().some((n) => n.id === request.params.id))
        throw new CallboardError('NOT_FOUND', `no notice "${request.params.id}"`);
      await audit.record(request.caller, 'notice.remove', request.params.id);
      await publisher.removeNotice(request.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/floor',
    {
      schema: {
        tags: ['floor'],
        summary: 'Supervisor floor view: service levels today, live alerts, notices',
        response: { 200: FloorReply, ...errors },
      },
      preHandler: requireStaff('supervisor'),
    },
    async () => {
      const now = Date.now();
      const summary = queue.views.queueSummary();
      const alerts = floorAlerts({
        now,
        devices: await devices.list(),
        services: summary.map((s) => ({ ...s, targetWaitMin: queue.services.get(s.serviceId)?.targetWaitMin ?? 15 })),
        counters: [...queue.counters.values()].map((c) => ({
          id: c.id,
          name: c.name.en,
          state: c.state.state,
          since: c.state.since,
        })),
        pausedTooLongMin: PAUSED_TOO_LONG_MIN,
        storage: app.hub.storage(),
        numberRanges: queue.numberRangeUse(),
        rangeAlertPercent: app.hub.config.issuing.rangeAlertPercent,
        anonymousLimited: queue.anonymousIssueLimited(),
      }).concat(app.hub.alerts.list(now));
      const serviceLevels = queue.views.serviceLevels().map((l) => ({
        ...l,
        level: l.called === 0 ? null : Math.round((l.withinTarget / l.called) * 1000) / 1000,
        promises: {
          ...l.promises,
          share: l.promises.share === undefined ? null : Math.round(l.promises.share * 1000) / 1000,
          medianWidthSec: l.promises.medianWidthSec ?? null,
        },
      }));
      return { at: now, serviceLevels, alerts, notices: publisher.notices(), pausedTooLongMin: PAUSED_TOO_LONG_MIN };
    },
  );
};
