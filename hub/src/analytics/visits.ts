/**
 * Visits: what the repeat-visit analysis counts. A visit is one identified visitor's ticket
 * together with its transfer continuations (the chain `transferredFrom`/`transferredTo`): a
 * transfer is the same visit moving between services, never a repeat. Visits without an
 * identity are not visits for this purpose (they cannot be matched).
 */
import type { IdentityKind, Ticket, TicketStatus } from '../protocol';
import { ticketFacts } from './facts';

export interface Visit {
  /** The identity HMAC (hex). */
  hmac: string;
  kind: IdentityKind;
  masked: string;
  date: string;
  number: string;
  /** Service the visitor chose (the chain's first ticket) and the one the visit ended in. */
  serviceId: string;
  finalServiceId: string;
  /** When the visitor took the ticket. */
  arrivalAt: number;
  /** When a served visit was finished; null if the visit did not end `done`. */
  endedAt: number | null;
  status: TicketStatus;
  outcome?: string;
  /** Clerk and counter that served (or last handled) the visit. */
  staffId?: string;
  counterId?: string;
  /** A phone call at a desk (a phone contact), not a visit at the counter (absent: a visit). */
  channel?: 'phone';
}

export function isServed(v: Pick<Visit, 'status'>): boolean {
  return v.status === 'done';
}

/** The visits of some tickets (whole transfer chains must be included), sorted by arrival. */
export function ticketsToVisits(tickets: readonly Ticket[]): Visit[] {
  const byId = new Map(tickets.map((t) => [t.id, t]));
  const visits: Visit[] = [];
  for (const root of tickets) {
    if (root.transferredFrom !== undefined || !root.identity) continue;
    let last = root;
    const seen = new Set([root.id]);
    while (last.transferredTo !== undefined) {
      const next = byId.get(last.transferredTo);
      if (!next || seen.has(next.id)) break;
      seen.add(next.id);
      last = next;
    }
    const finished = last.status === 'done' ? last.events.findLast((e) => e.type === 'finished') : undefined;
    const f = ticketFacts(last);
    const v: Visit = {
      hmac: root.identity.hmac,
      kind: root.identity.kind,
      masked: root.identity.masked,
      date: root.businessDate,
      number: root.number,
      serviceId: root.serviceId,
      finalServiceId: last.serviceId,
      arrivalAt: root.issuedAt,
      endedAt: finished ? finished.at : null,
      status: last.status,
    };
    if (last.outcome !== undefined) v.outcome = last.outcome;
    const staffId = f.servedBy ?? last.staffId;
    if (staffId !== undefined) v.staffId = staffId;
    if (last.counterId !== undefined) v.counterId = last.counterId;
    visits.push(v);
  }
  return visits.sort((a, b) => a.arrivalAt - b.arrivalAt);
}
