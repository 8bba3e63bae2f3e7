/**
 * The REST contract over real HTTP on a real port, through the typed client the apps use:
 * ticket lifecycle, auth and roles, coded errors for bad input, audit records.
 */
import { ApiError, HubClient } from '@callboard/hub/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Hub, startTestHub } from '../support/hub';

let hub: Hub & { baseUrl: string };
let anon: HubClient;
let clerk: HubClient;
let supervisor: HubClient;

async function expectApiError(p: Promise<unknown>, status: number, code: string): Promise<ApiError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  expect({ status: (err as ApiError).status, code: (err as ApiError).code }).toEqual({ status, code });
  return err as ApiError;
}

async function raw(method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${hub.baseUrl}/api/v1${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  return { status: res.status, json: (await res.json()) as any };
}

beforeAll(async () => {
  hub = await startTestHub({ patch: (cfg) => (cfg.rateLimit = { ticketsPerMinutePerClient: 1000 }) });
  anon = new HubClient({ baseUrl: hub.baseUrl });
  clerk = new HubClient({ baseUrl: hub.baseUrl });
  supervisor = new HubClient({ baseUrl: hub.baseUrl });
  await clerk.login('clerk1', 'callboard-demo');
  await supervisor.login('supervisor', 'callboard-demo');
});
afterAll(async () => {
  await hub?.close();
});

describe('issuing tickets', () => {
  it('numbers tickets per service from 001 and reports position and estimate', async () => {
    const a1 = await anon.issueTicket({ serviceId: 'A' });
    const a2 = await anon.issueTicket({ serviceId: 'A' });
    const b1 = await anon.issueTicket({ serviceId: 'B' });
    expect([a1.number, a2.number, b1.number]).toEqual(['A001', 'A002', 'B001']);
    expect(a1.status).toBe('waiting');
    expect(a2.position).toBe(1);
    expect(a2.estimatedWaitSec).toBeGreaterThan(0);
    expect(a1.trackUrl).toMatch(/\/t\/[0-9a-f]{32}$/);
    const token = a1.trackUrl.split('/t/')[1] as string;
    const tracked = await anon.track(token);
    expect(tracked).toMatchObject({ number: 'A001', status: 'waiting', position: 0 });
  });

  it('answers 201 with the documented shape to a plain curl-style request', async () => {
    const res = await raw('POST', '/tickets', JSON.stringify({ serviceId: 'C' }), { 'content-type': 'application/json' });
    expect(res.status).toBe(201);
    expect(res.json.number).toBe('C001');
    expect(Object.keys(res.json).sort()).toEqual(
      [
        'estimatedWaitRange',
        'estimatedWaitSec',
        'id',
        'issuedAt',
        'number',
        'position',
        'priority',
        'serviceId',
        'status',
        'trackUrl',
      ].sort(),
    );
  });

  it('refuses bad input with a coded 400 and keeps serving', async () => {
    const json = { 'content-type': 'application/json' };
    expect(await raw('POST', '/tickets', '{"serviceId":', json)).toMatchObject({
      status: 400,
      json: { error: { code: 'INVALID_JSON' } },
    });
    expect(await raw('POST', '/tickets', '', json)).toMatchObject({ status: 400, json: { error: { code: 'INVALID_JSON' } } });
    expect(await raw('POST', '/tickets', '{"serviceId":42}', json)).toMatchObject({
      status: 400,
      json: { error: { code: 'VALIDATION_FAILED' } },
    });
    expect(await raw('POST', '/tickets', '{"serviceId":"A","extra":1}', json)).toMatchObject({
      status: 400,
      json: { error: { code: 'VALIDATION_FAILED' } },
    });
    expect(await raw('POST', '/tickets', '[1,2]', json)).toMatchObject({
      status: 400,
      json: { error: { code: 'VALIDATION_FAILED' } },
    });
    expect(await raw('POST', '/tickets', '<a/>', { 'content-type': 'application/xml' })).toMatchObject({
      status: 415,
      json: { error: { code: 'UNSUPPORTED_MEDIA_TYPE' } },
    });
    await expectApiError(anon.issueTicket({ serviceId: 'Z' }), 400, 'UNKNOWN_SERVICE');
    await expectApiError(anon.issueTicket({ serviceId: 'A', priority: 'vip' }), 400, 'VALIDATION_FAILED');
    const big = JSON.stringify({ serviceId: 'A', pad: 'x'.repeat(100_000) });
    expect((await raw('POST', '/tickets', big, json)).status).toBe(413);
    expect(await raw('GET', '/no-such-route')).toMatchObject({ status: 404, json: { error: { code: 'NOT_FOUND' } } });
    expect((await anon.health()).status).toBe('ok');
  });

  it('hashes and masks identities and refuses a second waiting ticket for the same person', async () => {
    const idNumber = '11010519491231002X';
    // Identities are presented in person: at a paired kiosk (here) or a counter.
    const kiosk = new HubClient({ baseUrl: hub.baseUrl, deviceToken: 'demo-kiosk-1-token-0001' });
    const t = await kiosk.issueTicket({ serviceId: 'B', identity: { kind: 'id-card', value: idNumber } });
    expect(t.identityMasked).toBe('110***********002X');
    const dup = await expectApiError(
      kiosk.issueTicket({ serviceId: 'B', identity: { kind: 'id-card', value: idNumber.toLowerCase() } }),
      409,
      'ALREADY_WAITING',
    );
    expect((dup.details as { ticket: { number: string } }).ticket.number).toBe(t.number);
    await expectApiError(
      kiosk.issueTicket({ serviceId: 'B', identity: { kind: 'id-card', value: '110105194912310021' } }),
      400,
      'INVALID_ID_NUMBER',
    );
    // The raw number never reaches the store.
    const docs = await hub.store.tickets.findAsync({});
    expect(JSON.stringify(docs)).not.toContain(idNumber);
    expect(JSON.stringify(docs)).toContain('110***********002X');
  });
});

describe('idempotent issue', () => {
  it('returns the same ticket for a retried Idempotency-Key, also when the retries overlap', async () => {
    const key = 'kiosk-retry-0001';
    const first = await anon.issueTicket({ serviceId: 'C' }, { idempotencyKey: key });
    const again = await anon.issueTicket({ serviceId: 'C' }, { idempotencyKey: key });
    expect(again.id).toBe(first.id);
    const burst = await Promise.all(
      Array.from({ length: 5 }, () => anon.issueTicket({ serviceId: 'C' }, { idempotencyKey: 'kiosk-retry-0002' })),
    );
    expect(new Set(burst.map((t) => t.id)).size).toBe(1);
    expect(burst[0]?.id).not.toBe(first.id);
    // The key is scoped to the caller: a paired kiosk using the same key gets its own ticket.
    const kiosk = new HubClient({ baseUrl: hub.baseUrl, deviceToken: 'demo-kiosk-1-token-0001' });
    expect((await kiosk.issueTicket({ serviceId: 'C' }, { idempotencyKey: key })).id).not.toBe(first.id);
    expect(
      await raw('POST', '/tickets', JSON.stringify({ serviceId: 'C' }), {
        'content-type': 'application/json',
        'idempotency-key': 'x',
      }),
    ).toMatchObject({
      status: 400,
      json: { error: { code: 'VALIDATION_FAILED' } },
    });
  });
});

describe('counter workflow', () => {
  it('needs a signed-in clerk to call', async () => {
    await expectApiError(anon.callNext('1'), 401, 'UNAUTHENTICATED');
    await expectApiError(clerk.callNext('99'), 404, 'COUNTER_NOT_FOUND');
  });

  it('calls in arrival order, then start → finish, with 409 for illegal transitions', async () => {
    const called = await clerk.callNext('1');
    expect(called).toMatchObject({ number: 'A001', status: 'called', counterId: '1' });
    const counters = await anon.counters();
    expect(counters.find((c) => c.id === '1')).toMatchObject({ state: 'open', current: { number: 'A001' } });
    await expectApiError(clerk.finish(called.id), 409, 'ILLEGAL_TRANSITION');
    const recalled = await clerk.recall(called.id);
    expect(recalled.recalls).toBe(1);
    const serving = await clerk.start(called.id);
    expect(serving.status).toBe('serving');
    await expectApiError(clerk.start(called.id), 409, 'ILLEGAL_TRANSITION');
    const done = await clerk.finish(called.id, { outcome: 'resolved' });
    expect(done).toMatchObject({ status: 'done', outcome: 'resolved' });
    expect(done.events.map((e) => e.type)).toEqual(['issued', 'called', 'recalled', 'started', 'finished']);
    await expectApiError(clerk.cancel(called.id), 409, 'ILLEGAL_TRANSITION');
  });

  it('shows the public who is at a counter by number only; staff see the masked identity and clerk', async () => {
    const t = await supervisor.issueTicket({ serviceId: 'C', identity: { kind: 'id-card', value: '11010519491231002X' } });
    await supervisor.request('POST', '/counters/4/open', {});
    await supervisor.request('POST', '/counters/4/call-ticket', { ticketId: t.id, reason: 'test' });
    const pub = (await anon.counters()).find((c) => c.id === '4');
    expect(pub?.current).toMatchObject({ number: t.number, serviceId: 'C', status: 'called', events: [] });
    for (const key of ['identityMasked', 'identityKind', 'staffId', 'outcome', 'rating'])
      expect(pub?.current, key).not.toHaveProperty(key);
    expect(pub).not.toHaveProperty('staffId');
    const staff = (await supervisor.counters()).find((c) => c.id === '4');
    expect(staff?.current).toMatchObject({ number: t.number, identityMasked: '110***********002X' });
    expect(staff?.staffId).toBeDefined();
    await supervisor.request('POST', `/tickets/${t.id}/no-show`, {});
    await supervisor.request('POST', '/counters/4/close', {});
  });

  it('no-show, transfer keeping the number, cancel, and an empty queue', async () => {
    const second = await clerk.callNext('1');
    expect(second.number).toBe('A002');
    const gone = await clerk.noShow(second.id);
    expect(gone.status).toBe('no_show');

    const a3 = await anon.issueTicket({ serviceId: 'A' });
    const t3 = await clerk.callNext('1');
    expect(t3.id).toBe(a3.id);
    await clerk.start(t3.id);
    await expectApiError(clerk.transfer(t3.id, { serviceId: 'A' }), 409, 'TRANSFER_SAME_SERVICE');
    const { ticket, continuation } = await clerk.transfer(t3.id, { serviceId: 'B', note: 'needs insurance desk' });
    expect(ticket.status).toBe('transferred');
    expect(continuation).toMatchObject({ number: 'A003', serviceId: 'B', status: 'waiting', transferredFrom: t3.id });
    // Kept arrival time: it is ahead of B tickets issued after A003 arrived.
    expect(continuation.arrivalAt).toBe(ticket.arrivalAt);

    const later = await anon.issueTicket({ serviceId: 'A' });
    const cancelled = await supervisor.cancel(later.id, { note: 'visitor left' });
    expect(cancelled.status).toBe('cancelled');
    await expectApiError(clerk.callNext('1'), 404, 'QUEUE_EMPTY');
  });

  it('keeps one clerk per counter, and lets a supervisor pause and close it', async () => {
    const other = new HubClient({ baseUrl: hub.baseUrl });
    await other.login('clerk2', 'callboard-demo'); // skills B, C
    // Counter 1 serves only A: never clerk2's (issue 7); counter 2 (A, B) is, unless someone is there.
    await expectApiError(other.callNext('1'), 403, 'FORBIDDEN_COUNTER');
    await clerk.openCounter('2');
    await expectApiError(other.callNext('2'), 409, 'COUNTER_TAKEN');
    await clerk.closeCounter('2');
    const paused = await clerk.pauseCounter('1', 'lunch');
    expect(paused).toMatchObject({ state: 'paused', pauseReason: 'lunch' });
    await expectApiError(clerk.callNext('1'), 409, 'COUNTER_PAUSED');
    expect((await supervisor.closeCounter('1')).state).toBe('closed');
    await other.logout();
    await expectApiError(other.callNext('3'), 401, 'UNAUTHENTICATED');
  });

  it('audits every state change with who, what, when and from where', async () => {
    await new Promise((r) => setTimeout(r, 20)); // audit inserts are batched per tick
    const audit = await hub.store.audit.findAsync({});
    const actions = new Set(audit.map((a) => a.action));
    for (const a of [
      'auth.login',
      'ticket.issue',
      'ticket.call',
      'ticket.recall',
      'ticket.start',
      'ticket.finish',
      'ticket.no_show',
      'ticket.transfer',
      'ticket.cancel',
      'counter.paused',
      'counter.closed',
      'auth.logout',
    ])
      expect(actions, a).toContain(a);
    const call = audit.find((a) => a.action === 'ticket.call');
    expect(call).toMatchObject({ actor: { type: 'staff' }, ip: '127.0.0.1' });
    expect(call?.at).toBeGreaterThan(0);
  });

  it('refuses wrong passwords with 401 and hides which part was wrong', async () => {
    const c = new HubClient({ baseUrl: hub.baseUrl });
    const a = await expectApiError(c.login('clerk1', 'nope-nope'), 401, 'BAD_CREDENTIALS');
    const b = await expectApiError(c.login('nobody', 'nope-nope'), 401, 'BAD_CREDENTIALS');
    expect(a.message).toBe(b.message);
  });
});

describe('system routes', () => {
  it('serves Prometheus metrics (to staff) and the OpenAPI document', async () => {
    const login = await fetch(`${hub.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'clerk2', password: 'callboard-demo' }),
    });
    const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] as string;
    const metrics = await (await fetch(`${hub.baseUrl}/api/v1/metrics`, { headers: { cookie } })).text();
    expect(metrics).toMatch(/^callboard_tickets_issued_total \d+$/m);
    expect(metrics).toMatch(/^callboard_waiting_tickets\{service="B"\} \d+$/m);
    const doc = (await (await fetch(`${hub.baseUrl}/docs/json`)).json()) as { paths: Record<string, unknown> };
    for (const p of ['/api/v1/tickets', '/api/v1/counters/{id}/call-next', '/api/v1/tickets/{id}/transfer', '/api/v1/auth/login'])
      expect(Object.keys(doc.paths)).toContain(p);
  });
});
