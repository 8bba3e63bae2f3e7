import { ApiError } from '@callboard/hub/client';
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
    }
  }
  return 'errTryAgain';
}
