/**
 * Staff console in real Chromium against a real hub: sign in, choose a counter, open it, call
 * next — the console shows the number, and the hub's counter state agrees.
 */
import { HubClient } from '@callboard/hub/client';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumOrSkip, launchChromium, openPage, saveScreenshot } from '../support/browser';
import { startTestHub, type TestHub } from '../support/hub';

const chromiumPath = chromiumOrSkip();

describe.skipIf(!chromiumPath)('staff console in Chromium', () => {
  let hub: TestHub;
  let browser: Browser;

  beforeAll(async () => {
    hub = await startTestHub({ serveApps: true });
    browser = await launchChromium(chromiumPath as string);
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('signs in, chooses counter 2, calls next and shows the number', async () => {
    const anon = new HubClient({ baseUrl: hub.baseUrl });
    const b = await anon.issueTicket({ serviceId: 'B' });

    const { page, errors } = await openPage(browser, `${hub.baseUrl}/staff/`, { width: 1366, height: 768 });
    await page.waitForURL(/\/staff\/login$/);
    await page.getByLabel('用户名').fill('clerk1');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('用户名或密码不正确');
    await page.getByLabel('密码').fill('callboard-demo');
    await page.getByRole('button', { name: '登录' }).click();

    await page.waitForURL(/\/staff\/counters$/);
    // The chooser lists only the counters serving clerk1's skills (A, B): not counter 4 (C only).
    await expect.poll(() => page.getByRole('link', { name: /号窗口/ }).allTextContents()).toHaveLength(3);
    expect(await page.getByRole('link', { name: /4号窗口/ }).count()).toBe(0);
    await page.getByRole('link', { name: /2号窗口/ }).click();
    await page.waitForURL(/\/staff\/counters\/2$/);
    await page.getByRole('button', { name: '开启窗口' }).click();
    const callNext = page.getByRole('button', { name: /呼叫下一位/ });
    await expect.poll(() => callNext.isEnabled()).toBe(true);
    await callNext.click();

    await expect.poll(() => page.locator('.ticket .number').textContent(), { timeout: 10_000 }).toBe(b.number);
    await saveScreenshot(page, 'staff-counter-called');

    // The hub agrees: the ticket is called at counter 2, by clerk1.
    const supervisor = new HubClient({ baseUrl: hub.baseUrl });
    await supervisor.login('supervisor', 'callboard-demo');
    const ticket = await supervisor.ticket(b.id);
    expect(ticket).toMatchObject({ status: 'called', counterId: '2' });
    const counter = (await supervisor.counters()).find((c) => c.id === '2');
    expect(counter?.current?.number).toBe(b.number);
    expect(errors).toEqual([]);
  });
});
