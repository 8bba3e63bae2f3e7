import { ApiError } from '@callboard/hub/client';
import { describe, expect, it } from 'vitest';
import { isSignedOut, noticeFor } from './errors';

describe('noticeFor', () => {
  it('tells an empty queue as information, not an error', () => {
    expect(noticeFor(new ApiError(404, 'QUEUE_EMPTY', 'empty'))).toEqual({ tone: 'info', key: 'queueEmpty' });
  });

  it('translates wrong credentials, network failures and unknown codes', () => {
    expect(noticeFor(new ApiError(401, 'BAD_CREDENTIALS', 'no')).key).toBe('errBadCredentials');
    expect(noticeFor(new TypeError('Failed to fetch')).key).toBe('errNetwork');
    expect(noticeFor(new ApiError(409, 'SOMETHING_NEW', '?'))).toEqual({
      tone: 'error',
      key: 'errUnexpected',
      params: { code: 'SOMETHING_NEW' },
    });
  });

  it('names refused input and vanished records by their code', () => {
    expect(noticeFor(new ApiError(400, 'VALIDATION_FAILED', 'bad'))).toEqual({
      tone: 'error',
      key: 'errValidation',
      params: { code: 'VALIDATION_FAILED' },
    });
    expect(noticeFor(new ApiError(404, 'NOT_FOUND', 'gone')).key).toBe('errNotFound');
  });

  it('asks for the outcome of the visit the hub names when the site requires one', () => {
    expect(noticeFor(new ApiError(409, 'OUTCOME_REQUIRED', 'no', { ticketId: 't1', number: 'A007' }))).toEqual({
      tone: 'error',
      key: 'outcomeFirst',
      params: { number: 'A007' },
    });
  });

  it('tells a clerk at a counter outside their skills to choose another', () => {
    expect(noticeFor(new ApiError(403, 'FORBIDDEN_COUNTER', 'no')).key).toBe('errForbiddenCounter');
  });

  it('recognises an expired session', () => {
    expect(isSignedOut(new ApiError(401, 'UNAUTHENTICATED', 'sign in'))).toBe(true);
    expect(isSignedOut(new ApiError(401, 'BAD_CREDENTIALS', 'no'))).toBe(false);
  });
});
