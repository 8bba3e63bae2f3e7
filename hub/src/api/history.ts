/**
 * Clerk read routes of the staff console (issue 7): a visitor's earlier visits (today's tickets
 * and the archived days DATA_DIR/archive/YYYY-MM-DD.db, matched by identity HMAC — the HMAC never
 * leaves the hub) and a counter's waiting list in the order the policy calls it.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CallboardError, ErrorReply, HistoryQuery, HistoryReply, type PastVisit, type Ticket, WaitingReply } from '../protocol';
import { skillsOf } from '../service/principals';
import type { Repositories } from '../store/repositories';
import { addDays } from '../time';
import { requireStaff } from './context';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply, 404: ErrorReply };
export const DEFAULT_HISTORY_DAYS = 30;
export const DEFAULT_REPEAT_DAYS = 7;

/** Visits (not transfer legs) of a visitor, most recent first, outside the given chain of tickets. */
export function visitsOf(tickets: readonly Ticket[], exclude: ReadonlySet<string>, names: Map<string, string>): PastVisit[] {
  const visits: PastVisit[] = [];
  for (const t of tickets) {
    if (exclude.has(t.id) || t.transferredTo) continue; // a transferred leg continues in its continuation
    const last = t.events[t.events.length - 1];
    const v: PastVisit = {
      ticketId: t.id,
      number: t.number,
      businessDate: t.businessDate,
      serviceId: t.serviceId,
      status: t.status,
      at: last?.at ?? t.issuedAt,
    };
    if (t.outcome) v.outcome = t.outcome;
    if (t.staffId) {
      v.staffId = t.staffId;
      const name = names.get(t.staffId);
      if (name) v.staffName = name;
    }
    if (t.counterId) v.counterId = t.counterId;
    visits.push(v);
  }
  return visits.sort((a, b) => b.at - a.at);
}

export const historyRoutes: FastifyPluginAsyncTypebox<{ repos: Pick<Repositories, 'staff' | 'archive'> }> = async (
  app,
  { repos },
) => {
  const { queue } = app.hub;

  app.get(
    '/tickets/:id/history',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Earlier visits of this ticket’s visitor (by identity) in the last N days, with a repeat-visit flag',
        params: IdParams,
        querystring: HistoryQuery,
        response: { 200: HistoryReply, ...errors },
      },
      preHandler: requireStaff('clerk'),
    },
    async (request) => {
      const days = request.query.days ?? DEFAULT_HISTORY_DAYS;
      const repeatDays = request.query.repeatDays ?? DEFAULT_REPEAT_DAYS;
      const ticket = queue.ticket(request.params.id);
      const reply: HistoryReply = { days, repeatDays, repeat: false, visits: [] };
      const identity = ticket.identity;
      if (!identity) return reply;
      reply.identityMasked = identity.masked;
      const today = queue.businessDate || ticket.businessDate;
      const found: Ticket[] = queue.views.ticketsOfIdentity(identity.hmac);
      found.push(...(await repos.archive.ticketsOfIdentity(identity.hmac, addDays(today, -days), addDays(today, -1))));
      // This visit: the ticket and the tickets it was transferred from or to.
      const chain = new Set<string>([ticket.id]);
      for (let t: Ticket | undefined = ticket; t?.transferredFrom; ) {
        chain.add(t.transferredFrom);
        t = found.find((x) => x.id === t?.transferredFrom);
      }
      for (let t: Ticket | undefined = ticket; t?.transferredTo; ) {
        chain.add(t.transferredTo);
        t = found.find((x) => x.id === t?.transferredTo);
      }
      const names = await repos.staff.namesById('name');
      reply.visits = visitsOf(found, chain, names);
      const repeatSince = addDays(today, -repeatDays);
      reply.repeat = reply.visits.some((v) => v.businessDate >= repeatSince);
      return reply;
    },
  );

  app.get(
    '/counters/:id/waiting',
    {
      schema: {
        tags: ['counters'],
        summary: 'The waiting tickets of the services this counter serves, each in the order the policy calls them',
        params: IdParams,
        response: { 200: WaitingReply, ...errors },
      },
      preHandler: requireStaff('clerk'),
    },
    async (request) => {
      const counter = queue.counters.get(request.params.id);
      if (!counter) throw new CallboardError('COUNTER_NOT_FOUND', `no counter "${request.params.id}"`);
      // A clerk sees the waiting lists of their own services only (visitors' masked identities are on them).
      const principal = request.caller.principal;
      if (!queue.mayUseCounter(counter.id, principal))
        throw new CallboardError('FORBIDDEN_COUNTER', `counter ${counter.id} serves none of your services`);
      const skills = skillsOf(principal);
      const services = counter.services.map((l) => l.serviceId).filter((id) => !skills || skills.has(id));
      return { at: Date.now(), services: queue.views.waitingInOrder(services) };
    },
  );
};
