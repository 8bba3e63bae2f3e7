/** What route plugins share: the services of one running hub, and who is calling. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HubConfig } from '../config';
import { CallboardError, type Role } from '../protocol';
import type { SecurityAlerts } from '../security/alerts';
import type { AuditLog } from '../service/audit-log';
import type { AuthService } from '../service/auth-service';
import type { StaffPrincipal } from '../service/principals';
import type { Caller, QueueService } from '../service/queue-service';
import type { Metrics } from './metrics';

export interface HubContext {
  config: HubConfig;
  queue: QueueService;
  audit: AuditLog;
  auth: AuthService;
  metrics: Metrics;
  brokerInfo: () => { mode: 'embedded' | 'external'; connected: boolean; clients: number | null };
  /** Security alerts for the supervisor (login backoff, MQTT token guessing, pairing flood …). */
  alerts: SecurityAlerts;
  /** The data dir's disk: free space and the last write failure. */
  storage: () => {
    status: 'ok' | 'low' | 'full' | 'failed';
    freeBytes: number | null;
    lowBytes: number;
    failure?: { at: number; code: string; file: string };
  };
  startedAt: number;
  version: string;
}

/** The caller of an HTTP request: the queue's Caller plus what the routes check (session, device token). */
export interface RequestCaller extends Caller {
  /** A signed-in staff member (the same as `principal` then). */
  staff?: StaffPrincipal;
  device?: { id: string; kind: string };
  sessionToken?: string;
  /** A metrics scraper (security.metricsToken): may read /metrics only. */
  scraper?: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    hub: HubContext;
  }
  interface FastifyRequest {
    caller: RequestCaller;
  }
}

const RANK: Record<Role, number> = { clerk: 1, supervisor: 2, admin: 3 };

/** preHandler: the caller must be signed-in staff with at least `role`. */
export function requireStaff(role: Role = 'clerk') {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const staff = request.caller.staff;
    if (!staff) throw new CallboardError('UNAUTHENTICATED', 'sign in first (POST /api/v1/auth/login)');
    if (RANK[staff.role] < RANK[role]) throw new CallboardError('FORBIDDEN', `this needs the ${role} role`);
  };
}
