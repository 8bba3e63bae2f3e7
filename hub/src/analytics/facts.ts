/**
 * What one ticket contributes to the KPIs, read from its event history once. Every KPI is
 * defined here in terms of events, so the live report and the stored day summaries agree.
 *
 * - wait: from joining this service's line (`issuedAt`; for a transfer continuation, the
 *   moment of the transfer) to the first call. Transfers keep the visitor's original arrival
 *   for ordering, but the wait *in this line* starts when they join it.
 * - counter segments: from a call to the release of that call (finished, no-show, transferred,
 *   cancelled); walking up to the counter is counter time too, as for the queue's estimates.
 *   A no-show that is re-queued and called again has two segments.
 * - service time: the segment that ended in `finished` or `transferred`.
 * - rating: the ticket's `rating` (pad or phone), counted for its service and the clerk who
 *   served the visit.
 */
import { NOT_SERVED_CLOSED, type Ticket } from '../protocol';

export interface CounterSegment {
  counterId: string;
  staffId: string | undefined;
  start: number;
  end: number;
  /** How the segment ended. */
  how: 'finished' | 'no_show' | 'transferred' | 'cancelled';
}

export interface TicketFacts {
  serviceId: string;
  priority: string;
  /** A visitor's own ticket, not a transfer continuation. */
  root: boolean;
  issuedAt: number;
  status: Ticket['status'];
  outcome: string | undefined;
  staffId: string | undefined;
  counterId: string | undefined;
  /** Seconds from joining the line to the first call; undefined if never called. */
  waitSec: number | undefined;
  /** Cancelled without ever being called: seconds from joining the line to leaving. */
  abandonSec: number | undefined;
  segments: CounterSegment[];
  /** Seconds of the segment that served the visitor (finished or transferred). */
  serviceSec: number | undefined;
  /** Staff of the serving segment (else the ticket's last clerk). */
  servedBy: string | undefined;
  /** The visitor's satisfaction score 1–5, if they rated the visit (attributed to `servedBy`). */
  rating: number | undefined;
}

const RELEASE: Record<string, CounterSegment['how'] | undefined> = {
  finished: 'finished',
  no_show: 'no_show',
  transferred: 'transferred',
  cancelled: 'cancelled',
};

export function ticketFacts(t: Ticket): TicketFacts {
  let firstCall: number | undefined;
  let open: { at: number; counterId: string | undefined; staffId: string | undefined } | undefined;
  let cancelledAt: number | undefined;
  const segments: CounterSegment[] = [];
  for (const e of t.events) {
    if (e.type === 'called') {
      firstCall ??= e.at;
      const staffId = e.by?.type === 'staff' ? e.by.id : undefined;
      open = { at: e.at, counterId: e.counterId ?? t.counterId, staffId: staffId ?? t.staffId };
      continue;
    }
    if (e.type === 'cancelled') cancelledAt = e.at;
    const end = RELEASE[e.type];
    if (end && open) {
      const counterId = open.counterId ?? e.counterId;
      if (counterId !== undefined)
        segments.push({ counterId, staffId: open.staffId, start: open.at, end: Math.max(open.at, e.at), how: end });
      open = undefined;
    }
    if (e.type === 'requeued') open = undefined;
  }
  const serving = segments.findLast((s) => s.how === 'finished' || s.how === 'transferred');
  return {
    serviceId: t.serviceId,
    priority: t.priority,
    root: t.transferredFrom === undefined,
    issuedAt: t.issuedAt,
    status: t.status,
    outcome: t.outcome,
    staffId: t.staffId,
    counterId: t.counterId,
    waitSec: firstCall === undefined ? undefined : Math.max(0, firstCall - t.issuedAt) / 1000,
    abandonSec:
      // A visitor closed out at closing time did not leave: they waited until the service closed.
      t.status === 'cancelled' && t.outcome !== NOT_SERVED_CLOSED && firstCall === undefined && cancelledAt !== undefined
        ? Math.max(0, cancelledAt - t.issuedAt) / 1000
        : undefined,
    segments,
    serviceSec: serving ? (serving.end - serving.start) / 1000 : undefined,
    servedBy: serving?.staffId ?? t.staffId,
    rating: t.rating?.score,
  };
}
