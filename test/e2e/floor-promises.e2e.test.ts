/**
 * Honest waits on the supervisor's floor view, in Chromium: after two calls the services table
 * shows, per service, the share of visitors called inside the wait range they were shown.
 */
import { HubClient } from '@callboard/hub/client';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumOrSkip, launchChromium, openPage, saveScreenshot } from '../support/browser';
import { startTestHub, type TestHub } from '../support/hub';

const chromiumPath = chromiumOrSkip();

describe.skipIf(!chromiumPath)('floor view: wait promises kept', () => {
  let hub: TestHub;
  let browser: Browser;

  beforeAll(async () => {
    hub = await startTestHub({ serveApps: true });
    browser = await launchChromium(chromiumPath as string);
    const kiosk = new HubClient({ baseUrl: hub.baseUrl, deviceToken: 'demo-kiosk-1-token-0001' });
    const clerk = new HubClient({ baseUrl: hub.baseUrl });
    await clerk.login('clerk1', 'callboard-demo');
    for (let i = 0; i < 3; i++) await kiosk.issueTicket({ serviceId: 'A' });
    await clerk.callNext('1');
    await clerk.callNext('1');
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('shows the share of visitors called inside their range, per service', async () => {
    const { page, errors } = await openPage(browser, `${hub.baseUrl}/staff/login`, { width: 1366, height: 768 });
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByLabel('Username').fill('supervisor');
    await page.getByLabel('Password').fill('callboard-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/staff\/counters$/);
    await page.getByRole('link', { name: 'Floor' }).click();
    await page.waitForURL(/\/staff\/floor$/);
    const cell = page.locator('tr[data-service="A"] td[data-promises]');
    await expect.poll(() => cell.textContent(), { timeout: 5000 }).toMatch(/^\d+% \(\d\/2\), \d late · ranges \d+ min wide$/);
    expect(await page.locator('tr[data-service="B"] td[data-promises]').textContent()).toBe('—');
    expect(await page.getByRole('columnheader', { name: 'Wait promises kept' }).count()).toBe(1);
    await saveScreenshot(page, 'staff-floor-promises');
    expect(errors).toEqual([]);
    await page.close();
  });
});
