/**
 * Interleave ratios and missed calls through the real API: a hospital service with first visit
 * (normal) 2 : return 1 : missed 1, long lines, and a hub restart in the middle — the call-next
 * order follows the sequence documented in docs/queue-policy.md, and continues across the restart
 * because the turn is derived from the day's calls. Missed calls: re-queued by staff into the
 * `missed` class once per ticket; anonymous, a display and a clerk of another service may not.
 */
import { ApiError, HubClient } from '@callboard/hub/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub, tempDir } from '../support/hub';

const T0 = Date.UTC(2026, 2, 2, 1, 0, 0); // Monday 09:00 in Asia/Shanghai
let clock = T0;
const dataDir = tempDir();
let hub: TestHub;
let kiosk: HubClient;
let clerk1: HubClient;
let clerk2: HubClient;
let supervisor: HubClient;
let anon: HubClient;
let display: HubClient;

const hospital = (cfg: any) => {
  cfg.rateLimit = { ticketsPerMinutePerClient: 1000 };
  cfg.issuing = { ...cfg.issuing, selfDeclaredPriority: true };
  cfg.queue.priorities.push('missed');
  cfg.queue.ratio = {
    shares: [
      { class: 'normal', weight: 2 },
      { class: 'return', weight: 1 },
      { class: 'missed', weight: 1 },
    ],
  };
  cfg.queue.noShow = { ...cfg.queue.noShow, requeueClass: 'missed', maxRequeues: 1 };
};

async function start(): Promise<void> {
  hub = await startTestHub({ dataDir, now: () => clock, patch: hospital });
  kiosk = new HubClient({ baseUrl: hub.baseUrl, deviceToken: 'demo-kiosk-1-token-0001' });
  display = new HubClient({ baseUrl: hub.baseUrl, deviceToken: 'demo-board-1-token-0001' });
  anon = new HubClient({ baseUrl: hub.baseUrl });
  clerk1 = new HubClient({ baseUrl: hub.baseUrl });
  clerk2 = new HubClient({ baseUrl: hub.baseUrl });
  supervisor = new HubClient({ baseUrl: hub.baseUrl });
  await clerk1.login('clerk1', 'callboard-demo'); // skills A, B
  await clerk2.login('clerk2', 'callboard-demo'); // skills B, C
  await supervisor.login('supervisor', 'callboard-demo');
}

async function refused(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

const LETTER: Record<string, string> = { normal: 'F', return: 'R', missed: 'M' };
async function callLetters(n: number): Promise<string> {
  let out = '';
  for (let i = 0; i < n; i++) {
    clock += 10_000;
    out += LETTER[(await clerk1.callNext('1')).priority];
  }
  return out;
}

beforeAll(start);
afterAll(async () => {
  await hub?.close();
});

describe('ratio first visit 2 : return 1 : missed 1 at service A', () => {
  const missed: string[] = [];

  it('missed calls: a no-show comes back once, in the missed class, and only staff of the service may put it back', async () => {
    for (let i = 0; i < 2; i++) {
      await kiosk.issueTicket({ serviceId: 'A' });
      clock += 10_000;
      const called = await clerk1.callNext('1');
      missed.push(called.id);
      await clerk1.noShow(called.id);
    }
    // Who must not: nobody anonymous, no display, no clerk without the service.
    expect((await refused(anon.requeue(missed[0] as string))).status).toBe(401);
    expect([401, 403]).toContain((await refused(display.requeue(missed[0] as string))).status);
    expect((await refused(clerk2.requeue(missed[0] as string))).code).toBe('FORBIDDEN');
    // Nor can a visitor ask for the missed class at the kiosk.
    expect((await refused(kiosk.issueTicket({ serviceId: 'A', priority: 'missed' }))).code).toBe('VALIDATION_FAILED');
    for (const id of missed) expect((await clerk1.requeue(id)).priority).toBe('missed');
    const audit = await supervisor.audit({ action: 'ticket.requeue' });
    expect(audit.records.filter((r) => missed.includes(r.target ?? '')).length).toBe(2);
  });

  it('with long lines, call-next follows the documented sequence, and continues after a restart', async () => {
    for (let i = 0; i < 8; i++) await kiosk.issueTicket({ serviceId: 'A' });
    for (let i = 0; i < 4; i++) await kiosk.issueTicket({ serviceId: 'A', priority: 'return' });
    // The two calls above were first visits (F F), so the turn goes on with R M F F …
    expect(await callLetters(7)).toBe('RMFFRMF');
    await hub.close();
    await start();
    expect(await callLetters(7)).toBe('FRFFRFF');
  });

  it('a ticket put back once is not put back again (queue.noShow.maxRequeues: 1)', async () => {
    const { id } = await kiosk.issueTicket({ serviceId: 'A' });
    clock += 10_000;
    expect((await clerk1.callNext('1')).id).toBe(id);
    await clerk1.noShow(id);
    await clerk1.requeue(id);
    expect((await clerk1.callNext('1')).id).toBe(id);
    await clerk1.noShow(id);
    const err = await refused(clerk1.requeue(id));
    expect([err.status, err.code]).toEqual([409, 'REQUEUE_LIMIT']);
  });

  it('the ratio is edited through the set-up route: a service ratio applies at once, a bad one is refused', async () => {
    const admin = new HubClient({ baseUrl: hub.baseUrl });
    await admin.login('admin', 'callboard-admin');
    const state = await admin.adminSetup();
    const bad = structuredClone(state.setup);
    (bad.services[1] as any).ratio = {
      shares: [
        { class: 'normal', weight: 1 },
        { class: 'vip', weight: 1 },
      ],
    };
    const err = await refused(admin.saveSetup(bad, state.version));
    expect(err.code).toBe('SETUP_INVALID');
    expect(JSON.stringify(err.details)).toContain('services.1.ratio.shares.1.class');
    const good = structuredClone(state.setup);
    (good.services[1] as any).ratio = {
      shares: [
        { class: 'normal', weight: 3 },
        { class: 'return', weight: 1 },
      ],
    };
    await admin.saveSetup(good, state.version);
    for (let i = 0; i < 4; i++) await kiosk.issueTicket({ serviceId: 'B' });
    await kiosk.issueTicket({ serviceId: 'B', priority: 'return' });
    const order: string[] = [];
    for (let i = 0; i < 2; i++) {
      clock += 10_000;
      order.push((await clerk1.callNext('2')).priority);
    }
    // Strict rank would call the returning patient first (return ranks above normal in the demo).
    expect(order).toEqual(['normal', 'normal']);
  });
});
