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
import { CentralNetwork, historyWithRatings, mosquittoBin } from '../support/central-network';
import { assertAppsBuilt, tempDir } from '../support/hub';
import { toolOrSkip } from '../support/tools';

const chromiumPath = chromiumOrSkip();
const ready =
  Boolean(chromiumPath) &&
  Boolean(mosquittoBin() ?? toolOrSkip('mosquitto', 'mosquitto', ['/usr/sbin/mosquitto'])) &&
  Boolean(toolOrSkip('openssl', 'openssl'));
/** The two halls are one group: their visits go up under group pseudonyms (cross-site repeat visits). */
const GROUP_KEY = 'east-region-group-key-0123456789abcdef';
/** The last day of the sites' simulated history. */
const LAST_DAY = '2026-11-28';
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
    // A few closed days of history at each site, which they send up for the cross-site reports.
    const dirs = new Map<string, string>();
    for (const [i, id] of Object.keys(NAMES).entries()) {
      const dir = tempDir(`cb-hist-${id}-`);
      await historyWithRatings(dir, LAST_DAY, i + 1, GROUP_KEY);
      dirs.set(id, dir);
    }
    net = await CentralNetwork.start({
      sites: Object.keys(NAMES),
      heartbeatSec: 1,
      resendSec: 1,
      offlineAfterSec: 4,
      serveApps: true,
      siteHub: (id) => ({ dataDir: dirs.get(id) as string, patch: (raw) => (raw.site.name = NAMES[id]) }),
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
    await expect.poll(() => page.locator('tr[data-day]').count(), { timeout: 10_000 }).toBe(5);
    await saveScreenshot(page, 'central-site-detail');
    expect(errors).toEqual([]);
  });

  it('cross-site reports: one row per site, the site report’s tables, a CSV per table', async () => {
    await page.goto(`${net.central?.baseUrl}/staff/central`);
    await page.getByRole('link', { name: 'Cross-site reports' }).click();
    await page.waitForURL(/\/staff\/central\/reports$/);
    await page.locator('input[type="date"]').first().fill('2026-11-24');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => page.locator('section[data-section="sites"] tbody tr').count(), { timeout: 10_000 }).toBe(2);
    expect(await page.locator('section[data-section="sites"] tr[data-site="hall-north"] td').nth(1).textContent()).toBe('5');
    await expect(page.locator('section[data-section="arrivals"]').count()).resolves.toBe(1);
    const href = await page.locator('a[data-csv="kpis-satisfaction"]').getAttribute('href');
    expect(href).toContain('/api/v1/central/reports/kpis?');
    const csv = await page.evaluate(async (url) => (await fetch(url as string)).text(), href);
    expect(csv).toContain('meanScore');
    // The range form narrows by site too; the by-site table has its CSV.
    expect(await page.locator('form select option').allTextContents()).toEqual(['Every site', 'hall-north', 'hall-south']);
    expect(await page.locator('a[data-csv="kpis-sites"]').getAttribute('href')).toContain('table=sites');
    await saveScreenshot(page, 'central-cross-site-reports');
    expect(errors).toEqual([]);
  });

  it('cross-site repeat visits: by site, site to site, the site report’s tables, each with its CSV (English and Chinese)', async () => {
    const section = page.locator('section[data-section="cross-site-repeats"]');
    await expect.poll(() => section.locator('tr[data-site]').count(), { timeout: 10_000 }).toBe(2);
    // The same people visit both halls: some come back at the other one within the window.
    const cross = section.locator('tr[data-flow="hall-north>hall-south"] td').nth(2);
    expect(Number(await cross.textContent())).toBeGreaterThan(0);
    const other = Number(await section.locator('tr[data-site="hall-south"] td').nth(5).textContent());
    expect(other).toBeGreaterThan(0);
    const href = await section.locator('a[data-csv="repeats-siteFlow"]').getAttribute('href');
    expect(href).toContain('/api/v1/central/reports/repeats?');
    const csv = await page.evaluate(async (url) => (await fetch(url as string)).text(), href);
    expect(csv.split(/\r?\n/)[0]).toBe('fromSiteId,toSiteId,count');
    expect(csv).toContain('hall-north,hall-south,');
    // A shorter window: fewer repeats.
    const before = Number(await section.locator('tr[data-site="hall-south"] td').nth(2).textContent());
    await section.getByRole('combobox').selectOption('2');
    await expect
      .poll(async () => Number(await section.locator('tr[data-site="hall-south"] td').nth(2).textContent()), { timeout: 10_000 })
      .toBeLessThan(before);
    await section.getByRole('combobox').selectOption('72');
    await expect
      .poll(async () => Number(await section.locator('tr[data-site="hall-south"] td').nth(2).textContent()), { timeout: 10_000 })
      .toBe(before);
    await section.locator('h2').scrollIntoViewIfNeeded();
    await page.evaluate(() => document.querySelector('section[data-section="cross-site-repeats"] h2')?.scrollIntoView());
    await saveScreenshot(page, 'central-cross-site-repeats-en');
    await page.getByRole('button', { name: '中文' }).click();
    await expect.poll(() => section.locator('h2').textContent()).toContain('跨网点重复来访');
    await page.evaluate(() => document.querySelector('section[data-section="cross-site-repeats"] h2')?.scrollIntoView());
    await saveScreenshot(page, 'central-cross-site-repeats-zh');
    expect(errors).toEqual([]);
  });
});
