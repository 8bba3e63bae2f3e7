/**
 * Device pairing: a kiosk asks and shows a code, a supervisor approves it with that code, the
 * kiosk collects its token once, and the token then works for REST and MQTT.
 */
import { ApiError, HubClient, topics } from '@callboard/hub/client';
import mqtt from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Hub, startTestHub } from '../support/hub';

let hub: Hub & { baseUrl: string };
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => hub?.close());

it('pairs a kiosk end to end, once, with every step audited', async () => {
  const kiosk = new HubClient({ baseUrl: hub.baseUrl });
  const ask = await kiosk.request<{ requestId: string; code: string; pollSecret: string }>('POST', '/devices/pairing', {
    kind: 'kiosk',
    name: 'lobby left',
  });
  expect(ask.code).toMatch(/^\d{6}$/);
  const poll = () =>
    kiosk.request<{ status: string; deviceId?: string; token?: string }>('POST', `/devices/pairing/${ask.requestId}/poll`, {
      pollSecret: ask.pollSecret,
    });
  expect(await poll()).toEqual({ status: 'pending' });
  // A wrong poll secret learns nothing.
  expect(await kiosk.request('POST', `/devices/pairing/${ask.requestId}/poll`, { pollSecret: 'wrong-secret-123' })).toEqual({
    status: 'expired',
  });

  const clerk = new HubClient({ baseUrl: hub.baseUrl });
  await clerk.login('clerk1', 'callboard-demo');
  await expect(clerk.request('GET', '/devices/pairing')).rejects.toMatchObject({ status: 403 });
  const sup = new HubClient({ baseUrl: hub.baseUrl });
  await sup.login('supervisor', 'callboard-demo');
  const { requests } = await sup.request<{ requests: { id: string; code: string; kind: string }[] }>('GET', '/devices/pairing');
  expect(requests).toEqual([expect.objectContaining({ id: ask.requestId, code: ask.code, kind: 'kiosk' })]);

  const wrong = ask.code === '000000' ? '000001' : '000000';
  await expect(
    sup.request('POST', `/devices/pairing/${ask.requestId}/approve`, { code: wrong, deviceId: 'kiosk-9', name: 'Lobby 9' }),
  ).rejects.toMatchObject({
    status: 400,
  });
  await expect(
    sup.request('POST', `/devices/pairing/${ask.requestId}/approve`, { code: ask.code, deviceId: 'kiosk-1', name: 'dup' }),
  ).rejects.toMatchObject({
    code: 'DEVICE_EXISTS',
  });
  await sup.request('POST', `/devices/pairing/${ask.requestId}/approve`, {
    code: ask.code,
    deviceId: 'kiosk-9',
    name: 'Lobby 9',
  });

  const got = await poll();
  expect(got).toMatchObject({ status: 'approved', deviceId: 'kiosk-9' });
  expect(got.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
  expect(await poll()).toEqual({ status: 'expired' }); // handed over once only

  // The token works: REST as a kiosk device, MQTT as that device.
  const paired = new HubClient({ baseUrl: hub.baseUrl, deviceToken: got.token as string });
  const t = await paired.issueTicket({ serviceId: 'A' });
  expect((await sup.ticket(t.id)).source).toBe('kiosk');
  const c = mqtt.connect(`mqtt://127.0.0.1:${hub.mqttPort}`, {
    protocolVersion: 4,
    username: 'kiosk-9',
    password: got.token as string,
    reconnectPeriod: 0,
  });
  await new Promise<void>((resolve, reject) => {
    c.once('connect', () => resolve());
    c.once('error', reject);
  });
  await c.subscribeAsync(topics.deviceCommands('demo', 'kiosk-9'));
  await c.endAsync();

  await new Promise((r) => setTimeout(r, 20));
  const audit = await hub.store.audit.findAsync({ action: 'device.pair' });
  expect(audit).toEqual([expect.objectContaining({ target: 'kiosk-9', actor: expect.objectContaining({ type: 'staff' }) })]);
});

it('rejects a request on the supervisor’s word', async () => {
  const kiosk = new HubClient({ baseUrl: hub.baseUrl });
  const ask = await kiosk.request<{ requestId: string; code: string; pollSecret: string }>('POST', '/devices/pairing', {
    kind: 'display',
  });
  const sup = new HubClient({ baseUrl: hub.baseUrl });
  await sup.login('supervisor', 'callboard-demo');
  await sup.request('POST', `/devices/pairing/${ask.requestId}/reject`, { code: ask.code });
  expect(await kiosk.request('POST', `/devices/pairing/${ask.requestId}/poll`, { pollSecret: ask.pollSecret })).toEqual({
    status: 'rejected',
  });
  const err = await sup
    .request('POST', `/devices/pairing/${ask.requestId}/approve`, { code: ask.code, deviceId: 'board-9', name: 'x' })
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ApiError);
  expect((err as ApiError).status).toBe(404);
});
