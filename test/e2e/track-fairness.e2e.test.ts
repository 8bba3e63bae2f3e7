/**
 * The phone page while waiting, in Chromium (a phone-sized window): the wait as a range and who
 * came later but was called first, and why.
 */
import { HubClient } from '@callboard/hub/client';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumOrSkip, launchChromium, openPage, saveScreenshot } from '../support/browser';
import { startTestHub, type TestHub } from '../support/hub';

const chromiumPath = chromiumOrSkip();

describe.skipIf(!chromiumPath)('phone page: range and fairness record', () => {
  let hub: TestHub;
  let browser: Browser;
  let token = '';

  beforeAll(async () => {
    hub = await startTestHub({ serveApps: true });
    browser = await launchChromium(chromiumPath as string);
    const kiosk = new HubClient({ baseUrl: hub.baseUrl, deviceToken: 'demo-kiosk-1-token-0001' });
    const clerk = new HubClient({ baseUrl: hub.baseUrl });
    await clerk.login('clerk1', 'callboard-demo');
    for (let i = 0; i < 3; i++) await kiosk.issueTicket({ serviceId: 'B' });
    const mine = await kiosk.issueTicket({ serviceId: 'B' });
    token = mine.trackUrl.split('/t/')[1] as string;
    await clerk.issueTicket({ serviceId: 'B', priority: 'priority' });
    await clerk.issueTicket({ serviceId: 'B', priority: 'return' });
    await clerk.callNext('3');
    await clerk.callNext('3');
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('says who went first and shows the wait as a range', async () => {
    const { page, errors } = await openPage(browser, `${hub.baseUrl}/t/${token}`, { width: 390, height: 844 });
    const line = page.getByTestId('track-called-before');
    await expect.poll(() => line.textContent(), { timeout: 5000 }).toBe('比您晚到但先被叫号的有 2 位：1 位优先、1 位回访');
    expect(await page.locator('.estimate').textContent()).toMatch(/预计等候 (\d+–\d+ 分钟|\d+ 分钟内)/);
    await saveScreenshot(page, 'track-fairness-390x844');
    expect(errors).toEqual([]);
    await page.close();
  });
});
