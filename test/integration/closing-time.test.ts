/**
 * Closing time under an injected clock (site time Asia/Shanghai): a service's hours stop issue at
 * closing and the refusal says when it opens next; those already waiting are still served; a
 * supervisor extends today's hours or closes early (audited, a notice on the boards in both
 * languages; a clerk may not); once closing time and the grace have passed, the tickets still
 * waiting are closed as "not served — closed": the phone page says so and the reports count them.
 */
import { ApiError, HubClient } from '@callboard/hub/client';
import { afterEach, describe, expect, it } from 'vitest';
import { type BoardSnapshot, type IssuedTicket, NOT_SERVED_CLOSED, topics } from '../../hub/src/protocol';
import { startTestHub, startTestHubAgain, type TestHub, tempDir } from '../support/hub';

const sh = (local: string) => Date.parse(`${local}+08:00`);
const tokenOf = (t: IssuedTicket) => t.trackUrl.split('/t/')[1] as string;

let hub: TestHub | undefined;
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

async function refusal(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

async function start(clock: () => number) {
  hub = await startTestHub({
    dataDir: tempDir('cb-closing-'),
    now: clock,
    patch: (cfg) => {
      cfg.rateLimit = { ticketsPerMinutePerClient: 1000 };
      cfg.queue = { ...cfg.queue, closingGraceMin: 30 };
      // B keeps office hours every day; A keeps none (always open).
      cfg.services.find((x: { id: string }) => x.id === 'B').hours = [
        { days: [0, 1, 2, 3, 4, 5, 6], open: '08:00', close: '17:00' },
      ];
    },
  });
  const anon = new HubClient({ baseUrl: hub.baseUrl });
  const clerk = new HubClient({ baseUrl: hub.baseUrl });
  await clerk.login('clerk1', 'callboard-demo');
  const supervisor = new HubClient({ baseUrl: hub.baseUrl });
  await supervisor.login('supervisor', 'callboard-demo');
  await clerk.openCounter('2');
  return { h: hub, anon, clerk, supervisor };
}

const queueOf = async (c: HubClient, id: string) => (await c.queue()).services.find((s) => s.serviceId === id);

describe('closing time', () => {
  it('stops issue at closing, serves those waiting, and closes the rest after the grace as not served — closed', async () => {
    let now = sh('2026-12-04T16:50:00');
    const { h, anon, clerk, supervisor } = await start(() => now);
    const issued: IssuedTicket[] = [];
    for (let i = 0; i < 3; i++) issued.push(await anon.issueTicket({ serviceId: 'B' }));
    expect(issued.map((t) => t.number)).toEqual(['B001', 'B002', 'B003']);

    // 17:01: closed for new tickets; the refusal and the queue say when B opens again.
    now = sh('2026-12-04T17:01:00');
    const closed = await refusal(anon.issueTicket({ serviceId: 'B' }));
    expect(closed.code).toBe('SERVICE_CLOSED');
    expect(closed.details).toEqual({ nextOpenAt: sh('2026-12-05T08:00:00') });
    expect(await queueOf(anon, 'B')).toMatchObject({ open: false, nextOpenAt: sh('2026-12-05T08:00:00'), waiting: 3 });
    // Those already waiting are still served.
    const b1 = await clerk.callNext('2');
    expect(b1.number).toBe('B001');
    await clerk.start(b1.id);
    await clerk.finish(b1.id);

    // 17:10: a supervisor extends today's hours to 18:00; a clerk may not.
    now = sh('2026-12-04T17:10:00');
    expect((await refusal(clerk.extendHours('B', { until: '18:00' }))).status).toBe(403);
    // Listen to the boards' topic first: every board published from now on is seen.
    const boards: BoardSnapshot[] = [];
    await h.bus.subscribe(topics.board('demo'), (_t, payload) => boards.push(JSON.parse(payload.toString()) as BoardSnapshot));
    const ext = await supervisor.extendHours('B', { until: '18:00' });
    expect(ext).toMatchObject({
      serviceId: 'B',
      kind: 'extend',
      day: '2026-12-04',
      closesAt: sh('2026-12-04T18:00:00'),
      open: true,
    });
    const notices = await supervisor.notices();
    expect(notices.map((n) => n.text)).toContainEqual({
      zh: '社保医保今日延长办理至 18:00',
      en: 'Social & medical insurance: open today until 18:00',
    });
    // …and the boards show it (the retained board snapshot on MQTT).
    await expect.poll(() => boards.some((b) => b.notices.some((n) => n.id === ext.noticeId)), { timeout: 20_000 }).toBe(true);
    const b4 = await anon.issueTicket({ serviceId: 'B' });
    expect(b4.number).toBe('B004');

    // 17:20: the supervisor closes early, from now on.
    now = sh('2026-12-04T17:20:00');
    expect((await refusal(clerk.closeEarly('B'))).status).toBe(403);
    expect(await supervisor.closeEarly('B')).toMatchObject({ kind: 'close-early', open: false, closesAt: now });
    expect((await supervisor.notices()).map((n) => n.text.en)).toContain(
      'Social & medical insurance: no new tickets today from 17:20; everyone already waiting will be served',
    );
    expect((await refusal(anon.issueTicket({ serviceId: 'B' }))).details).toEqual({ nextOpenAt: sh('2026-12-05T08:00:00') });
    const audit = (await h.store.audit.findAsync({ target: 'B' })) as { action: string }[];
    expect(audit.map((a) => a.action).sort()).toEqual(['service.close_early', 'service.extend']);

    // 17:30: B002 is called and served past closing.
    now = sh('2026-12-04T17:30:00');
    const b2 = await clerk.callNext('2');
    expect(b2.number).toBe('B002');
    await clerk.start(b2.id);

    // Within the grace nothing is closed.
    now = sh('2026-12-04T17:45:00');
    expect(await h.queue.sweepClosingTime()).toEqual([]);
    expect(await anon.track(tokenOf(issued[2] as IssuedTicket))).toMatchObject({ status: 'waiting', position: 0 });

    // 17:51, grace over: B003 and B004 (waiting) are closed; B002 (with a clerk) is not; A is untouched.
    now = sh('2026-12-04T17:51:00');
    const swept = await h.queue.sweepClosingTime();
    expect(swept.map((t) => [t.number, t.status, t.outcome])).toEqual([
      ['B003', 'cancelled', NOT_SERVED_CLOSED],
      ['B004', 'cancelled', NOT_SERVED_CLOSED],
    ]);
    expect(await h.queue.sweepClosingTime()).toEqual([]);
    expect(h.queue.ticket(b2.id).status).toBe('serving');
    const phone = await anon.track(tokenOf(b4));
    expect(phone).toMatchObject({ number: 'B004', status: 'cancelled', closedUnserved: true });
    expect(await anon.track(tokenOf(issued[0] as IssuedTicket))).not.toHaveProperty('closedUnserved');
    expect(h.queue.board().services.find((s) => s.id === 'B')?.waiting).toBe(0);
    await clerk.finish(b2.id);

    // The reports count them apart from cancellations.
    const report = await supervisor.reportKpis({ from: '2026-12-04', to: '2026-12-04' });
    expect(report.rates.find((r) => r.serviceId === 'B')).toMatchObject({
      tickets: 4,
      done: 2,
      cancelled: 0,
      closedUnserved: 2,
      leftBeforeCall: 0,
    });
  });

  it("keeps today's extension through a restart, and forgets it the next day", async () => {
    let now = sh('2026-12-04T16:30:00');
    const { supervisor } = await start(() => now);
    await supervisor.extendHours('B', { until: '18:30' });
    await (hub as TestHub).close();
    hub = await startTestHubAgain(hub as TestHub);
    const anon = new HubClient({ baseUrl: hub.baseUrl });
    now = sh('2026-12-04T18:00:00');
    expect((await anon.issueTicket({ serviceId: 'B' })).number).toBe('B001');
    now = sh('2026-12-05T18:00:00');
    expect((await refusal(anon.issueTicket({ serviceId: 'B' }))).code).toBe('SERVICE_CLOSED');
  });
});
