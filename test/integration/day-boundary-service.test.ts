/**
 * A service with its own day start, under an injected clock (site time Asia/Shanghai): the hall's
 * day ends at midnight, the evening clinic (service B) works 18:00–03:30 and starts its day at
 * 04:00. Across midnight the clinic's numbers run on and its tickets stay on its day (reports), also
 * after a restart; the hall's service (A) rolls at midnight as before; the day before is archived
 * only once the clinic's day has ended too; at 04:00 the clinic, closed then, starts afresh.
 */
import { HubClient } from '@callboard/hub/client';
import { afterEach, describe, expect, it } from 'vitest';
import type { IssuedTicket, Ticket } from '../../hub/src/protocol';
import { archivePastDays } from '../../hub/src/store';
import { oldestBusinessDate } from '../../hub/src/time';
import { startTestHub, startTestHubAgain, type TestHub, tempDir } from '../support/hub';

const sh = (local: string) => Date.parse(`${local}+08:00`);
const tokenOf = (t: IssuedTicket) => t.trackUrl.split('/t/')[1] as string;
const noSummary = { summarise: (date: string) => ({ _id: date }) };

let hub: TestHub | undefined;
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

describe('an evening clinic starting its day at 04:00 in a hall whose day starts at midnight', () => {
  it('keeps its numbers and its day across midnight and a restart, and starts afresh at its own boundary', async () => {
    let now = sh('2026-12-04T23:40:00');
    const dataDir = tempDir('cb-day-svc-');
    hub = await startTestHub({
      dataDir,
      now: () => now,
      patch: (cfg) => {
        cfg.rateLimit = { ticketsPerMinutePerClient: 1000 };
        const b = cfg.services.find((x: { id: string }) => x.id === 'B');
        b.dayStartsAt = '04:00';
        b.hours = [
          { days: [0, 1, 2, 3, 4, 5, 6], open: '18:00', close: '24:00' },
          { days: [0, 1, 2, 3, 4, 5, 6], open: '00:00', close: '03:30' },
        ];
      },
    });
    const anon = new HubClient({ baseUrl: hub.baseUrl });
    const clerk = new HubClient({ baseUrl: hub.baseUrl });
    await clerk.login('clerk1', 'callboard-demo');
    const supervisor = new HubClient({ baseUrl: hub.baseUrl });
    await supervisor.login('supervisor', 'callboard-demo');
    const b1 = await anon.issueTicket({ serviceId: 'B' });
    const b2 = await anon.issueTicket({ serviceId: 'B' });
    const a1 = await anon.issueTicket({ serviceId: 'A' });
    expect([b1.number, b2.number, a1.number]).toEqual(['B001', 'B002', 'A001']);
    await clerk.openCounter('3');
    const served = await clerk.callNext('3');
    expect(served.number).toBe('B001');
    await clerk.start(served.id);
    await clerk.finish(served.id);

    // 00:10: the hall's day rolled (A carries A001 and numbers on); the clinic is still on its 4 December.
    now = sh('2026-12-05T00:10:00');
    const a2 = await anon.issueTicket({ serviceId: 'A' });
    const b3 = await anon.issueTicket({ serviceId: 'B' });
    expect([a2.number, b3.number]).toEqual(['A002', 'B003']);
    expect(hub.queue.businessDate).toBe('2026-12-05');
    expect((await clerk.ticket(b3.id)).businessDate).toBe('2026-12-04');
    expect((await clerk.ticket(a2.id)).businessDate).toBe('2026-12-05');
    expect(await anon.track(tokenOf(b2))).toMatchObject({ number: 'B002', status: 'waiting', position: 0 });

    // The clinic calls B002 and B003, who do not come: none of its numbers is held any more.
    for (const t of [b2, b3]) {
      const c = await clerk.callNext('3');
      expect(c.id).toBe(t.id);
      await clerk.noShow(c.id);
    }

    // A restart at 01:00 numbers on after every clinic ticket of its day, closed ones included.
    now = sh('2026-12-05T01:00:00');
    await hub.close();
    hub = await startTestHubAgain(hub);
    const again = new HubClient({ baseUrl: hub.baseUrl });
    const b4 = await again.issueTicket({ serviceId: 'B' });
    expect(b4.number).toBe('B004');
    expect(hub.queue.board().services.find((s) => s.id === 'B')?.waiting).toBe(1);
    // The 4th is not archived while the clinic still works on it.
    const open = oldestBusinessDate(now, 'Asia/Shanghai', undefined, [...hub.queue.services.values()]);
    expect(open).toBe('2026-12-04');
    expect(await archivePastDays(dataDir, hub.store.tickets, open, now, noSummary)).toEqual([]);

    // Reports: the clinic's evening on the 4th, the hall's A002 on the 5th.
    const staff = new HubClient({ baseUrl: hub.baseUrl });
    await staff.login('supervisor', 'callboard-demo');
    const day4 = await staff.reportKpis({ from: '2026-12-04', to: '2026-12-04' });
    expect(day4.rates.find((r) => r.serviceId === 'B')?.tickets).toBe(4);
    expect(day4.rates.find((r) => r.serviceId === 'A')?.tickets).toBe(1);
    const day5 = await staff.reportKpis({ from: '2026-12-05', to: '2026-12-05' });
    expect(day5.rates.find((r) => r.serviceId === 'A')?.tickets).toBe(1);
    expect(day5.rates.find((r) => r.serviceId === 'B')?.tickets ?? 0).toBe(0);

    // 04:10: the clinic's day ended while it was closed (03:30): who is left is closed unserved.
    now = sh('2026-12-05T04:10:00');
    await again.issueTicket({ serviceId: 'A' });
    expect(await again.track(tokenOf(b4))).toMatchObject({ status: 'cancelled', closedUnserved: true });
    expect(hub.queue.board().services.find((s) => s.id === 'B')?.waiting).toBe(0);
    // Once its day has ended (and the hold for late ratings passed), the 4th is archived whole.
    const clerkAgain = new HubClient({ baseUrl: hub.baseUrl });
    await clerkAgain.login('clerk1', 'callboard-demo');
    await clerkAgain.openCounter('1');
    for (const id of [a1.id, a2.id]) {
      const c = await clerkAgain.callNext('1');
      expect(c.id).toBe(id);
      await clerkAgain.noShow(c.id);
    }
    now = sh('2026-12-05T04:40:00');
    const later = oldestBusinessDate(now, 'Asia/Shanghai', undefined, [...hub.queue.services.values()]);
    expect(await archivePastDays(dataDir, hub.store.tickets, later, now, noSummary)).toEqual(['2026-12-04']);
    // 18:05: the clinic opens its new day at B001.
    now = sh('2026-12-05T18:05:00');
    const fresh = await again.issueTicket({ serviceId: 'B' });
    expect(fresh.number).toBe('B001');
    const stored = (await hub.store.tickets.findAsync({ _id: fresh.id })) as Ticket[];
    expect(stored[0]?.businessDate).toBe('2026-12-05');
  });
});
