import { describe, expect, it } from 'vitest';
import { parseKioskMessage } from './device-messages';

const ticket = {
  id: 't1',
  number: 'A001',
  serviceId: 'A',
  status: 'waiting',
  priority: 'normal',
  position: 0,
  estimatedWaitSec: 0,
  issuedAt: 1,
  trackUrl: 'http://x/t/abc',
};

describe('parseKioskMessage', () => {
  it('accepts the hub’s card and print results', () => {
    const card = {
      v: 1,
      type: 'card-result',
      at: 5,
      ok: true,
      existing: false,
      ticket,
      serviceName: { zh: '综合', en: 'General' },
      identityMasked: '110***********123X',
      printing: true,
    };
    expect(parseKioskMessage(card)).toEqual(card);
    const refused = { v: 1, type: 'card-result', at: 5, ok: false, error: { code: 'CARD_READ_FAILED', message: 'x' } };
    expect(parseKioskMessage(refused)).toEqual(refused);
    const print = {
      v: 1,
      type: 'print-result',
      at: 5,
      jobId: 'j',
      ticketId: 't1',
      number: 'A001',
      ok: false,
      reason: 'printer out of paper',
    };
    expect(parseKioskMessage(print)).toEqual(print);
    expect(parseKioskMessage({ v: 1, type: 'scan', code: 'APPT-1', extra: 1 })).toEqual({ v: 1, type: 'scan', code: 'APPT-1' });
  });

  it('drops anything else', () => {
    for (const bad of [
      null,
      'x',
      { v: 2, type: 'card-result', at: 1, ok: false },
      { v: 1, type: 'print', jobId: 'j' },
      { v: 1, type: 'card-result', at: 1, ok: true }, // ok without a ticket
      { v: 1, type: 'card-result', at: 1, ok: true, ticket: { ...ticket, position: -1 } },
      { v: 1, type: 'print-result', at: 1, jobId: 'j', ticketId: 't', number: 'A1' }, // no ok
      { v: 1, type: 'scan', code: '' },
    ])
      expect(parseKioskMessage(bad)).toBeNull();
  });
});
