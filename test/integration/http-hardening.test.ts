/**
 * What a client on the site's LAN must not be able to do over HTTP, each against a real hub:
 * - a page on another origin (another port of the same host is "same-site") cannot make a
 *   signed-in supervisor's browser change anything: call-next, logout, issue;
 * - idle connections are closed;
 * - sign-in backs off per account: another address cannot continue at once, the right password
 *   is refused during the backoff and works after it; the supervisor sees an alert;
 * - /metrics is for staff or a scraper's token.
 */
import { connect as tcpConnect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Hub, startTestHub } from '../support/hub';

type TestHub = Hub & { baseUrl: string };

async function login(hub: TestHub, username: string, password = 'callboard-demo', remoteAddress = '127.0.0.1') {
  return hub.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload: { username, password } });
}
const cookieOf = (res: { headers: Record<string, unknown> }) => String(res.headers['set-cookie']).split(';')[0] as string;

describe('cross-site requests', () => {
  let hub: TestHub;
  let supervisor: string;
  beforeAll(async () => {
    hub = await startTestHub();
    supervisor = cookieOf(await login(hub, 'supervisor'));
  });
  afterAll(async () => hub?.close());

  const sameSitePage = { origin: 'http://127.0.0.1:9999', 'sec-fetch-site': 'same-site' };

  it('refuses call-next, logout and issue from a page on another port, with no effect', async () => {
    const issued = await hub.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { serviceId: 'A' } });
    expect(issued.statusCode).toBe(201);
    const callNext = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/counters/1/call-next',
      headers: { cookie: supervisor, ...sameSitePage },
    });
    expect(callNext.statusCode).toBe(403);
    expect(callNext.json().error.code).toBe('FORBIDDEN');
    expect(hub.queue.ticket(issued.json().id).status).toBe('waiting');

    const logout = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: supervisor, ...sameSitePage },
    });
    expect(logout.statusCode).toBe(403);
    expect((await hub.app.inject({ url: '/api/v1/auth/me', headers: { cookie: supervisor } })).statusCode).toBe(200);

    const issue = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      headers: { origin: 'http://evil.example' },
      payload: { serviceId: 'A' },
    });
    expect(issue.statusCode).toBe(403);
  });

  it('lets the apps (same origin) and non-browser clients (no Origin) through', async () => {
    const host = `127.0.0.1:${hub.httpPort}`;
    const sameOrigin = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/counters/1/call-next',
      headers: { cookie: supervisor, host, origin: `http://${host}`, 'sec-fetch-site': 'same-origin' },
    });
    expect(sameOrigin.statusCode).toBe(200);
    const curl = await hub.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { serviceId: 'B' } });
    expect(curl.statusCode).toBe(201);
    // Reading is never refused: the board and the queue are public.
    expect((await hub.app.inject({ url: '/api/v1/queue', headers: sameSitePage })).statusCode).toBe(200);
  });
});

describe('sign-in backoff per account, metrics, idle connections', () => {
  let hub: TestHub;
  let clock = Date.now();
  beforeAll(async () => {
    hub = await startTestHub({
      now: () => clock,
      patch: (raw) => (raw.security = { httpIdleTimeoutMs: 1000, metricsToken: 'scrape-token-0123456789' }),
    });
  });
  afterAll(async () => hub?.close());

  it('backs off an account after failed sign-ins, from any address; the right password works once it has passed', async () => {
    for (let i = 0; i < 6; i++) expect((await login(hub, 'clerk1', `guess-${i}`, '10.1.0.1')).statusCode).toBe(401);
    const elsewhere = await login(hub, 'clerk1', 'callboard-demo', '10.1.0.2');
    expect(elsewhere.statusCode, 'a second address with the right password during the backoff').toBe(429);
    expect(elsewhere.json().error.code).toBe('RATE_LIMITED');
    expect(Number(elsewhere.headers['retry-after'])).toBeGreaterThan(0);
    // Other accounts are not slowed down.
    const supervisor = await login(hub, 'supervisor', 'callboard-demo', '10.1.0.1');
    expect(supervisor.statusCode).toBe(200);
    const floor = await hub.app.inject({ url: '/api/v1/floor', headers: { cookie: cookieOf(supervisor) } });
    expect(floor.json().alerts).toContainEqual(expect.objectContaining({ kind: 'login_backoff', subject: 'clerk1' }));
    clock += 61_000;
    expect((await login(hub, 'clerk1', 'callboard-demo', '10.1.0.2')).statusCode).toBe(200);
  });

  it('/metrics answers staff and the scraper’s token, not anonymous callers or devices', async () => {
    expect((await hub.app.inject({ url: '/api/v1/metrics' })).statusCode).toBe(401);
    const device = await hub.app.inject({
      url: '/api/v1/metrics',
      headers: { authorization: 'Bearer demo-board-1-token-0001' },
    });
    expect(device.statusCode).toBe(401);
    const scraper = await hub.app.inject({
      url: '/api/v1/metrics',
      headers: { authorization: 'Bearer scrape-token-0123456789' },
    });
    expect(scraper.statusCode).toBe(200);
    expect(scraper.body).toMatch(/^callboard_tickets_issued_total \d+$/m);
    const clerk = cookieOf(await login(hub, 'clerk2'));
    expect((await hub.app.inject({ url: '/api/v1/metrics', headers: { cookie: clerk } })).statusCode).toBe(200);
    // The scraper's token is no key to anything else.
    const other = await hub.app.inject({ url: '/api/v1/audit', headers: { authorization: 'Bearer scrape-token-0123456789' } });
    expect(other.statusCode).toBe(401);
  });

  it('closes a connection that never sends a request', async () => {
    const socket = tcpConnect(hub.httpPort, '127.0.0.1');
    socket.on('error', () => {});
    await new Promise((r) => socket.once('connect', r));
    const closed = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 8000);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    socket.destroy();
    expect(closed).toBe(true);
  });
});
