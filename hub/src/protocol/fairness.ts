/**
 * The fairness record (docs/queue-policy.md "Fairness record"): a supervisor's call out of the
 * policy's order carries a reason, kept on the ticket's `called` event (`outOfTurn`) and in the
 * audit log; the report `GET /reports/out-of-order` lists them per clerk (the cherry-picking
 * question) and one by one. Calls the policy itself makes before earlier arrivals (priority,
 * appointment, ratio turns, transfers to the head, missed calls put back) are in policy order:
 * the visitor's phone page explains those (`calledBefore`).
 */
import { type Static, Type } from 'typebox';
import { KpiQuery, ReportDate, ReportLabels } from './reports';
import { EpochMs } from './schemas';

export { OutOfTurn } from './schemas';

export const OutOfOrderQuery = KpiQuery;
export type OutOfOrderQuery = Static<typeof OutOfOrderQuery>;

export const OutOfOrderClerkRow = Type.Object({
  /** The clerk whose counter the visitor was called to (`-` when no clerk was signed in). */
  staffId: Type.String(),
  /** Calls out of the policy's order at this clerk's counters. */
  calls: Type.Integer({ minimum: 0 }),
  /** Visitors the policy would have called first, summed over those calls. */
  bypassed: Type.Integer({ minimum: 0 }),
  /** The reasons given, most frequent first: `reason ×n; …`. */
  reasons: Type.String(),
});
export type OutOfOrderClerkRow = Static<typeof OutOfOrderClerkRow>;

export const OutOfOrderCallRow = Type.Object({
  at: EpochMs,
  ticketId: Type.String(),
  number: Type.String(),
  counterId: Type.String(),
  staffId: Type.String(),
  /** Who made the call (the supervisor's id). */
  by: Type.String(),
  bypassed: Type.Integer({ minimum: 0 }),
  reason: Type.String(),
});
export type OutOfOrderCallRow = Static<typeof OutOfOrderCallRow>;

export const OutOfOrderReport = Type.Object({
  from: ReportDate,
  to: ReportDate,
  byClerk: Type.Array(OutOfOrderClerkRow),
  calls: Type.Array(OutOfOrderCallRow),
  labels: ReportLabels,
});
export type OutOfOrderReport = Static<typeof OutOfOrderReport>;
