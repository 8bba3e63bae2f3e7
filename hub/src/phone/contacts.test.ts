import { describe, expect, it } from 'vitest';
import { at, tk } from '../analytics/test-fixtures';
import type { Ticket } from '../protocol';
import { callbackContact } from './contacts';

const callback = (t: Ticket, extra: Partial<NonNullable<Ticket['callback']>> = {}): Ticket => ({
  ...t,
  source: 'phone',
  identity: { kind: 'phone', hmac: 'cafe01', masked: '138****5678' },
  callback: { masked: '138****5678', attempts: 0, ...extra },
});

describe('a callback as a phone contact', () => {
  it('is recorded when it ends: answered with ring and talk time, by the last call-out', () => {
    const t = callback(
      tk({ id: 'k1', issued: '09:00', called: '10:00', started: '10:00:30', finished: '10:05:30', staff: 'clerk1' }),
    );
    expect(callbackContact(t)).toEqual({
      id: 'callback:k1',
      kind: 'callback',
      businessDate: '2026-03-02',
      startedAt: at('10:00'),
      answeredAt: at('10:00:30'),
      endedAt: at('10:05:30'),
      outcome: 'answered',
      staffId: 'clerk1',
      serviceId: 'A',
      ringSec: 30,
      talkSec: 300,
      callerHmac: 'cafe01',
      callerMasked: '138****5678',
      ticketNumber: t.number,
    });
  });

  it('unreachable after the last unanswered call: no answer time, no talk time', () => {
    const t = callback(tk({ id: 'k2', issued: '09:00', called: '10:00', finished: '10:01', outcome: 'unreachable' }), {
      attempts: 3,
      unreachable: true,
    });
    expect(callbackContact(t)).toMatchObject({ outcome: 'unreachable', ringSec: 60 });
    expect(callbackContact(t)).not.toHaveProperty('answeredAt');
    expect(callbackContact(t)).not.toHaveProperty('talkSec');
  });

  it('nothing while it is open, and nothing for a ticket that is no callback', () => {
    expect(callbackContact(callback(tk({ id: 'k3', issued: '09:00', called: '10:00' })))).toBeUndefined();
    expect(callbackContact(tk({ id: 'k4', issued: '09:00', called: '10:00', finished: '10:05' }))).toBeUndefined();
  });
});
