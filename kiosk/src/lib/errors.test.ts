import { ApiError } from '@callboard/hub/client';
import { describe, expect, it } from 'vitest';
import { cardErrorKey, classifyIssueError, issueErrorKey, missedErrorKey, retryDelayMs } from './errors';

const held = {
  id: 't1',
  number: 'B007',
  serviceId: 'B',
  status: 'waiting',
  priority: 'normal',
  position: 3,
  estimatedWaitSec: 600,
  issuedAt: 1,
  trackUrl: 'http://x/t/abc',
};

describe('issue errors', () => {
  it('translates known codes', () => {
    expect(issueErrorKey(new ApiError(409, 'SERVICE_CLOSED', 'closed'))).toBe('errServiceClosed');
    expect(issueErrorKey(new ApiError(429, 'RATE_LIMITED', 'slow down'))).toBe('errRateLimited');
    expect(issueErrorKey(new ApiError(400, 'VALIDATION_FAILED', 'bad phone'))).toBe('errIdentityInvalid');
  });

  it('asks to try again on unknown errors', () => {
    expect(issueErrorKey(new TypeError('Failed to fetch'))).toBe('errTryAgain');
    expect(issueErrorKey(new ApiError(500, 'INTERNAL', 'boom'))).toBe('errTryAgain');
  });

  it('retries when the hub was not reached, shows the held ticket, refuses the rest', () => {
    expect(classifyIssueError(new TypeError('Failed to fetch'))).toEqual({ kind: 'retry' });
    expect(classifyIssueError(new ApiError(503, 'UNAVAILABLE', 'x'))).toEqual({ kind: 'retry' });
    // A full disk is told in words: retrying would meet the same refusal.
    expect(classifyIssueError(new ApiError(503, 'STORAGE_FULL', 'x'))).toEqual({
      kind: 'refused',
      message: 'errStorageFull',
      code: 'STORAGE_FULL',
    });
    expect(classifyIssueError(new ApiError(409, 'ALREADY_WAITING', 'x', { ticket: held }))).toEqual({
      kind: 'existing',
      ticket: held,
    });
    // ALREADY_WAITING without a usable ticket is a refusal with words, not a crash.
    expect(classifyIssueError(new ApiError(409, 'ALREADY_WAITING', 'x'))).toEqual({
      kind: 'refused',
      message: 'errAlreadyWaiting',
      code: 'ALREADY_WAITING',
    });
    expect(classifyIssueError(new ApiError(409, 'SERVICE_CLOSED', 'x'))).toMatchObject({
      kind: 'refused',
      code: 'SERVICE_CLOSED',
    });
    // The hub says when a closed service opens next; the kiosk shows it.
    expect(classifyIssueError(new ApiError(409, 'SERVICE_CLOSED', 'x', { nextOpenAt: 1_800_000_000_000 }))).toMatchObject({
      code: 'SERVICE_CLOSED',
      nextOpenAt: 1_800_000_000_000,
    });
  });

  it('retries quickly at first, then calmer', () => {
    expect([1, 2, 3, 4, 5, 6, 9].map(retryDelayMs)).toEqual([5000, 5000, 10000, 10000, 15000, 15000, 15000]);
  });

  it('asks to place the card again when it could not be read', () => {
    expect(cardErrorKey('CARD_READ_FAILED')).toBe('errCardRead');
    expect(cardErrorKey('CARD_INVALID_ID')).toBe('errCardInvalid');
    expect(cardErrorKey('CARD_UNKNOWN_KIND')).toBe('errCardInvalid');
    expect(cardErrorKey(undefined)).toBe('errCardRead');
  });
});

describe('"I missed my call" refusals', () => {
  it('say why in words: put back once already, too late, still in line, finished, not a ticket of today', () => {
    expect(missedErrorKey('REQUEUE_LIMIT')).toBe('errMissedLimit');
    expect(missedErrorKey('REQUEUE_EXPIRED')).toBe('errMissedExpired');
    expect(missedErrorKey('NOT_REQUEUEABLE', 'waiting')).toBe('errMissedWaiting');
    expect(missedErrorKey('NOT_REQUEUEABLE', 'called')).toBe('errMissedWaiting');
    expect(missedErrorKey('NOT_REQUEUEABLE', 'done')).toBe('errMissedNotMissed');
    expect(missedErrorKey('TICKET_NOT_FOUND')).toBe('errMissedUnknown');
    expect(missedErrorKey(undefined)).toBe('errTryAgain');
    // The same refusals from the bridge scanner's path (a card result's error code).
    expect(cardErrorKey('REQUEUE_LIMIT')).toBe('errMissedLimit');
    expect(cardErrorKey('REQUEUE_EXPIRED')).toBe('errMissedExpired');
  });
});
