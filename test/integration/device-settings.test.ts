/**
 * Per-device screen settings: admins set them with `PATCH /admin/devices/:id { settings }`,
 * the device itself (and staff) read them with `GET /devices/:id`; other devices do not.
 */
import { HubClient } from '@callboard/hub/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Hub, startTestHub } from '../support/hub';

let hub: Hub & { baseUrl: string };
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => hub?.close());

async function pairDisplay(sup: HubClient, deviceId: string): Promise<string> {
  const screen = new HubClient({ baseUrl: hub.baseUrl });
  const ask = await screen.requestPairing({ kind: 'display', name: deviceId });
  await sup.approvePairing(ask.requestId, { code: ask.code, deviceId, name: `Board ${deviceId}` });
  const got = await screen.pollPairing(ask.requestId, ask.pollSecret);
  expect(got.status).toBe('approved');
  return got.token as string;
}

it('stores, returns, replaces and clears a screen’s settings', async () => {
  const admin = new HubClient({ baseUrl: hub.baseUrl });
  await admin.login('admin', 'callboard-admin');
  const sup = new HubClient({ baseUrl: hub.baseUrl });
  await sup.login('supervisor', 'callboard-demo');
  const token = await pairDisplay(sup, 'board-s1');
  const otherToken = await pairDisplay(sup, 'board-s2');
  const screen = new HubClient({ baseUrl: hub.baseUrl, deviceToken: token });

  expect((await screen.device('board-s1')).settings).toBeUndefined();
  const settings = { services: ['A'], languages: 'both' as const, theme: 'light' as const, voice: false, repeats: 3 };
  expect(await admin.setDeviceSettings('board-s1', settings)).toEqual({ ok: true, settings });
  expect((await screen.device('board-s1')).settings).toEqual(settings);
  expect((await sup.device('board-s1')).settings).toEqual(settings);
  // Another device may not read it at all (its state, peripherals and settings are not its business).
  const other = new HubClient({ baseUrl: hub.baseUrl, deviceToken: otherToken });
  await expect(other.device('board-s1')).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN' });
  expect((await other.device('board-s2')).id).toBe('board-s2');

  // Renaming keeps the settings; settings replace the earlier ones; {} clears them.
  await admin.renameDevice('board-s1', 'Hall board');
  expect((await screen.device('board-s1')).settings).toEqual(settings);
  await admin.setDeviceSettings('board-s1', { theme: 'dark' });
  expect((await screen.device('board-s1')).settings).toEqual({ theme: 'dark' });
  await admin.request('PATCH', '/admin/devices/board-s1', { name: 'Hall', settings: { repeats: 1 } });
  expect((await admin.adminDevices()).find((d) => d.id === 'board-s1')?.name).toBe('Hall');
  expect((await screen.device('board-s1')).settings).toEqual({ repeats: 1 });
  await admin.setDeviceSettings('board-s1', {});
  expect((await screen.device('board-s1')).settings).toBeUndefined();
});

it('refuses bad settings, unknown devices and non-admins', async () => {
  const admin = new HubClient({ baseUrl: hub.baseUrl });
  await admin.login('admin', 'callboard-admin');
  const sup = new HubClient({ baseUrl: hub.baseUrl });
  await sup.login('supervisor', 'callboard-demo');
  await pairDisplay(sup, 'board-s3');

  await expect(admin.setDeviceSettings('board-s3', { services: ['NOPE'] })).rejects.toMatchObject({ status: 400 });
  await expect(admin.request('PATCH', '/admin/devices/board-s3', { settings: { repeats: 9 } })).rejects.toMatchObject({
    status: 400,
  });
  await expect(admin.request('PATCH', '/admin/devices/board-s3', { settings: { theme: 'pink' } })).rejects.toMatchObject({
    status: 400,
  });
  await expect(admin.request('PATCH', '/admin/devices/board-s3', { settings: { extra: 1 } })).rejects.toMatchObject({
    status: 400,
  });
  await expect(admin.request('PATCH', '/admin/devices/board-s3', {})).rejects.toMatchObject({ status: 400 });
  await expect(admin.setDeviceSettings('no-such-board', { theme: 'dark' })).rejects.toMatchObject({ status: 404 });
  await expect(sup.setDeviceSettings('board-s3', { theme: 'dark' })).rejects.toMatchObject({ status: 403 });
});
