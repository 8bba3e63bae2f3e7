/**
 * Multi-stop visits in the analytics: a visit A → B → C, made with the queue core's own
 * functions, is one arrival and one visit (for repeat visits), and three stops — one wait, one
 * service time and one finished visit per service, each measured at its own stop.
 */
import { describe, expect, it } from 'vitest';
import type { Actor, Ticket } from '../protocol';
import { callTicket, continueVisit, finishTicket, newTicket, routeAtIssue, startTicket } from '../queue';
import { dayKpi, KpiAccumulator } from './day-kpi';
import { kpiTables } from './kpis';
import { at, DAY, TZ } from './test-fixtures';
import { ticketsToVisits } from './visits';

const clerk: Actor = { type: 'staff', id: 's1' };
const SERVICES = ['A', 'B', 'C'].map((id) => ({ id, targetWaitMin: 15 }));

/** Stop at `service`: waits from its issue to `call`, served until `end` (clock times). */
function serve(t: Ticket, call: string, end: string): Ticket {
  const called = callTicket(t, { counterId: t.serviceId, staffId: 's1', by: clerk, at: at(call) });
  return finishTicket(startTicket(called, { by: clerk, at: at(call) }), { by: clerk, at: at(end) });
}

function threeStops(): Ticket[] {
  const first: Ticket = {
    ...newTicket({
      id: 'a',
      serviceId: 'A',
      seq: 1,
      number: 'A001',
      businessDate: DAY,
      source: 'kiosk',
      priority: 'normal',
      lang: 'zh',
      identity: { kind: 'id-card', hmac: 'h1', masked: '110***1234' },
      trackToken: 'tok',
      at: at('09:00'),
      by: { type: 'device', id: 'kiosk-1' },
    }),
    ...routeAtIssue(['B', 'C']),
  };
  const out: Ticket[] = [];
  // A: waits 09:00 → 09:05, served → 09:15. B: joins 09:15, called 09:25, served → 09:30. C: joins 09:30, called 09:32, → 09:42.
  const plan: [string, string][] = [
    ['09:05', '09:15'],
    ['09:25', '09:30'],
    ['09:32', '09:42'],
  ];
  let t = first;
  for (const [i, [call, end]] of plan.entries()) {
    const { done, next } = continueVisit(serve(t, call, end), {
      at: at(end),
      by: clerk,
      nextId: `n${i}`,
      arrival: 'finish',
      firstIssuedAt: first.issuedAt,
    });
    out.push(done);
    if (next) t = next;
  }
  return out;
}

describe('a visit of three stops', () => {
  const tickets = threeStops();

  it('is one arrival and one visit: the repeat-visit analysis sees A → C, not three visits', () => {
    expect(tickets.map((t) => [t.serviceId, t.status, t.stop])).toEqual([
      ['A', 'done', 1],
      ['B', 'done', 2],
      ['C', 'done', 3],
    ]);
    const visits = ticketsToVisits(tickets);
    expect(visits).toHaveLength(1);
    expect(visits[0]).toMatchObject({
      number: 'A001',
      serviceId: 'A',
      finalServiceId: 'C',
      status: 'done',
      endedAt: at('09:42'),
    });
  });

  it('counts each stop at its service: one wait, one service time, one finished visit each; one arrival in all', () => {
    const k = kpiTables({
      acc: new KpiAccumulator().addDayTickets(tickets),
      days: [{ date: DAY, kpi: dayKpi(tickets) }],
      dayCount: 1,
      timeZone: TZ,
      services: SERVICES,
      exact: true,
    });
    expect(k.arrivals.find((r) => r.serviceId === '*')).toMatchObject({ hour: 9, arrivals: 1 });
    expect(k.daily.map((d) => [d.serviceId, d.arrivals, d.called, d.done])).toEqual([
      ['A', 1, 1, 1],
      ['B', 0, 1, 1],
      ['C', 0, 1, 1],
    ]);
    // Waits from joining each stop's line: A 5 min, B 10 min, C 2 min; service times 10, 5, 10 min.
    const wait = (s: string) => k.waiting.find((r) => r.serviceId === s && r.priority === '*')?.maxSec;
    expect([wait('A'), wait('B'), wait('C')]).toEqual([300, 600, 120]);
    const served = (s: string) => k.serviceTime.find((r) => r.serviceId === s && r.staffId === '*');
    expect([served('A')?.maxSec, served('B')?.maxSec, served('C')?.maxSec]).toEqual([600, 300, 600]);
  });
});
