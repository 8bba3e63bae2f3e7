/**
 * A pairing flood does not keep real devices from pairing: 50 anonymous requests from 5
 * addresses, then a real screen from its own address still gets a code, each address holds at
 * most a few pending requests (its oldest dropped first), the supervisor is alerted and can
 * clear the list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Hub, startTestHub } from '../support/hub';

type TestHub = Hub & { baseUrl: string };

describe('pairing flood', () => {
  let hub: TestHub;
  let supervisor: string;
  beforeAll(async () => {
    hub = await startTestHub();
    const res = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'supervisor', password: 'callboard-demo' },
    });
    supervisor = String(res.headers['set-cookie']).split(';')[0] as string;
  });
  afterAll(async () => hub?.close());

  const ask = (remoteAddress: string, name: string) =>
    hub.app.inject({ method: 'POST', url: '/api/v1/devices/pairing', remoteAddress, payload: { kind: 'kiosk', name } });
  const pending = async () =>
    (await hub.app.inject({ url: '/api/v1/devices/pairing', headers: { cookie: supervisor } })).json().requests as {
      name?: string;
      ip?: string;
    }[];

  it('a real device still pairs while five addresses flood; each address keeps only its newest few', async () => {
    for (let a = 1; a <= 5; a++) for (let i = 0; i < 10; i++) await ask(`10.66.0.${a}`, `flood-${a}-${i}`);
    const real = await ask('10.1.1.50', 'lobby-kiosk-2');
    expect(real.statusCode).toBe(201);
    const list = await pending();
    expect(list.map((r) => r.name)).toContain('lobby-kiosk-2');
    const fromOne = list.filter((r) => r.ip === '10.66.0.1').map((r) => r.name);
    expect(fromOne.length).toBeLessThanOrEqual(3);
    // Oldest first out: the newest of that address are the ones kept.
    expect(fromOne).toContain('flood-1-9');
    expect(fromOne).not.toContain('flood-1-0');
  });

  it('alerts the supervisor, who can clear one address or all', async () => {
    const floor = await hub.app.inject({ url: '/api/v1/floor', headers: { cookie: supervisor } });
    expect(floor.json().alerts).toContainEqual(expect.objectContaining({ kind: 'pairing_flood', subject: '10.66.0.1' }));
    const one = await hub.app.inject({
      method: 'DELETE',
      url: '/api/v1/devices/pairing?ip=10.66.0.2',
      headers: { cookie: supervisor },
    });
    expect(one.statusCode).toBe(200);
    expect((await pending()).some((r) => r.ip === '10.66.0.2')).toBe(false);
    const clerk = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'clerk1', password: 'callboard-demo' },
    });
    const asClerk = await hub.app.inject({
      method: 'DELETE',
      url: '/api/v1/devices/pairing',
      headers: { cookie: String(clerk.headers['set-cookie']).split(';')[0] as string },
    });
    expect(asClerk.statusCode).toBe(403);
    const all = await hub.app.inject({ method: 'DELETE', url: '/api/v1/devices/pairing', headers: { cookie: supervisor } });
    expect(all.json().cleared).toBeGreaterThan(0);
    expect(await pending()).toEqual([]);
  });
});
