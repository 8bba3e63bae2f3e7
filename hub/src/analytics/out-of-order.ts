/**
 * Calls made out of the policy's order, per clerk (the cherry-picking question): every
 * supervisor's pick (`ticket.call_override` in the audit log, with its reason, the visitors it
 * bypassed and the clerk whose counter it was), totalled per clerk with the reasons given. Calls
 * the policy makes before earlier arrivals (priority, appointment, ratio turns, transfers to the
 * head, missed calls put back) are in policy order and not listed here. Pure.
 */
import type { OutOfOrderCallRow, OutOfOrderClerkRow } from '../protocol/fairness';
import type { Actor } from '../protocol/schemas';

/** An audit record as the report reads it. */
export interface PickRecord {
  at: number;
  actor: Actor;
  target?: string;
  details?: Record<string, unknown>;
}

/** A clerk column for a call nobody was signed in for. */
export const NO_CLERK = '-';

export function outOfOrderCalls(records: Iterable<PickRecord>): OutOfOrderCallRow[] {
  const rows: OutOfOrderCallRow[] = [];
  for (const r of records) {
    const d = r.details ?? {};
    const str = (v: unknown, dflt: string) => (typeof v === 'string' && v !== '' ? v : dflt);
    rows.push({
      at: r.at,
      ticketId: str(r.target, ''),
      number: str(d.number, ''),
      counterId: str(d.counterId, ''),
      staffId: str(d.staffId, NO_CLERK),
      by: str(r.actor.id, r.actor.type),
      bypassed: typeof d.bypassed === 'number' ? d.bypassed : 0,
      // Picks made before reasons were required say so rather than look like a blank reason.
      reason: str(d.reason, '(no reason recorded)'),
    });
  }
  return rows.sort((a, b) => a.at - b.at);
}

/** Per clerk: how many picks, visitors bypassed, and the reasons (`reason ×n`, most frequent first). */
export function outOfOrderByClerk(calls: readonly OutOfOrderCallRow[]): OutOfOrderClerkRow[] {
  const by = new Map<string, { calls: number; bypassed: number; reasons: Map<string, number> }>();
  for (const c of calls) {
    const row = by.get(c.staffId) ?? { calls: 0, bypassed: 0, reasons: new Map<string, number>() };
    row.calls++;
    row.bypassed += c.bypassed;
    row.reasons.set(c.reason, (row.reasons.get(c.reason) ?? 0) + 1);
    by.set(c.staffId, row);
  }
  return [...by.entries()]
    .map(([staffId, r]) => ({
      staffId,
      calls: r.calls,
      bypassed: r.bypassed,
      reasons: [...r.reasons.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([reason, n]) => (n > 1 ? `${reason} ×${n}` : reason))
        .join('; '),
    }))
    .sort((a, b) => b.calls - a.calls || a.staffId.localeCompare(b.staffId));
}
