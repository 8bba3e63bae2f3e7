/**
 * Issue 7: a clerk works only at counters serving one of their skills. The chooser's list
 * (`GET /counters?mine=1`) shows only those, and the hub refuses the others with 403
 * FORBIDDEN_COUNTER, audited as `counter.refused`; supervisors see and operate every counter.
 */
import { ApiError, HubClient } from '@callboard/hub/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub';

// Demo counters: 1 [A], 2 [A, B], 3 [B, C], 4 [C].
let hub: TestHub;
let admin: HubClient;
let supervisor: HubClient;
let clerkB: HubClient;
let clerkBId: string;

async function refused(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

beforeAll(async () => {
  hub = await startTestHub();
  admin = new HubClient({ baseUrl: hub.baseUrl });
  await admin.login('admin', 'callboard-admin');
  supervisor = new HubClient({ baseUrl: hub.baseUrl });
  await supervisor.login('supervisor', 'callboard-demo');
  const created = await admin.request<{ id: string }>('POST', '/admin/staff', {
    username: 'clerkb',
    name: '只办B',
    role: 'clerk',
    skills: ['B'],
    password: 'clerk-b-password',
  });
  clerkBId = created.id;
  clerkB = new HubClient({ baseUrl: hub.baseUrl });
  await clerkB.login('clerkb', 'clerk-b-password');
});
afterAll(async () => hub?.close());

it('lists only the counters serving one of the clerk’s skills; supervisors see all', async () => {
  expect((await clerkB.myCounters()).map((c) => c.id)).toEqual(['2', '3']);
  const clerk1 = new HubClient({ baseUrl: hub.baseUrl });
  await clerk1.login('clerk1', 'callboard-demo'); // A, B
  expect((await clerk1.myCounters()).map((c) => c.id)).toEqual(['1', '2', '3']);
  expect((await supervisor.myCounters()).map((c) => c.id)).toEqual(['1', '2', '3', '4']);
  // The plain catalogue is unchanged, and "mine" needs a session.
  expect((await clerkB.counters()).map((c) => c.id)).toEqual(['1', '2', '3', '4']);
  const anon = new HubClient({ baseUrl: hub.baseUrl });
  expect(await refused(anon.myCounters())).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  expect(await refused(anon.request('GET', '/counters?mine=maybe'))).toMatchObject({ status: 400 });
});

it('refuses a clerk at any other counter with 403 FORBIDDEN_COUNTER, audited', async () => {
  const anon = new HubClient({ baseUrl: hub.baseUrl });
  await anon.issueTicket({ serviceId: 'A' });
  await anon.issueTicket({ serviceId: 'C' });
  const since = Date.now();

  for (const attempt of [
    () => clerkB.openCounter('1'),
    () => clerkB.callNext('1'),
    () => clerkB.pauseCounter('4', 'lunch'),
    () => clerkB.closeCounter('4'),
    () => clerkB.callNext('4'),
  ]) {
    const err = await refused(attempt());
    expect(err).toMatchObject({ status: 403, code: 'FORBIDDEN_COUNTER' });
  }
  // Nothing changed at those counters.
  const counters = await supervisor.counters();
  expect(counters.filter((c) => c.id === '1' || c.id === '4').map((c) => c.state)).toEqual(['closed', 'closed']);
  expect(counters.find((c) => c.id === '1')?.current).toBeUndefined();

  const audit = await supervisor.audit({ action: 'counter.refused', from: since });
  expect(audit.records.map((r) => [r.actor.id, r.target, r.details?.action])).toEqual(
    expect.arrayContaining([
      [clerkBId, '1', 'open'],
      [clerkBId, '1', 'call-next'],
      [clerkBId, '4', 'pause'],
      [clerkBId, '4', 'close'],
      [clerkBId, '4', 'call-next'],
    ]),
  );
  expect(audit.records[0]?.details).toMatchObject({ code: 'FORBIDDEN_COUNTER', skills: ['B'] });

  // At a counter serving B the clerk works as before (and calls B only).
  const b = await anon.issueTicket({ serviceId: 'B' });
  expect((await clerkB.openCounter('2')).state).toBe('open');
  expect((await clerkB.callNext('2')).id).toBe(b.id);
  await clerkB.closeCounter('2');
  // A supervisor may operate any counter.
  expect((await supervisor.callNext('4')).serviceId).toBe('C');
  await supervisor.closeCounter('4');
});

it('a clerk without skills may use every counter', async () => {
  await admin.request('POST', '/admin/staff', {
    username: 'clerkall',
    name: '全能',
    role: 'clerk',
    password: 'clerk-all-password',
  });
  const clerk = new HubClient({ baseUrl: hub.baseUrl });
  await clerk.login('clerkall', 'clerk-all-password');
  expect((await clerk.myCounters()).map((c) => c.id)).toEqual(['1', '2', '3', '4']);
  expect((await clerk.openCounter('4')).state).toBe('open');
  await clerk.closeCounter('4');
});
