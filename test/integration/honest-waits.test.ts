/**
 * Honest waits through the real API: the wait is shown as a range at issue, kept on the ticket,
 * and the supervisor's floor view says per service how many called visitors were called inside
 * the range they were shown.
 */
import { HubClient } from '@callboard/hub/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub';

const MIN = 60_000;
const T0 = Date.UTC(2026, 2, 2, 1, 0, 0); // Monday 09:00 in Asia/Shanghai
let clock = T0;
let hub: TestHub;
let kiosk: HubClient;
let clerk: HubClient;
let supervisor: HubClient;

beforeAll(async () => {
  hub = await startTestHub({ now: () => clock, patch: (cfg) => (cfg.rateLimit = { ticketsPerMinutePerClient: 1000 }) });
  kiosk = new HubClient({ baseUrl: hub.baseUrl, deviceToken: 'demo-kiosk-1-token-0001' });
  clerk = new HubClient({ baseUrl: hub.baseUrl });
  supervisor = new HubClient({ baseUrl: hub.baseUrl });
  await clerk.login('clerk1', 'callboard-demo');
  await supervisor.login('supervisor', 'callboard-demo');
});
afterAll(async () => {
  await hub?.close();
});

describe('waits as a range', () => {
  it('shows the range at issue, keeps it on the ticket, and the floor counts promises kept, early and late', async () => {
    const issued = [];
    for (let i = 0; i < 6; i++) issued.push(await kiosk.issueTicket({ serviceId: 'A' }));
    const last = issued[5] as (typeof issued)[number];
    const range = last.estimatedWaitRange;
    if (!range) throw new Error('no range shown at issue');
    expect(range.lowSec).toBeLessThanOrEqual(last.estimatedWaitSec);
    expect(range.highSec).toBeGreaterThan(last.estimatedWaitSec);
    // Pessimistic: more room on the late side than on the early side.
    expect(range.highSec - last.estimatedWaitSec).toBeGreaterThan(last.estimatedWaitSec - range.lowSec);
    expect((await clerk.ticket(last.id)).estimatedWaitRange).toBeDefined();
    // The first visitor is called in the middle of the range shown; the second an hour later
    // (after its range: late); nobody else yet.
    const first = issued[0]?.estimatedWaitRange as { lowSec: number; highSec: number };
    clock = T0 + ((first.lowSec + first.highSec) / 2) * 1000;
    expect((await clerk.callNext('1')).id).toBe(issued[0]?.id);
    clock += 60 * MIN;
    expect((await clerk.callNext('1')).id).toBe(issued[1]?.id);
    const floor = await supervisor.floor();
    const a = floor.serviceLevels.find((l) => l.serviceId === 'A');
    expect(a?.promises).toMatchObject({ called: 2, inside: 1, early: 0, late: 1, share: 0.5 });
    expect(a?.promises.medianWidthSec).toBeGreaterThan(0);
    expect(floor.serviceLevels.find((l) => l.serviceId === 'B')?.promises).toMatchObject({ called: 0, share: null });
  });

  it('the phone page says who came later and was called first, and why', async () => {
    const mine = await kiosk.issueTicket({ serviceId: 'B' });
    clock += MIN;
    await clerk.issueTicket({ serviceId: 'B', priority: 'priority' });
    const token = mine.trackUrl.split('/t/')[1] as string;
    expect((await kiosk.track(token)).calledBefore).toEqual({ total: 0, byReason: {} });
    clock += MIN;
    expect((await clerk.callNext('3')).priority).toBe('priority');
    expect((await kiosk.track(token)).calledBefore).toEqual({ total: 1, byReason: { priority: 1 } });
    // "3 people were called before you: 2 priority, 1 returning patient".
    clock += MIN;
    await clerk.issueTicket({ serviceId: 'B', priority: 'priority' });
    await clerk.issueTicket({ serviceId: 'B', priority: 'return' });
    clock += MIN;
    await clerk.callNext('3');
    clock += MIN;
    await clerk.callNext('3');
    expect((await kiosk.track(token)).calledBefore).toEqual({ total: 3, byReason: { priority: 2, return: 1 } });
  });

  it('the queue and the board show the wait of a new arrival as a range too', async () => {
    await kiosk.issueTicket({ serviceId: 'C' });
    const c = (await kiosk.queue()).services.find((s) => s.serviceId === 'C');
    expect(c?.estimatedWaitRange).toBeDefined();
    expect(c?.estimatedWaitRange?.highSec).toBeGreaterThan(c?.estimatedWaitSec ?? 0);
    const onBoard = hub.queue.board().services.find((s) => s.id === 'C');
    expect(onBoard?.estimatedWaitRange).toEqual(c?.estimatedWaitRange);
  });
});
