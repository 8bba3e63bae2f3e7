/**
 * Time windows across the day boundary, under an injected clock (site time Asia/Shanghai,
 * midnight boundary): the anti-starvation protection counts from the original arrival; a rating
 * given just after the roll for a visit ended before it is accepted and counted on the visit's
 * day; a visit at 23:50 and another at 00:10 are a repeat; an appointment at 23:45 whose no-show
 * deadline falls after midnight is swept once, and its visitor may still check in late after midnight.
 */
import { HubClient } from '@callboard/hub/client';
import { afterEach, describe, expect, it } from 'vitest';
import type { IssuedTicket } from '../../hub/src/protocol';
import { SYSTEM } from '../../hub/src/service/caller';
import { startTestHub, type TestHub, tempDir } from '../support/hub';

const sh = (local: string) => Date.parse(`${local}+08:00`);
const tokenOf = (t: IssuedTicket) => t.trackUrl.split('/t/')[1] as string;
const KIOSK = 'demo-kiosk-1-token-0001';

let hub: TestHub | undefined;
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

async function start(clock: () => number, patch: (cfg: any) => void = () => {}) {
  hub = await startTestHub({
    dataDir: tempDir('cb-day-win-'),
    now: clock,
    patch: (cfg) => {
      cfg.rateLimit = { ticketsPerMinutePerClient: 1000 };
      patch(cfg);
    },
  });
  const clerk = new HubClient({ baseUrl: hub.baseUrl });
  await clerk.login('clerk1', 'callboard-demo');
  const supervisor = new HubClient({ baseUrl: hub.baseUrl });
  await supervisor.login('supervisor', 'callboard-demo');
  const kiosk = new HubClient({ baseUrl: hub.baseUrl, deviceToken: KIOSK });
  return { h: hub, clerk, supervisor, kiosk, anon: new HubClient({ baseUrl: hub.baseUrl }) };
}

describe('windows across midnight', () => {
  it('protects a visitor waiting since 23:50 at 00:20 (30-minute bound) against later priority tickets', async () => {
    let now = sh('2026-12-04T23:50:00');
    const { clerk, anon } = await start(() => now);
    const early = await anon.issueTicket({ serviceId: 'A' });
    now = sh('2026-12-05T00:05:00');
    const priority = await clerk.issueTicket({ serviceId: 'A', priority: 'priority' });
    expect(priority.number).toBe('A002');
    await clerk.openCounter('1');
    // At 00:10 the priority ticket goes first (the early visitor has waited 20 minutes) …
    now = sh('2026-12-05T00:10:00');
    const later = await clerk.issueTicket({ serviceId: 'A', priority: 'priority' });
    expect((await clerk.callNext('1')).number).toBe(priority.number);
    // … at 00:20 they have waited 30 minutes, counted from 23:50: protected, called before A003.
    now = sh('2026-12-05T00:20:00');
    expect((await clerk.callNext('1')).number).toBe(early.number);
    expect((await clerk.callNext('1')).number).toBe(later.number);
  });

  it('accepts a rating just after the roll for a visit ended before it, and counts it on that day', async () => {
    let now = sh('2026-12-04T23:50:00');
    const { h, clerk, supervisor, anon } = await start(() => now);
    const t = await anon.issueTicket({ serviceId: 'A' });
    await anon.issueTicket({ serviceId: 'A' });
    await clerk.openCounter('1');
    const called = await clerk.callNext('1');
    await clerk.start(called.id);
    now = sh('2026-12-04T23:58:00');
    await clerk.finish(called.id);
    const second = await clerk.callNext('1');
    await clerk.start(second.id);
    now = sh('2026-12-04T23:59:00');
    await clerk.finish(second.id);
    now = sh('2026-12-05T00:01:00');
    await anon.issueTicket({ serviceId: 'B' }); // the day rolls
    expect(await anon.track(tokenOf(t))).toMatchObject({ number: 'A001', status: 'done' });
    expect(await anon.rateVisit(tokenOf(t), 5)).toMatchObject({ score: 5 });
    // The counter's rating pad, pressed at 00:01 for the visit it ended at 23:59, is attached too.
    expect((await h.queue.ratePad('1', 4, SYSTEM))?.number).toBe('A002');
    // After 15 minutes into the new day, the day before's visits are no longer rated.
    now = sh('2026-12-05T00:16:00');
    await expect(anon.rateVisit(tokenOf(t), 5)).rejects.toMatchObject({ status: 404 });
    const day = await supervisor.reportKpis({ from: '2026-12-04', to: '2026-12-04' });
    expect(day.satisfaction.find((r) => r.serviceId === 'A' && r.staffId === '*')).toMatchObject({
      ratings: 2,
      score4: 1,
      score5: 1,
    });
    const next = await supervisor.reportKpis({ from: '2026-12-05', to: '2026-12-05' });
    expect(next.satisfaction.filter((r) => r.ratings > 0)).toEqual([]);
  });

  it('counts a visit at 23:50 and another at 00:10 by the same visitor as a repeat', async () => {
    let now = sh('2026-12-04T23:50:00');
    const { clerk, supervisor, kiosk } = await start(() => now);
    const phone = { kind: 'phone' as const, value: '13900002222' };
    await kiosk.issueTicket({ serviceId: 'A', identity: phone });
    await clerk.openCounter('1');
    const first = await clerk.callNext('1');
    await clerk.start(first.id);
    now = sh('2026-12-04T23:55:00');
    await clerk.finish(first.id);
    now = sh('2026-12-05T00:10:00');
    await kiosk.issueTicket({ serviceId: 'A', identity: phone });
    const second = await clerk.callNext('1');
    await clerk.start(second.id);
    await clerk.finish(second.id);
    const r = await supervisor.reportRepeats({ from: '2026-12-04', to: '2026-12-05', windowHours: 24 });
    expect(r.overall).toMatchObject({ visits: 2, repeated: 1 });
  });

  it('sweeps an appointment at 23:45 as a no-show after midnight once, and lets its visitor check in late after midnight', async () => {
    let now = sh('2026-12-04T20:00:00');
    const { h, kiosk } = await start(
      () => now,
      (cfg) => {
        cfg.appointments.schedules = [
          { serviceId: 'C', weekly: [{ days: [0, 1, 2, 3, 4, 5, 6], from: '23:15', to: '23:45', slotMin: 15, capacity: 3 }] },
          { serviceId: 'C', weekly: [{ days: [0, 1, 2, 3, 4, 5, 6], from: '23:45', to: '23:59', slotMin: 14, capacity: 3 }] },
        ];
      },
    );
    const slot = 'C@2026-12-04T23:45';
    const missed = await kiosk.bookAppointment({ slotId: slot, identity: { kind: 'phone', value: '13900003333' } });
    const late = await kiosk.bookAppointment({ slotId: slot, identity: { kind: 'phone', value: '13900004444' } });
    // 00:05: within the grace (10 min) and the late check-in time (30 min) — still welcome.
    now = sh('2026-12-05T00:05:00');
    const checkedIn = await kiosk.checkInAppointment(late.ref);
    expect(checkedIn.ticket.number).toMatch(/^C\d{3}$/);
    // 00:26: past 23:45 + 10 + 30 minutes: the other one is a no-show, swept once.
    now = sh('2026-12-05T00:26:00');
    expect(await h.appointments.sweep()).toBe(1);
    expect(await h.appointments.sweep()).toBe(0);
    expect((await kiosk.appointment(missed.ref)).status).toBe('no_show');
    expect((await kiosk.appointment(late.ref)).status).toBe('checked_in');
  });
});
