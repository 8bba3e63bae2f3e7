import { ApiError, type IssuedTicket } from '@callboard/hub/client';
import { isIssuedTicket } from './device-messages';
import type { MessageKey } from './messages';

/** The friendly message for a failed ticket issue; network failures and anything unexpected ask to try again. */
export function issueErrorKey(err: unknown): MessageKey {
  if (err instanceof ApiError) {
    switch (err.code) {
      case 'SERVICE_CLOSED':
        return 'errServiceClosed';
      case 'RATE_LIMITED':
        return 'errRateLimited';
      case 'ALREADY_WAITING':
        return 'errAlreadyWaiting';
      case 'NUMBER_RANGE_EXHAUSTED':
        return 'errNumbersExhausted';
      case 'STORAGE_FULL':
        return 'errStorageFull';
      case 'VALIDATION_FAILED':
      case 'INVALID_ID_NUMBER':
        return 'errIdentityInvalid';
    }
  }
  return 'errTryAgain';
}

/**
 * What to do after a failed issue:
 * - `retry`: the hub was not reached (or answered "unavailable"): try the same request again —
 *   with the same idempotency key — after a countdown;
 * - `existing`: the visitor already holds a ticket for the service: show that one;
 * - `refused`: tell the visitor why, in words.
 */
export type IssueFailure =
  | { kind: 'retry' }
  | { kind: 'existing'; ticket: IssuedTicket }
  | { kind: 'refused'; message: MessageKey; code: string; nextOpenAt?: number };

export function classifyIssueError(err: unknown): IssueFailure {
  if (!(err instanceof ApiError)) return { kind: 'retry' }; // fetch's TypeError: no answer at all
  // A full disk does not clear in seconds: say so, rather than count down to the same refusal.
  if (err.code === 'STORAGE_FULL') return { kind: 'refused', message: 'errStorageFull', code: err.code };
  if (err.status === 502 || err.status === 503 || err.status === 504) return { kind: 'retry' };
  if (err.code === 'ALREADY_WAITING') {
    const held = (err.details as { ticket?: unknown } | undefined)?.ticket;
    if (isIssuedTicket(held)) return { kind: 'existing', ticket: held };
  }
  // A closed service says when it opens again (the hub's hours with today's changes).
  const next = (err.details as { nextOpenAt?: unknown } | undefined)?.nextOpenAt;
  return {
    kind: 'refused',
    message: issueErrorKey(err),
    code: err.code,
    ...(err.code === 'SERVICE_CLOSED' && typeof next === 'number' ? { nextOpenAt: next } : {}),
  };
}

/** Seconds before retry n (1-based): 5, 5, 10, 10, 15, 15 … — quick at first, then calmer. */
export function retryDelayMs(attempt: number): number {
  return Math.min(15, 5 * Math.ceil(Math.max(1, attempt) / 2)) * 1000;
}

/** A kiosk gives up after this long without the hub (the visitor is asked to see staff). */
export const RETRY_GIVE_UP_MS = 120_000;

/** The card reader's refusals (`CARD_<code>` in a card result) in words. */
export function cardErrorKey(code: string | undefined): MessageKey {
  switch (code) {
    case 'CARD_READ_FAILED':
      return 'errCardRead';
    case 'CARD_INVALID_ID':
    case 'CARD_UNKNOWN_KIND':
    case 'INVALID_ID_NUMBER':
      return 'errCardInvalid';
    case 'SERVICE_CLOSED':
      return 'errServiceClosed';
    case 'NUMBER_RANGE_EXHAUSTED':
      return 'errNumbersExhausted';
    case 'REQUEUE_LIMIT':
    case 'REQUEUE_EXPIRED':
    case 'NOT_REQUEUEABLE':
      return missedErrorKey(code);
    default:
      return 'errCardRead';
  }
}

/**
 * Why a visitor's "I missed my call" was refused, in words: put back once already, missed too long
 * ago, still in the line, finished or cancelled, or not a ticket of today. `status` is the
 * ticket's, from a NOT_REQUEUEABLE refusal.
 */
export function missedErrorKey(code: string | undefined, status?: unknown): MessageKey {
  switch (code) {
    case 'REQUEUE_LIMIT':
      return 'errMissedLimit';
    case 'REQUEUE_EXPIRED':
      return 'errMissedExpired';
    case 'NOT_REQUEUEABLE':
      return status === 'waiting' || status === 'called' ? 'errMissedWaiting' : 'errMissedNotMissed';
    case 'TICKET_NOT_FOUND':
      return 'errMissedUnknown';
    default:
      return 'errTryAgain';
  }
}
