/**
 * The set-up page in real Chromium against a real hub: an admin adds a service and a counter and
 * changes a policy parameter; saved, it is in effect at once — the hub's API serves it and a
 * kiosk already on screen shows the new service's tile without a reload. A set-up with a mistake
 * is refused with the problem named. A clerk has no link to the page and no access to it.
 */
import { HubClient } from '@callboard/hub/client';
import { describe, expect, it } from 'vitest';
import { chromiumOrSkip, openPage, saveScreenshot } from '../support/browser';
import { untaggedEnglish } from '../support/glyphs';
import { hubAndChromium, signIn } from '../support/staff-browser';

const chromiumPath = chromiumOrSkip();

describe.skipIf(!chromiumPath)('set-up page in Chromium', () => {
  const env = hubAndChromium(chromiumPath as string);

  it('admin adds a service and a counter; the kiosk on screen shows the new tile at once', async () => {
    const { hub, browser } = env;
    const kiosk = await openPage(browser, `${hub.baseUrl}/kiosk/?device=kiosk-1#token=demo-kiosk-1-token-0001`, {
      width: 1080,
      height: 1920,
    });
    await kiosk.page.getByRole('button', { name: /综合业务/ }).waitFor({ timeout: 10_000 });
    expect(await kiosk.page.getByRole('button', { name: /证照补办/ }).count()).toBe(0);

    const { page, errors } = await signIn(env, 'admin', 'callboard-admin');
    await page.getByRole('link', { name: '业务配置' }).click();
    await page.waitForURL(/\/staff\/setup$/);
    await expect.poll(() => page.getByTestId('setup-source').textContent()).toContain('配置文件');

    const services = hub.config.services.length;
    await page.getByRole('button', { name: '新增业务' }).click();
    const row = page.locator('tr[data-service]').nth(services);
    const id = await row.getByLabel(/^编号/).inputValue();
    await row.getByLabel(`中文名称 ${id}`).fill('证照补办');
    await row.getByLabel(`英文名称 ${id}`).fill('Replacement cards');
    // Both languages side by side in a Chinese page: each name field is in its own language (Latin
    // punctuation and English reading rules for the English one), and so is the language switch.
    const english = row.getByLabel(`英文名称 ${id}`);
    expect(await english.getAttribute('lang')).toBe('en');
    expect(await english.evaluate((el) => getComputedStyle(el).fontFamily)).toMatch(/^"Callboard Latin Punctuation"/);
    expect(await row.getByLabel(`中文名称 ${id}`).getAttribute('lang')).toBe('zh-CN');
    expect(await page.getByRole('button', { name: 'English' }).getAttribute('lang')).toBe('en');
    expect(await untaggedEnglish(page, 'header')).toEqual([]);
    await row.getByLabel(`目标等候(分) ${id}`).fill('20');

    await page.getByRole('button', { name: '新增窗口' }).click();
    const counter = page.locator('tr[data-counter]').last();
    const counterId = await counter.getByLabel(/^编号 窗口/).inputValue();
    await counter.getByRole('checkbox', { name: `窗口 ${counterId} 证照补办` }).check();
    await counter.getByRole('checkbox', { name: /综合业务/ }).uncheck();
    await page.getByLabel('最多重呼次数').fill('5');
    // Joining from a phone for the new service: on, 30 a day, the other fields at their defaults.
    const remote = page.locator(`tr[data-remote="${id}"]`);
    await remote.getByLabel(`手机取号 ${id}`).check();
    await remote.getByLabel(`每日名额 ${id}`).fill('30');
    await page.locator('#remote-h').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'staff-setup-remote-join');
    await page.getByRole('button', { name: '保存并生效' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('已保存第 1 版');
    await expect.poll(() => page.getByTestId('setup-source').textContent()).toContain('第 1 版');
    await saveScreenshot(page, 'staff-setup-page');
    expect(hub.config.services.find((s) => s.id === id)?.remoteJoin).toEqual({
      enabled: true,
      dailyCap: 30,
      arrivalConfirmation: true,
      graceMin: 10,
    });

    const admin = new HubClient({ baseUrl: hub.baseUrl });
    await admin.login('admin', 'callboard-admin');
    const added = (await admin.services()).find((s) => s.id === id);
    expect(added).toMatchObject({ prefix: id, name: { zh: '证照补办', en: 'Replacement cards' }, targetWaitMin: 20 });
    expect((await admin.counters()).find((c) => c.id === counterId)?.services).toEqual([{ serviceId: id, weight: 1 }]);
    expect(hub.config.queue.maxRecalls).toBe(5);

    // The kiosk learns of the change from the board and reloads its list (no page reload).
    await kiosk.page.getByRole('button', { name: /证照补办/ }).waitFor({ timeout: 10_000 });

    // A mistake is refused with its place named, and nothing changes.
    await row.getByLabel(`字母 ${id}`).fill('A');
    await page.getByRole('button', { name: '保存并生效' }).click();
    await expect
      .poll(() => page.getByRole('alert', { name: '未保存，请修正以下问题' }).textContent())
      .toContain('prefix "A" is already used');
    expect((await admin.services()).find((s) => s.id === id)?.prefix).toBe(id);
    expect((await admin.adminSetup()).version).toBe(1);
    expect(errors).toEqual([]);
    expect(kiosk.errors).toEqual([]);
    await page.close();
    await kiosk.page.close();
  });

  it('a clerk has no set-up link and no access', async () => {
    const { page, errors } = await signIn(env, 'clerk1', 'callboard-demo');
    expect(await page.getByRole('link', { name: '业务配置' }).count()).toBe(0);
    await page.goto(`${env.hub.baseUrl}/staff/setup`);
    await expect.poll(() => page.getByText('没有权限查看此页面').count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });
});
