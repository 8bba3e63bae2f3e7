import { describe, expect, it } from 'vitest';
import { tk } from '../analytics/test-fixtures';
import type { AppointmentDoc } from '../store';
import { appointmentWithoutIdentity, hashFreeDetails, ticketWithoutIdentity } from './anonymise';

describe('anonymous forms of personal records', () => {
  it('a ticket loses its identity, hash and masked form, and keeps everything the reports count', () => {
    const t = tk({
      id: 't1',
      issued: '09:00',
      called: '09:05',
      finished: '09:15',
      rating: 4,
      identity: 'ab'.repeat(32),
      masked: '110***1234',
    });
    const after = ticketWithoutIdentity(t);
    expect(after).toBeDefined();
    expect(JSON.stringify(after)).not.toContain('ab'.repeat(32));
    expect(JSON.stringify(after)).not.toContain('110***1234');
    const { identity: _i, ...rest } = t;
    expect(after).toEqual(rest);
    // Nothing left to take: a second run changes nothing.
    expect(ticketWithoutIdentity(after as never)).toBeUndefined();
  });

  it('an appointment keeps its kind of identity but neither hash, masked number nor masked name', () => {
    const doc = {
      _id: 'a1',
      ref: 'K7Q2',
      date: '2026-01-02',
      status: 'checked_in',
      identity: { kind: 'phone', hmac: 'f'.repeat(64), masked: '138****5678' },
      nameMasked: '张*',
      history: [],
    } as unknown as AppointmentDoc;
    const after = appointmentWithoutIdentity(doc) as AppointmentDoc;
    expect(after.identity).toEqual({ kind: 'phone', hmac: '', masked: '' });
    expect(after.nameMasked).toBeUndefined();
    expect(after.status).toBe('checked_in');
    expect(appointmentWithoutIdentity(after)).toBeUndefined();
    // A masked name alone is still personal.
    expect(appointmentWithoutIdentity({ ...after, nameMasked: '张*' })).toBeDefined();
  });

  it('audit details lose every hash field at any depth and keep masked forms', () => {
    const details = {
      ref: 'K7Q2',
      identityHmac: 'a'.repeat(64),
      person: { kind: 'id-card', hmac: 'b'.repeat(64), masked: '110***********123X' },
      rows: [{ hmac: 'c'.repeat(64), line: 3 }],
    };
    expect(hashFreeDetails(details)).toEqual({
      ref: 'K7Q2',
      person: { kind: 'id-card', masked: '110***********123X' },
      rows: [{ line: 3 }],
    });
    expect(hashFreeDetails({ ref: 'K7Q2', masked: '138****5678' })).toBeUndefined();
  });
});
