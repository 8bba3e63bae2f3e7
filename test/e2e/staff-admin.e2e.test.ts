/**
 * The staff console's administration page in real Chromium against a real hub: an admin creates
 * a clerk with the page (keyboard only), the new clerk can sign in through the API, changes a
 * skill and renames/revokes a device (with confirmation); a clerk sees no admin link, gets
 * "no access" on the page and 403 from the API.
 */
import { HubClient } from '@callboard/hub/client';
import { describe, expect, it } from 'vitest';
import { chromiumOrSkip, saveScreenshot } from '../support/browser';
import { hubAndChromium, signIn } from '../support/staff-browser';

const chromiumPath = chromiumOrSkip();

describe.skipIf(!chromiumPath)('staff console administration in Chromium', () => {
  const env = hubAndChromium(chromiumPath as string);

  it('admin creates a clerk on the page; the clerk signs in through the API', async () => {
    const { hub } = env;
    const { page, errors } = await signIn(env, 'admin', 'callboard-admin');
    await page.getByRole('link', { name: '系统管理' }).click();
    await page.waitForURL(/\/staff\/admin$/);
    await expect.poll(() => page.locator('tr[data-username="clerk1"]').count()).toBe(1);

    // A bad username is refused on the page, with the reason in Chinese.
    const form = page.locator('form.create');
    await form.getByLabel('用户名').fill('Bad Name');
    await form.getByRole('button', { name: '创建' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('用户名须为');

    // Keyboard only from the username field: type, Tab through name, role, services, password, Enter.
    await form.getByLabel('用户名').fill('');
    await form.getByLabel('用户名').focus();
    await page.keyboard.type('clerk9');
    await page.keyboard.press('Tab');
    await page.keyboard.type('赵九');
    await page.keyboard.press('Tab'); // role: clerk (the default)
    await page.keyboard.press('Tab'); // first service checkbox (A)
    await page.keyboard.press('Space');
    const checkboxes = await form.locator('fieldset input[type=checkbox]').count();
    for (let i = 0; i < checkboxes; i++) await page.keyboard.press('Tab');
    await page.keyboard.type('first-password');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('status').textContent()).toContain('已创建账号 clerk9');
    const row = page.locator('tr[data-username="clerk9"]');
    await expect.poll(() => row.count()).toBe(1);

    const clerk = new HubClient({ baseUrl: hub.baseUrl });
    const me = await clerk.login('clerk9', 'first-password');
    expect(me.staff).toMatchObject({ username: 'clerk9', name: '赵九', role: 'clerk', skills: ['A'] });

    // A service checkbox in the row applies at once.
    await row
      .getByRole('checkbox', { name: /clerk9/ })
      .nth(1)
      .check();
    await expect.poll(async () => (await clerk.me()).staff.skills).toEqual(['A', 'B']);

    // Password reset from the row ends the session; the new password works.
    await row.getByLabel('新密码 clerk9').fill('second-password');
    await row.getByLabel('新密码 clerk9').press('Enter');
    await expect.poll(() => page.getByRole('status').textContent()).toContain('已重置 clerk9 的密码');
    await expect(clerk.me()).rejects.toMatchObject({ status: 401 });
    await clerk.login('clerk9', 'second-password');

    // Devices: rename, then revoke after confirming.
    const kiosk = page.locator('tr[data-device="kiosk-1"]');
    await expect.poll(() => kiosk.count()).toBe(1);
    await kiosk.getByLabel('设备名称 kiosk-1').fill('大厅左侧');
    await kiosk.getByLabel('设备名称 kiosk-1').press('Enter');
    await expect.poll(() => page.getByRole('status').textContent()).toContain('已重命名 kiosk-1');
    await saveScreenshot(page, 'staff-admin-page');
    await kiosk.getByRole('button', { name: '吊销 kiosk-1' }).click();
    await page.keyboard.press('Escape'); // focus is on "确定"; Escape cancels
    await expect.poll(() => kiosk.getByRole('button', { name: '吊销 kiosk-1' }).count()).toBe(1);
    await kiosk.getByRole('button', { name: '吊销 kiosk-1' }).click();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('tr[data-device="kiosk-1"]').count()).toBe(0);
    const admin = new HubClient({ baseUrl: hub.baseUrl });
    await admin.login('admin', 'callboard-admin');
    expect((await admin.adminDevices()).map((d) => d.id)).not.toContain('kiosk-1');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a clerk sees no admin link, gets no page, and the API answers 403', async () => {
    const { hub } = env;
    const { page, errors } = await signIn(env, 'clerk1', 'callboard-demo');
    expect(await page.getByRole('link', { name: '系统管理' }).count()).toBe(0);
    await page.goto(`${hub.baseUrl}/staff/admin`);
    await expect.poll(() => page.getByText('没有权限查看此页面').count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();

    const clerk = new HubClient({ baseUrl: hub.baseUrl });
    await clerk.login('clerk1', 'callboard-demo');
    await expect(clerk.adminStaff()).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN' });
    await expect(clerk.adminDevices()).rejects.toMatchObject({ status: 403 });
    await expect(
      clerk.createStaff({ username: 'sneaky', name: 'x', role: 'admin', password: 'sneaky-password' }),
    ).rejects.toMatchObject({ status: 403 });
  });
});
