import { ApiError } from '@callboard/hub/client';
import { describe, expect, it } from 'vitest';
import { joinErrorKey, tokenOf } from './join.svelte';

const refused = (status: number, code: string) => new ApiError(status, code, code);

describe('join page', () => {
  it('says each refusal of the hub in the visitor’s words', () => {
    expect(joinErrorKey(refused(429, 'REMOTE_JOIN_LIMIT'))).toBe('joinErrLimit');
    expect(joinErrorKey(refused(409, 'PHONE_CODE_INVALID'))).toBe('joinErrCode');
    expect(joinErrorKey(refused(409, 'ALREADY_WAITING'))).toBe('joinErrHeld');
    expect(joinErrorKey(refused(409, 'REMOTE_JOIN_CLOSED'))).toBe('joinErrClosed');
    expect(joinErrorKey(refused(403, 'NOT_ON_SITE_NETWORK'))).toBe('joinNeedsWifi');
    expect(joinErrorKey(new TypeError('fetch failed'))).toBe('joinErrOther');
  });
  it('finds the track token in the tracking link', () => {
    expect(tokenOf({ trackUrl: 'http://192.168.1.10:8080/t/0123456789abcdef' })).toBe('0123456789abcdef');
  });
});
