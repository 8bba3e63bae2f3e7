/**
 * The fairness record through the real API: a supervisor's call out of turn needs a reason, which
 * is kept on the call; the visitors it passed over read "1 supervisor's pick" on their phone page
 * beside the priority visitors who went first; the supervisor's report lists the picks per clerk
 * (whose counter it was) with the reasons, as JSON and CSV; a clerk may not read it.
 */
import { type ApiError, HubClient, reportOutOfOrder } from '@callboard/hub/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub';

const T0 = Date.UTC(2026, 2, 2, 1, 0, 0); // Monday 09:00 in Asia/Shanghai
let clock = T0;
let hub: TestHub;
let kiosk: HubClient;
let clerk1: HubClient;
let supervisor: HubClient;
let anon: HubClient;

beforeAll(async () => {
  hub = await startTestHub({
    now: () => clock,
    patch: (cfg: any) => {
      cfg.rateLimit = { ticketsPerMinutePerClient: 1000 };
      cfg.issuing = { ...cfg.issuing, selfDeclaredPriority: true };
    },
  });
  kiosk = new HubClient({ baseUrl: hub.baseUrl, deviceToken: 'demo-kiosk-1-token-0001' });
  clerk1 = new HubClient({ baseUrl: hub.baseUrl });
  supervisor = new HubClient({ baseUrl: hub.baseUrl });
  anon = new HubClient({ baseUrl: hub.baseUrl });
  await clerk1.login('clerk1', 'callboard-demo');
  await supervisor.login('supervisor', 'callboard-demo');
});
afterAll(async () => hub?.close());

const tick = () => {
  clock += 30_000;
};

describe('calls out of the policy order', () => {
  it('a pick carries its reason; the phone page and the per-clerk report show it', async () => {
    const me = await kiosk.issueTicket({ serviceId: 'A' });
    tick();
    const prio = await kiosk.issueTicket({ serviceId: 'A', priority: 'priority' });
    tick();
    const later = await kiosk.issueTicket({ serviceId: 'A' });
    tick();
    const last = await kiosk.issueTicket({ serviceId: 'A' });
    tick();
    // clerk1 holds counter 1: the priority visitor first (policy order).
    const first = await clerk1.callNext('1');
    expect(first.id).toBe(prio.id);
    const clerkId = first.staffId as string;
    tick();
    const none = await supervisor.request('POST', '/counters/1/call-ticket', { ticketId: later.id }).then(
      () => null,
      (e: unknown) => e as ApiError,
    );
    expect(none?.status).toBe(400);
    const picked = await supervisor.callTicket('1', later.id, 'interpreter here');
    expect(picked).toMatchObject({ id: later.id, staffId: clerkId });
    tick();
    await supervisor.callTicket('1', last.id, 'interpreter here');
    tick();

    const token = me.trackUrl.split('/t/')[1] as string;
    expect((await anon.track(token)).calledBefore).toEqual({ total: 3, byReason: { priority: 1, pick: 2 } });

    const r = await reportOutOfOrder(supervisor);
    const supervisorId = r.calls[0]?.by as string;
    expect(r.labels.staff[supervisorId]).toBeDefined();
    expect(r.byClerk).toEqual([{ staffId: clerkId, calls: 2, bypassed: 2, reasons: 'interpreter here ×2' }]);
    expect(r.calls.map((c) => [c.number, c.counterId, c.staffId, c.by, c.bypassed, c.reason])).toEqual([
      [later.number, '1', clerkId, supervisorId, 1, 'interpreter here'],
      [last.number, '1', clerkId, supervisorId, 1, 'interpreter here'],
    ]);
    const viaFetch = await fetch(`${hub.baseUrl}/api/v1/reports/out-of-order?format=csv&table=byClerk`, {
      headers: supervisorHeaders(),
    });
    expect(viaFetch.headers.get('content-type')).toContain('text/csv');
    const text = await viaFetch.text();
    expect(text).toContain('staffId');
    expect(text).toContain('interpreter here ×2');
    const refused = await reportOutOfOrder(clerk1).then(
      () => null,
      (e: unknown) => e as ApiError,
    );
    expect(refused?.status).toBe(403);
  });
});

function supervisorHeaders(): Record<string, string> {
  return { cookie: (supervisor as unknown as { sessionCookie: string }).sessionCookie };
}
