/**
 * Phone contacts in the reports: calls at the desks joined to the visits of the same phone
 * identity (one keyed HMAC) in the repeat analysis, and the per-hour phone rates. Local times
 * UTC+8 (test-fixtures.ts).
 */
import { describe, expect, it } from 'vitest';
import type { PhoneContact, Ticket } from '../protocol';
import { pairPage } from './frequent';
import { callVisits, phoneHours, withCalls } from './phone-contacts';
import { RepeatEngine } from './repeats';
import { at, TZ, tk } from './test-fixtures';
import { visitsToChunk } from './visit-chunk';
import { ticketsToVisits } from './visits';

const HMAC = 'ab12cd34ef56ab12cd34ef56';

function call(p: {
  id: string;
  date: string;
  start: string;
  answer?: string;
  end: string;
  staffId?: string;
  serviceId?: string;
  hmac?: string;
}): PhoneContact {
  return {
    id: p.id,
    kind: 'inbound',
    businessDate: p.date,
    startedAt: at(p.start, p.date),
    ...(p.answer ? { answeredAt: at(p.answer, p.date) } : {}),
    endedAt: at(p.end, p.date),
    outcome: p.answer ? 'answered' : 'abandoned',
    extension: '201',
    ...(p.staffId ? { staffId: p.staffId } : {}),
    ...(p.serviceId ? { serviceId: p.serviceId } : {}),
    ringSec: 5,
    ...(p.hmac === '' ? {} : { callerHmac: p.hmac ?? HMAC }),
    callerMasked: '138****5678',
  };
}

function walkIn(id: string, date: string, issued: string, finished: string): Ticket {
  return tk({
    id,
    date,
    issued,
    called: issued,
    finished,
    service: 'A',
    staff: 'clerk2',
    identity: HMAC,
    kind: 'phone',
    masked: '138****5678',
  });
}

function run(tickets: Ticket[], calls: PhoneContact[], windowHours = 72) {
  const engine = new RepeatEngine({ windowHours, from: '2026-03-01', to: '2026-03-31', pairs: {} });
  const dates = [...new Set([...tickets.map((t) => t.businessDate), ...calls.map((c) => c.businessDate)])].sort();
  for (const d of dates) {
    const visits = ticketsToVisits(tickets.filter((t) => t.businessDate === d));
    const chunk = visits.length > 0 ? visitsToChunk(d, visits) : undefined;
    engine.add(withCalls(chunk, d, callVisits(calls.filter((c) => c.businessDate === d))));
  }
  return engine;
}

describe('phone contacts in the repeat analysis', () => {
  it('a call answered by clerk1, then a walk-in of the same number the next day: a repeat, phone → visit', () => {
    const engine = run(
      [walkIn('w1', '2026-03-03', '10:00', '10:10')],
      [
        call({
          id: 'c1',
          date: '2026-03-02',
          start: '09:00',
          answer: '09:00:05',
          end: '09:04',
          staffId: 'clerk1',
          serviceId: 'A',
        }),
      ],
    );
    const t = engine.tables();
    // The call is a served contact (ended 09:04); the walk-in came 24 h 56 min later (≤ 72 h).
    expect(t.overall.servedVisits).toBe(2);
    expect(t.overall.repeated).toBe(1);
    expect(t.byClerkService).toContainEqual({ serviceId: 'A', staffId: 'clerk1', servedVisits: 1, repeated: 1, repeatRate: 1 });
    expect(t.channels).toEqual([{ fromChannel: 'phone', toChannel: 'visit', count: 1 }]);
    const [pair] = pairPage(engine, 0, 10);
    expect(pair?.first.channel).toBe('phone');
    expect(pair?.repeat.channel).toBeUndefined();
    expect(pair?.repeat.number).toBe('A001');
    expect(pair?.identityMasked).toBe('138****5678');
  });

  it('a walk-in answered at the counter and asked again by phone the same afternoon: a repeat, visit → phone', () => {
    const t = run(
      [walkIn('w1', '2026-03-02', '09:00', '09:10')],
      [call({ id: 'c1', date: '2026-03-02', start: '15:00', answer: '15:00:05', end: '15:04', staffId: 'clerk1' })],
    ).tables();
    expect(t.overall.repeated).toBe(1);
    expect(t.byClerkService).toContainEqual({ serviceId: 'A', staffId: 'clerk2', servedVisits: 1, repeated: 1, repeatRate: 1 });
    // A call without a known service is served under service "" (clerk1's row).
    expect(t.byClerkService).toContainEqual({ serviceId: '', staffId: 'clerk1', servedVisits: 1, repeated: 0, repeatRate: 0 });
    expect(t.channels).toEqual([{ fromChannel: 'visit', toChannel: 'phone', count: 1 }]);
  });

  it('an abandoned call is a contact that came back, never a served one; a withheld number is no contact', () => {
    const t = run(
      [walkIn('w1', '2026-03-02', '09:00', '09:10')],
      [
        call({ id: 'c1', date: '2026-03-02', start: '13:00', end: '13:01' }),
        call({ id: 'c2', date: '2026-03-02', start: '14:00', answer: '14:00:03', end: '14:05', hmac: '' }),
      ],
    ).tables();
    expect(t.overall.visits).toBe(2);
    expect(t.overall.servedVisits).toBe(1);
    expect(t.overall.repeated).toBe(1);
    expect(t.channels).toEqual([{ fromChannel: 'visit', toChannel: 'phone', count: 1 }]);
  });

  it('a call outside the window is no repeat (2 h window, call 3 h later)', () => {
    const t = run(
      [walkIn('w1', '2026-03-02', '09:00', '09:10')],
      [call({ id: 'c1', date: '2026-03-02', start: '12:10', answer: '12:10:05', end: '12:15' })],
      2,
    ).tables();
    expect(t.overall.repeated).toBe(0);
    expect(t.channels).toEqual([]);
  });
});

describe('phone rates per hour', () => {
  it('abandoned ÷ offered by the hour the call began; callbacks answered ÷ ended (unreachable counted) by the hour they ended', () => {
    const cb = (id: string, end: string, outcome: 'answered' | 'unreachable'): PhoneContact => ({
      id,
      kind: 'callback',
      businessDate: '2026-03-02',
      startedAt: at(end) - 60_000,
      endedAt: at(end),
      outcome,
      ringSec: 10,
    });
    const rows = phoneHours(
      [
        call({ id: 'c1', date: '2026-03-02', start: '09:05', answer: '09:05:10', end: '09:10' }),
        call({ id: 'c2', date: '2026-03-02', start: '09:20', end: '09:21' }),
        call({ id: 'c3', date: '2026-03-02', start: '09:59', end: '10:01' }),
        call({ id: 'c4', date: '2026-03-02', start: '10:30', answer: '10:30:10', end: '10:40' }),
        cb('k1', '10:15', 'answered'),
        cb('k2', '10:45', 'unreachable'),
        cb('k3', '10:50', 'answered'),
      ],
      TZ,
    );
    expect(rows).toEqual([
      {
        hour: 9,
        offered: 3,
        answered: 1,
        abandoned: 2,
        abandonRate: 2 / 3,
        callbacksEnded: 0,
        callbacksAnswered: 0,
        callbackSuccessRate: null,
      },
      {
        hour: 10,
        offered: 1,
        answered: 1,
        abandoned: 0,
        abandonRate: 0,
        callbacksEnded: 3,
        callbacksAnswered: 2,
        callbackSuccessRate: 2 / 3,
      },
      {
        hour: -1,
        offered: 4,
        answered: 2,
        abandoned: 2,
        abandonRate: 0.5,
        callbacksEnded: 3,
        callbacksAnswered: 2,
        callbackSuccessRate: 2 / 3,
      },
    ]);
  });
});
