import { ApiError, type MessageParams } from '@callboard/hub/client';
import type { MessageKey } from './messages';

export interface Notice {
  tone: 'info' | 'error';
  key: MessageKey;
  params?: MessageParams;
}

/** The session is gone (expired or signed out elsewhere): the only fix is to sign in again. */
export function isSignedOut(err: unknown): boolean {
  return err instanceof ApiError && err.code === 'UNAUTHENTICATED';
}

/** The ticket or counter changed under us: reload before trying again. */
export function isStale(err: unknown): boolean {
  return err instanceof ApiError && ['ILLEGAL_TRANSITION', 'NOT_COUNTER_TICKET', 'TICKET_NOT_FOUND'].includes(err.code);
}

/** What to tell the clerk about a failed request. */
export function noticeFor(err: unknown): Notice {
  if (!(err instanceof ApiError)) return { tone: 'error', key: 'errNetwork' };
  if (isStale(err)) return { tone: 'error', key: 'errStale' };
  switch (err.code) {
    case 'QUEUE_EMPTY':
      return { tone: 'info', key: 'queueEmpty' };
    case 'BAD_CREDENTIALS':
      return { tone: 'error', key: 'errBadCredentials' };
    case 'RATE_LIMITED':
      return { tone: 'error', key: 'errRateLimited' };
    case 'COUNTER_CLOSED':
      return { tone: 'error', key: 'errCounterClosed' };
    case 'COUNTER_PAUSED':
      return { tone: 'error', key: 'errCounterPaused' };
    case 'COUNTER_TAKEN':
      return { tone: 'error', key: 'errCounterTaken' };
    case 'RECALL_LIMIT':
      return { tone: 'error', key: 'errRecallLimit' };
    case 'OUTCOME_REQUIRED': {
      const number = (err.details as { number?: unknown } | undefined)?.number;
      return { tone: 'error', key: 'outcomeFirst', params: { number: typeof number === 'string' ? number : '' } };
    }
    case 'FORBIDDEN':
      return { tone: 'error', key: 'errForbidden' };
    case 'FORBIDDEN_COUNTER':
      return { tone: 'error', key: 'errForbiddenCounter' };
    case 'VALIDATION_FAILED':
      return { tone: 'error', key: 'errValidation', params: { code: err.code } };
    case 'NOT_FOUND':
      return { tone: 'error', key: 'errNotFound', params: { code: err.code } };
    case 'INVALID_ID_NUMBER':
      return { tone: 'error', key: 'errInvalidIdNumber' };
    case 'DOOR_FULL':
      return { tone: 'error', key: 'errDoorFull' };
    case 'NOT_AT_DOOR':
      return { tone: 'error', key: 'errNotAtDoor' };
    case 'TWO_STEP_OFF':
      return { tone: 'error', key: 'errTwoStepOff' };
    case 'PERSON_HAS_OPEN_RECORDS':
      return { tone: 'error', key: 'errPersonHasOpenRecords' };
  }
  if (err.status >= 500 || err.code === 'HTTP_ERROR') return { tone: 'error', key: 'errNetwork' };
  return { tone: 'error', key: 'errUnexpected', params: { code: err.code } };
}
