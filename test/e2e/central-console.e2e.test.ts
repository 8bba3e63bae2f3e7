/**
 * The head-office console in real Chromium: two site hubs bridged through Debian's Mosquitto
 * (docs/mosquitto) to a central broker and a `central` console instance serving the staff app.
 * The supervisor sees both sites live (waiting now following a site's tickets), the north hall
 * going offline when its link to head office is cut and back online when it returns, and drills
 * into a site. Screenshots at a counter PC's 1366×768.
 */
import { HubClient } from '@callboard/hub/client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumOrSkip, launchChromium, openPage, saveScreenshot } from '../support/browser';
import { CentralNetwork, mosquittoBin } from '../support/central-network';
import { assertAppsBuilt } from '../support/hub';
import { toolOrSkip } from '../support/tools';

const chromiumPath = chromiumOrSkip();
const ready =
  Boolean(chromiumPath) &&
  Boolean(mosquittoBin() ?? toolOrSkip('mosquitto', 'mosquitto', ['/usr/sbin/mosquitto'])) &&
  Boolean(toolOrSkip('openssl', 'openssl'));
const NAMES: Record<string, { zh: string; en: string }> = {
  'hall-north': { zh: '北区政务服务大厅', en: 'North service hall' },
  'hall-south': { zh: '南区政务服务大厅', en: 'South service hall' },
};

describe.skipIf(!ready)('central console in Chromium', () => {
  let net: CentralNetwork;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const row = (site: string) => page.locator(`tr[data-site="${site}"]`);

  beforeAll(async () => {
    assertAppsBuilt(['staff']);
    net = await CentralNetwork.start({
      sites: Object.keys(NAMES),
      heartbeatSec: 1,
      resendSec: 1,
      offlineAfterSec: 4,
      serveApps: true,
      siteHub: (id) => ({ patch: (raw) => (raw.site.name = NAMES[id]) }),
    });
    browser = await launchChromium(chromiumPath as string);
    ({ page, errors } = await openPage(browser, `${net.central?.baseUrl}/staff/login`, { width: 1366, height: 768 }));
    await page.getByLabel('用户名').fill('supervisor');
    await page.getByLabel('密码').fill('callboard-demo');
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/staff\/counters$/);
  });
  afterAll(async () => {
    await browser?.close();
    await net?.close();
  });

  it('shows both sites live, one going offline and coming back, and drills into a site', async () => {
    await page.getByRole('link', { name: '总部' }).click();
    await page.waitForURL(/\/staff\/central$/);
    await expect.poll(() => row('hall-north').getAttribute('data-state'), { timeout: 20_000 }).toBe('online');
    await expect.poll(() => row('hall-south').getAttribute('data-state'), { timeout: 20_000 }).toBe('online');
    // Visitors arrive at the south hall: head office sees them within a heartbeat or two.
    const south = new HubClient({ baseUrl: net.site('hall-south').hub.baseUrl });
    for (const serviceId of ['A', 'A', 'B']) await south.issueTicket({ serviceId });
    await expect.poll(() => row('hall-south').locator('td').nth(2).textContent(), { timeout: 10_000 }).toBe('3');
    await expect(row('hall-north').locator('td').first().textContent()).resolves.toContain('北区政务服务大厅');
    await saveScreenshot(page, 'central-two-sites-live');

    net.site('hall-north').link.cut();
    await expect.poll(() => row('hall-north').getAttribute('data-state'), { timeout: 20_000 }).toBe('offline');
    expect(await row('hall-north').textContent()).toContain('离线（与总部的链路中断）');
    expect(await row('hall-south').getAttribute('data-state')).toBe('online');
    await saveScreenshot(page, 'central-north-offline');

    net.site('hall-north').link.restore();
    await expect.poll(() => row('hall-north').getAttribute('data-state'), { timeout: 20_000 }).toBe('online');
    await saveScreenshot(page, 'central-north-back');

    // In English, drill into the south hall: its services as they are now.
    await page.getByRole('button', { name: 'English' }).click();
    await row('hall-south').getByRole('link', { name: 'South service hall' }).click();
    await page.waitForURL(/\/staff\/central\/hall-south$/);
    await expect.poll(() => page.locator('.summary').getAttribute('data-state'), { timeout: 10_000 }).toBe('online');
    await expect.poll(() => page.locator('.summary').textContent(), { timeout: 10_000 }).toContain('Waiting now: 3');
    await saveScreenshot(page, 'central-site-detail');
    expect(errors).toEqual([]);
  });
});
