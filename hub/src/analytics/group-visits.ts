/**
 * A closed day's identified visits as they go up to head office, for cross-site repeat visits:
 * only the visits of sites in a group (`uplink.groupKey`), each under its group pseudonym —
 * never the site's own identity hash, the masked form, the ticket number or anything clear.
 * Pure: tickets in, rows out (day close adds them to the day's summary row).
 */
import type { IdentityKind, Ticket, TicketStatus } from '../protocol';
import { ticketsToVisits, type Visit } from './visits';

/** [group pseudonym, kind, service chosen, service ended in, arrival (ms), end of a served visit (ms) or null, status, clerk ('' if none)] */
export type GroupVisit = [
  person: string,
  kind: IdentityKind,
  serviceId: string,
  finalServiceId: string,
  arrivalAt: number,
  endedAt: number | null,
  status: TicketStatus,
  staffId: string,
];

export function groupVisits(tickets: readonly Ticket[]): GroupVisit[] {
  const rows: GroupVisit[] = [];
  for (const v of ticketsToVisits(tickets))
    if (v.group !== undefined)
      rows.push([v.group, v.kind, v.serviceId, v.finalServiceId, v.arrivalAt, v.endedAt, v.status, v.staffId ?? '']);
  return rows;
}

/** Back to the visits the repeat engine counts (no masked form, no number: head office has neither). */
export function fromGroupVisit(date: string, row: GroupVisit, staffPrefix = ''): Visit {
  const [person, kind, serviceId, finalServiceId, arrivalAt, endedAt, status, staffId] = row;
  const v: Visit = { hmac: person, kind, masked: '', date, number: '', serviceId, finalServiceId, arrivalAt, endedAt, status };
  if (staffId) v.staffId = `${staffPrefix}${staffId}`;
  return v;
}
