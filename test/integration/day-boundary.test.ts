/**
 * A hub running across its day boundary under an injected clock (site time Asia/Shanghai): the
 * visitors still waiting keep their tickets, numbers and places; the board and the phone page
 * still show them; new numbers continue after the highest one still held; calling goes on in
 * order; the old day is archived only once its last carried ticket has closed. Once with the
 * default midnight boundary, once with `site.dayStartsAt` "04:00".
 */
import { HubClient } from '@callboard/hub/client';
import { afterEach, describe, expect, it } from 'vitest';
import { type IssuedTicket, NOT_SERVED_CLOSED, type Ticket } from '../../hub/src/protocol';
import { archivePastDays } from '../../hub/src/store';
import { startTestHub, startTestHubAgain, type TestHub, tempDir } from '../support/hub';

/** An instant given in Shanghai wall-clock time. */
const sh = (local: string) => Date.parse(`${local}+08:00`);
const tokenOf = (t: IssuedTicket) => t.trackUrl.split('/t/')[1] as string;

let hub: TestHub | undefined;
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

async function start(clock: () => number, dayStartsAt?: string) {
  const dataDir = tempDir('cb-day-');
  hub = await startTestHub({
    dataDir,
    now: clock,
    patch: (cfg) => {
      cfg.rateLimit = { ticketsPerMinutePerClient: 1000 };
      if (dayStartsAt) cfg.site.dayStartsAt = dayStartsAt;
    },
  });
  const anon = new HubClient({ baseUrl: hub.baseUrl });
  const clerk = new HubClient({ baseUrl: hub.baseUrl });
  await clerk.login('clerk1', 'callboard-demo');
  await clerk.openCounter('1');
  const supervisor = new HubClient({ baseUrl: hub.baseUrl });
  await supervisor.login('supervisor', 'callboard-demo');
  return { hub, anon, clerk, supervisor, dataDir };
}

/** Tickets per service in the KPI report of one day (each visit on the day it was issued). */
async function ticketsOn(supervisor: HubClient, day: string): Promise<Record<string, number>> {
  const r = await supervisor.reportKpis({ from: day, to: day });
  return Object.fromEntries(r.rates.filter((x) => x.tickets > 0).map((x) => [x.serviceId, x.tickets]));
}

async function expectCarried(h: TestHub, anon: HubClient, carried: IssuedTicket[]) {
  for (const [i, t] of carried.entries()) {
    expect(await anon.track(tokenOf(t))).toMatchObject({ number: t.number, status: 'waiting', position: i });
  }
  const board = h.queue.board();
  expect(board.services.find((s) => s.id === 'A')?.waiting).toBe(carried.length);
  expect(board.calls[0]).toMatchObject({ number: 'A001', counterId: '1' });
}

const noSummary = { summarise: (date: string) => ({ _id: date }) };

describe('across midnight', () => {
  it('carries the waiting visitors into the new day and continues the numbers after them', async () => {
    let now = sh('2026-12-04T23:58:00');
    const { hub: h, anon, clerk, supervisor, dataDir } = await start(() => now);
    const issued: IssuedTicket[] = [];
    for (let i = 0; i < 4; i++) issued.push(await anon.issueTicket({ serviceId: 'A' }));
    expect(issued.map((t) => t.number)).toEqual(['A001', 'A002', 'A003', 'A004']);
    expect((await clerk.callNext('1')).number).toBe('A001');
    expect(h.queue.businessDate).toBe('2026-12-04');

    now = sh('2026-12-05T00:01:00');
    const a005 = await anon.issueTicket({ serviceId: 'A' });
    expect(h.queue.businessDate).toBe('2026-12-05');
    expect(a005.number).toBe('A005');
    const carried = issued.slice(1);
    await expectCarried(h, anon, [...carried, a005]);
    // The counter serving a carried visitor is not closed under them.
    const counter = (await clerk.counters()).find((c) => c.id === '1');
    expect(counter).toMatchObject({ state: 'open', current: { number: 'A001' } });
    // The old day waits in the hot store while its carried tickets are open.
    expect(await archivePastDays(dataDir, h.store.tickets, '2026-12-05', now, noSummary)).toEqual([]);

    // Calling goes on in order; a ticket keeps the day it was issued.
    const a1 = issued[0] as IssuedTicket;
    await clerk.start(a1.id);
    await clerk.finish(a1.id);
    const called: string[] = [];
    for (const t of [...carried, a005]) {
      const c = await clerk.callNext('1');
      called.push(c.number);
      await clerk.noShow(c.id);
      expect(c.id).toBe(t.id);
    }
    expect(called).toEqual(['A002', 'A003', 'A004', 'A005']);
    expect((await clerk.ticket(carried[0]?.id as string)).businessDate).toBe('2026-12-04');
    expect((await clerk.ticket(a005.id)).businessDate).toBe('2026-12-05');
    // Reports split the visits by the day they were issued.
    expect(await ticketsOn(supervisor, '2026-12-04')).toEqual({ A: 4 });
    expect(await ticketsOn(supervisor, '2026-12-05')).toEqual({ A: 1 });
    // All closed: now the old day is archived, with all four of its tickets.
    expect(await archivePastDays(dataDir, h.store.tickets, '2026-12-05', now, noSummary)).toEqual(['2026-12-04']);
    expect((await h.store.tickets.findAsync({})).map((t) => t.number)).toEqual(['A005']);
  });
});

describe('a service closed when the day turns', () => {
  it('starts the new day afresh: its leftover tickets are closed as not served and its numbers start again', async () => {
    let now = sh('2026-12-04T23:50:00');
    const dataDir = tempDir('cb-day-');
    hub = await startTestHub({
      dataDir,
      now: () => now,
      patch: (cfg) => {
        // B opens 08:00–23:55 every day (a late service hall); A keeps no hours (open round the clock).
        cfg.services.find((x: { id: string }) => x.id === 'B').hours = [
          { days: [0, 1, 2, 3, 4, 5, 6], open: '08:00', close: '23:55' },
        ];
      },
    });
    const anon = new HubClient({ baseUrl: hub.baseUrl });
    const b = await anon.issueTicket({ serviceId: 'B' });
    const a = await anon.issueTicket({ serviceId: 'A' });
    expect([b.number, a.number]).toEqual(['B001', 'A001']);

    now = sh('2026-12-05T08:01:00');
    const b2 = await anon.issueTicket({ serviceId: 'B' });
    expect(b2.number).toBe('B001');
    // The visitor's phone page says why: not served — closed (reports count it apart).
    expect(await anon.track(tokenOf(b))).toMatchObject({ number: 'B001', status: 'cancelled', closedUnserved: true });
    const left = (await hub.store.tickets.findAsync({ businessDate: '2026-12-04', serviceId: 'B' })) as Ticket[];
    expect(left.map((t) => [t.status, t.outcome])).toEqual([['cancelled', NOT_SERVED_CLOSED]]);
    expect(await anon.track(tokenOf(a))).toMatchObject({ number: 'A001', status: 'waiting', position: 0 });
    expect((await anon.issueTicket({ serviceId: 'A' })).number).toBe('A002');
  });
});

describe('a restart after the roll', () => {
  it('brings back the carried visitors and numbers after them', async () => {
    let now = sh('2026-12-04T23:58:00');
    const { hub: h, anon, clerk } = await start(() => now);
    const issued: IssuedTicket[] = [];
    for (let i = 0; i < 4; i++) issued.push(await anon.issueTicket({ serviceId: 'A' }));
    expect((await clerk.callNext('1')).number).toBe('A001');
    now = sh('2026-12-05T00:01:00');
    const a005 = await anon.issueTicket({ serviceId: 'A' });
    expect(a005.number).toBe('A005');
    await h.close();
    hub = await startTestHubAgain(h);
    const again = new HubClient({ baseUrl: hub.baseUrl });
    expect(hub.queue.businessDate).toBe('2026-12-05');
    await expectCarried(hub, again, [...issued.slice(1), a005]);
    expect((await again.issueTicket({ serviceId: 'A' })).number).toBe('A006');
  });
});

describe('with the day starting at 04:00', () => {
  it('keeps the old day until 04:00 and then carries the waiting visitors the same way', async () => {
    let now = sh('2026-12-04T23:58:00');
    const { hub: h, anon, clerk, supervisor, dataDir } = await start(() => now, '04:00');
    const issued: IssuedTicket[] = [];
    for (let i = 0; i < 4; i++) issued.push(await anon.issueTicket({ serviceId: 'A' }));
    const a1 = await clerk.callNext('1');
    expect(a1.number).toBe('A001');
    await clerk.start(a1.id);

    now = sh('2026-12-05T00:30:00');
    const a005 = await anon.issueTicket({ serviceId: 'A' });
    expect(a005.number).toBe('A005');
    expect(h.queue.businessDate).toBe('2026-12-04');
    expect((await clerk.ticket(a005.id)).businessDate).toBe('2026-12-04');

    now = sh('2026-12-05T04:01:00');
    const a006 = await anon.issueTicket({ serviceId: 'A' });
    expect(h.queue.businessDate).toBe('2026-12-05');
    expect(a006.number).toBe('A006');
    const waiting = [...issued.slice(1), a005, a006];
    await expectCarried(h, anon, waiting);
    expect((await clerk.counters()).find((c) => c.id === '1')).toMatchObject({
      state: 'open',
      current: { number: 'A001', status: 'serving' },
    });
    await clerk.finish(a1.id);
    // The protection time counts across the boundary: a priority visitor arriving now overtakes
    // only the visitor who just came (A006), not those waiting since before 04:00.
    const priority = await clerk.issueTicket({ serviceId: 'A', priority: 'priority' });
    expect(priority.number).toBe('A007');
    waiting.push(priority);
    const called: string[] = [];
    for (let i = 0; i < waiting.length; i++) {
      const c = await clerk.callNext('1');
      called.push(c.number);
      await clerk.noShow(c.id);
    }
    expect(called).toEqual(['A002', 'A003', 'A004', 'A005', 'A007', 'A006']);
    // Reports: A001–A005 on the 4th (00:30 is still the 4th), A006 and A007 on the 5th.
    expect(await ticketsOn(supervisor, '2026-12-04')).toEqual({ A: 5 });
    expect(await ticketsOn(supervisor, '2026-12-05')).toEqual({ A: 2 });
    // Every ticket of the 4th is closed: the 4th is archived whole.
    expect(await archivePastDays(dataDir, h.store.tickets, '2026-12-05', now, noSummary)).toEqual(['2026-12-04']);
    expect((await h.store.tickets.findAsync({})).map((t) => t.number).sort()).toEqual(['A006', 'A007']);
  });
});
