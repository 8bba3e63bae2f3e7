/** Administration: staff accounts and devices change at once, only for admins, and are audited. */
import { HubClient } from '@callboard/hub/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Hub, startTestHub } from '../support/hub';

let hub: Hub & { baseUrl: string };
let admin: HubClient;
beforeAll(async () => {
  hub = await startTestHub();
  admin = new HubClient({ baseUrl: hub.baseUrl });
  await admin.login('admin', 'callboard-admin');
});
afterAll(async () => hub?.close());

it('creates, changes, disables and resets staff accounts live', async () => {
  const created = await admin.request<{ id: string; role: string }>('POST', '/admin/staff', {
    username: 'clerk9',
    name: '赵九',
    role: 'clerk',
    skills: ['A'],
    password: 'first-password',
  });
  await expect(
    admin.request('POST', '/admin/staff', { username: 'clerk9', name: 'x', role: 'clerk', password: 'another-pass' }),
  ).rejects.toMatchObject({
    status: 400,
  });
  await expect(
    admin.request('POST', '/admin/staff', {
      username: 'clerk8',
      name: 'x',
      role: 'clerk',
      skills: ['Q'],
      password: 'another-pass',
    }),
  ).rejects.toMatchObject({
    status: 400,
  });

  const clerk = new HubClient({ baseUrl: hub.baseUrl });
  const me = await clerk.login('clerk9', 'first-password');
  expect(me.staff).toMatchObject({ username: 'clerk9', role: 'clerk', skills: ['A'] });
  // A clerk gets 403 on every admin route.
  await expect(clerk.request('GET', '/admin/staff')).rejects.toMatchObject({ status: 403 });
  await expect(clerk.request('GET', '/admin/devices')).rejects.toMatchObject({ status: 403 });

  await admin.request('PATCH', `/admin/staff/${created.id}`, { skills: ['A', 'B'] });
  expect((await clerk.me()).staff.skills).toEqual(['A', 'B']);

  await admin.request('PATCH', `/admin/staff/${created.id}`, { disabled: true });
  await expect(clerk.me()).rejects.toMatchObject({ status: 401 });
  await expect(clerk.login('clerk9', 'first-password')).rejects.toMatchObject({ status: 401 });

  await admin.request('PATCH', `/admin/staff/${created.id}`, { disabled: false });
  await admin.request('POST', `/admin/staff/${created.id}/password`, { password: 'second-password' });
  await expect(clerk.login('clerk9', 'first-password')).rejects.toMatchObject({ status: 401 });
  await clerk.login('clerk9', 'second-password');

  const self = (await admin.me()).staff.id;
  await expect(admin.request('PATCH', `/admin/staff/${self}`, { disabled: true })).rejects.toMatchObject({ status: 403 });
});

it('renames and revokes devices; a revoked token stops working', async () => {
  const kiosk = new HubClient({ baseUrl: hub.baseUrl, deviceToken: 'demo-kiosk-1-token-0001' });
  await kiosk.issueTicket({ serviceId: 'A' });
  await admin.request('PATCH', '/admin/devices/kiosk-1', { name: 'Lobby left' });
  const { devices } = await admin.request<{ devices: { id: string; name: string }[] }>('GET', '/admin/devices');
  expect(devices.find((d) => d.id === 'kiosk-1')?.name).toBe('Lobby left');
  await admin.request('DELETE', '/admin/devices/kiosk-1');
  await expect(kiosk.issueTicket({ serviceId: 'A' })).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  await expect(admin.request('DELETE', '/admin/devices/kiosk-1')).rejects.toMatchObject({ status: 404 });
});

it('records every administrative change with the acting admin', async () => {
  await new Promise((r) => setTimeout(r, 20));
  const me = (await admin.me()).staff.id;
  const audit = await hub.store.audit.findAsync({
    action: { $in: ['staff.create', 'staff.update', 'staff.password_reset', 'device.rename', 'device.revoke'] },
  });
  expect(new Set(audit.map((a) => a.action))).toEqual(
    new Set(['staff.create', 'staff.update', 'staff.password_reset', 'device.rename', 'device.revoke']),
  );
  for (const a of audit) expect(a.actor).toEqual({ type: 'staff', id: me });
  expect(JSON.stringify(audit)).not.toContain('second-password');
});
