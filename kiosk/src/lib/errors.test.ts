import { ApiError } from '@callboard/hub/client';
import { describe, expect, it } from 'vitest';
import { issueErrorKey } from './errors';

describe('issueErrorKey', () => {
  it('translates known codes', () => {
    expect(issueErrorKey(new ApiError(409, 'SERVICE_CLOSED', 'closed'))).toBe('errServiceClosed');
    expect(issueErrorKey(new ApiError(429, 'RATE_LIMITED', 'slow down'))).toBe('errRateLimited');
  });

  it('asks to try again on network failures and unknown errors', () => {
    expect(issueErrorKey(new TypeError('Failed to fetch'))).toBe('errTryAgain');
    expect(issueErrorKey(new ApiError(500, 'INTERNAL', 'boom'))).toBe('errTryAgain');
  });
});
