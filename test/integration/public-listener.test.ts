/**
 * The public listener (`visitors.publicListener`): a second port that serves only the visitor's
 * routes and pages, for a site to publish through its reverse proxy. Over real TCP: every staff,
 * device and admin route of the main port's OpenAPI document is absent there (404, whoever
 * asks), so are sign-in, the OpenAPI page, MQTT over WebSocket and the staff and display apps; the
 * visitor's routes work; and nothing arriving through it counts as the site's network.
 */
import { request as httpRequest } from 'node:http';
import { bookingArrived, bookingPage, cancelBooking, HubClient } from '@callboard/hub/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routesFromOpenApi } from '../fuzz/routes';
import { startTestHub, type TestHub } from '../support/hub';

let hub: TestHub;
let pub: string;
let staff: HubClient;
let cookie: string;

/** The visitor's routes: the only API the public listener has. */
const VISITOR_ROUTES = new Set([
  'GET /api/v1/join',
  'POST /api/v1/join',
  'POST /api/v1/join/phone-code',
  'GET /api/v1/track/{token}',
  'POST /api/v1/track/{token}/rating',
  'POST /api/v1/track/{token}/cancel',
  'POST /api/v1/track/{token}/late',
  'POST /api/v1/track/{token}/arrived',
  'GET /api/v1/track/{token}/notify',
  'PUT /api/v1/track/{token}/notify',
  'GET /api/v1/booking/{token}',
  'POST /api/v1/booking/{token}/cancel',
  'POST /api/v1/booking/{token}/arrived',
]);

beforeAll(async () => {
  hub = await startTestHub({
    serveApps: true,
    patch: (cfg) => {
      cfg.rateLimit = { ticketsPerMinutePerClient: 1000 };
      cfg.visitors = {
        siteNetworks: ['127.0.0.0/8', '::1/128'],
        joinWithoutPhone: true,
        joinPerAddressPerHour: 100,
        publicListener: { port: 0, host: '127.0.0.1' },
      };
      for (const s of cfg.services) if (s.id === 'B') s.remoteJoin = { enabled: true, dailyCap: 50 };
    },
  });
  pub = `http://127.0.0.1:${hub.publicPort}`;
  staff = new HubClient({ baseUrl: hub.baseUrl });
  await staff.login('admin', 'callboard-admin');
  const res = await fetch(`${hub.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'callboard-admin' }),
  });
  cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
});
afterAll(async () => {
  await hub?.close();
});

describe('the public listener', () => {
  it('has none of the staff, device or admin routes, even for an admin’s session or a kiosk’s token', async () => {
    const doc = await (await fetch(`${hub.baseUrl}/docs/json`)).json();
    const routes = routesFromOpenApi(doc).filter((r) => r.path.startsWith('/api/'));
    const others = routes.filter((r) => !VISITOR_ROUTES.has(`${r.method} ${r.path}`));
    expect(others.length).toBeGreaterThan(40);
    for (const r of others) {
      const url = pub + r.path.replace(/\{[^}]+\}/g, 'x1234567');
      const callers: Record<string, string>[] = [{ cookie }, { authorization: 'Bearer demo-kiosk-1-token-0001' }];
      for (const headers of callers) {
        const res = await fetch(url, {
          method: r.method,
          headers: { ...headers, ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { 'content-type': 'application/json' }) },
          ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { body: '{}' }),
        });
        expect(res.status, `${r.method} ${r.path}`).toBe(404);
      }
    }
    // The same admin session works on the main port (the test is not vacuous).
    expect((await fetch(`${hub.baseUrl}/api/v1/admin/staff`, { headers: { cookie } })).status).toBe(200);
  }, 60_000);

  it('serves no OpenAPI page, no MQTT over WebSocket, no staff, display or lobby screens', async () => {
    for (const path of ['/docs', '/docs/json', '/staff/', '/display/', '/kiosk/', '/kiosk/identity', '/metrics'])
      expect((await fetch(pub + path)).status, path).toBe(404);
    const upgrade = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${pub}/mqtt`, {
        headers: {
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-version': '13',
          'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        },
      });
      req.on('upgrade', () => resolve(101));
      req.on('response', (res) => resolve(res.statusCode ?? 0));
      req.on('error', reject);
      req.end();
    });
    expect(upgrade).toBe(404);
  });

  it('serves the join and tracking pages and the visitor’s routes; nothing through it is "on the site network"', async () => {
    const visitor = new HubClient({ baseUrl: pub });
    const options = await visitor.joinOptions();
    expect(options.services.map((s) => s.serviceId)).toEqual(['B']);
    expect(options.withoutPhone).toBe(false); // 127.0.0.1 is a site address, but this is the proxy's door
    await expect(visitor.join({ serviceId: 'B' })).rejects.toMatchObject({ status: 403, code: 'NOT_ON_SITE_NETWORK' });
    // The same address on the main port may join without a number.
    const t = await new HubClient({ baseUrl: hub.baseUrl }).join({ serviceId: 'B' });
    const token = t.trackUrl.split('/').pop() as string;
    expect((await visitor.track(token)).number).toBe(t.number);
    await expect(visitor.imHere(token)).rejects.toMatchObject({ status: 403, code: 'NOT_ON_SITE_NETWORK' });
    expect((await visitor.moveMyTicketBack(token, 'end')).status).toBe('waiting');
    // The notification settings are the visitor's too.
    expect((await fetch(`${pub}/api/v1/track/${token}/notify`)).status).toBe(200);
    for (const path of ['/kiosk/join', `/kiosk/track/${token}`]) {
      const res = await fetch(pub + path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
    expect((await fetch(`${pub}/t/${token}`, { redirect: 'manual' })).headers.get('location')).toBe(`/kiosk/track/${token}`);
    expect((await visitor.cancelMyTicket(token)).status).toBe('cancelled');
  });

  it('serves the appointment page (the reminder’s link): look and cancel, but "I’m here" never through it', async () => {
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    let slot: { id: string } | undefined;
    for (let n = 1; n <= 7 && !slot; n++) slot = (await staff.slots('C', day(n))).slots.find((x) => x.remaining > 0);
    const booked = await staff.request<{ appointment: { ref: string } }>('POST', '/appointments', {
      slotId: (slot as { id: string }).id,
      identity: { kind: 'phone', value: '13700000009' },
    });
    const token = hub.appointments.get(booked.appointment.ref).visitToken as string;
    const visitor = new HubClient({ baseUrl: pub });
    const page = await bookingPage(visitor, token);
    expect(page).toMatchObject({ status: 'booked', hereWorks: false });
    await expect(bookingArrived(visitor, token)).rejects.toMatchObject({ status: 403, code: 'NOT_ON_SITE_NETWORK' });
    // The same address on the main port is on the site network.
    expect((await bookingPage(new HubClient({ baseUrl: hub.baseUrl }), token)).hereWorks).toBe(true);
    const res = await fetch(`${pub}/kiosk/booking/${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect((await fetch(`${pub}/b/${token}`, { redirect: 'manual' })).headers.get('location')).toBe(`/kiosk/booking/${token}`);
    expect((await cancelBooking(visitor, token)).status).toBe('cancelled');
  });
});
