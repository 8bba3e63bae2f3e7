import { ApiError } from '@callboard/hub/client';
import { describe, expect, it } from 'vitest';
import {
  arrivalOf,
  checkInErrorKey,
  DEFAULT_WINDOW,
  formatRef,
  isRef,
  normaliseRef,
  pressRefKey,
  refFromScan,
} from './appointment';

const MIN = 60_000;

describe('appointment check-in helpers', () => {
  it('reads a reference typed or scanned', () => {
    expect(normaliseRef('acde-fhjk ')).toBe('ACDEFHJK');
    expect(isRef('ACDEFHJK')).toBe(true);
    expect(isRef('ACDEFHJ0')).toBe(false);
    expect(refFromScan('CBA1:acdefhjk')).toBe('ACDEFHJK');
    expect(refFromScan('INS-3301-7788-0042')).toBeNull();
    expect(formatRef('ACDEFHJK')).toBe('ACDE FHJK');
  });

  it('takes only keys of the alphabet, up to eight', () => {
    expect(pressRefKey('', 'a')).toBe('A');
    expect(pressRefKey('A', '0')).toBe('A');
    expect(pressRefKey('ACDEFHJK', 'M')).toBe('ACDEFHJK');
  });

  it('tells early, on time and late by the policy window', () => {
    const at = 1_000 * MIN;
    expect(arrivalOf(at - 31 * MIN, at, DEFAULT_WINDOW)).toBe('early');
    expect(arrivalOf(at - 30 * MIN, at, DEFAULT_WINDOW)).toBe('on-time');
    expect(arrivalOf(at + 10 * MIN, at, DEFAULT_WINDOW)).toBe('on-time');
    expect(arrivalOf(at + 11 * MIN, at, DEFAULT_WINDOW)).toBe('late');
  });

  it('puts refusals in words by code', () => {
    expect(checkInErrorKey(new ApiError(404, 'APPOINTMENT_NOT_FOUND', 'x'))).toBe('apptErrNotFound');
    expect(checkInErrorKey(new ApiError(409, 'APPOINTMENT_NOT_ACTIVE', 'x', { status: 'checked_in' }))).toBe('apptErrCheckedIn');
    expect(checkInErrorKey(new ApiError(409, 'APPOINTMENT_NOT_ACTIVE', 'x', { status: 'cancelled' }))).toBe('apptErrCancelled');
    expect(checkInErrorKey(new ApiError(409, 'CHECK_IN_CLOSED', 'x', { status: 'no_show' }))).toBe('apptErrNoShow');
    expect(checkInErrorKey(new ApiError(409, 'CHECK_IN_CLOSED', 'x', { date: '2026-03-02' }))).toBe('apptErrNotToday');
    expect(checkInErrorKey(new TypeError('fetch failed'))).toBe('apptErrUnreachable');
  });
});
