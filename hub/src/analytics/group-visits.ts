/**
 * A closed day's identified visits as they go up to head office, for cross-site repeat visits:
 * only the visits of sites in a group (`uplink.groupKey`), each under its group pseudonym —
 * never the site's own identity hash, the masked form, the ticket number or anything clear.
 * Pure: tickets in, rows out (day close adds them to the day's summary row).
 */
import { gunzipSync, gzipSync } from 'node:zlib';
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

/**
 * The brokers take packets up to 256 kB (docs/mosquitto `max_packet_size`): a closed day goes up as
 * one message, so its visits travel gzip'd (≈ 25 bytes a visit: some 8,000 identified visits a day) and, should
 * a day still not fit, without them (`groupVisitsDropped` says how many), rather than never.
 */
export const DAILY_WIRE_LIMIT = 240_000;
/** What head office inflates at most (a hostile message cannot blow up its memory). */
const MAX_INFLATED = 32 * 1024 * 1024;

/** The day's uplink message. */
export function dailyWireMessage(body: Record<string, unknown>): string {
  const { groupVisits, ...rest } = body;
  if (!Array.isArray(groupVisits) || groupVisits.length === 0) return JSON.stringify({ ...body, v: 1 });
  const groupVisitsGz = gzipSync(JSON.stringify(groupVisits)).toString('base64');
  const message = JSON.stringify({ ...rest, groupVisitsGz, v: 1 });
  if (message.length <= DAILY_WIRE_LIMIT) return message;
  return JSON.stringify({ ...rest, groupVisitsDropped: groupVisits.length, v: 1 });
}

/** Head office: the day as the site stored it (`groupVisits` inflated; left out if unreadable). */
export function dailyFromWire(stats: Record<string, unknown>): Record<string, unknown> {
  const { groupVisitsGz, ...rest } = stats;
  if (typeof groupVisitsGz !== 'string') return stats;
  try {
    const visits = JSON.parse(gunzipSync(Buffer.from(groupVisitsGz, 'base64'), { maxOutputLength: MAX_INFLATED }).toString());
    return Array.isArray(visits) ? { ...rest, groupVisits: visits } : rest;
  } catch {
    return rest;
  }
}
