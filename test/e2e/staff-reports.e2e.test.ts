/**
 * The staff console's Reports page in real Chromium against a real hub: a little history is
 * made through the ticket API today (a visitor served twice, so one repeat); the supervisor
 * opens Reports, sees the arrivals the test issued, at least one repeat, and a CSV link that
 * answers text/csv; the visitor's 4-star rating from the phone track page in the satisfaction
 * table; the drill-down to the repeat pair and the frequent-visitor list with their visits; a
 * clerk gets no Reports link and 403 from the reports API.
 */
import { HubClient } from '@callboard/hub/client';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumOrSkip, launchChromium, openPage, saveScreenshot } from '../support/browser';
import { startTestHub, type TestHub } from '../support/hub';

const chromiumPath = chromiumOrSkip();
/** An ID number with a valid check digit (ISO 7064 MOD 11-2). */
const ID_NUMBER = '11010519491231002X';

describe.skipIf(!chromiumPath)('staff console reports in Chromium', () => {
  let hub: TestHub;
  let browser: Browser;
  let issued = 0;
  /** The phone page path (/t/<token>) of the last visit, which the visitor rates. */
  let lastTrackPath = '';

  beforeAll(async () => {
    hub = await startTestHub({ serveApps: true });
    browser = await launchChromium(chromiumPath as string);

    const clerk = new HubClient({ baseUrl: hub.baseUrl });
    await clerk.login('clerk1', 'callboard-demo');
    await clerk.openCounter('1');
    // Identities are presented at the lobby kiosk (a paired device).
    const anon = new HubClient({ baseUrl: hub.baseUrl, deviceToken: 'demo-kiosk-1-token-0001' });
    // The visitor is served, comes back and is served again; one more visitor without an identity.
    for (const identity of [{ kind: 'id-card', value: ID_NUMBER }, undefined, { kind: 'id-card', value: ID_NUMBER }] as const) {
      const ticket = await anon.issueTicket({ serviceId: 'A', ...(identity ? { identity } : {}) });
      issued++;
      expect((await clerk.callNext('1')).id).toBe(ticket.id);
      await clerk.start(ticket.id);
      await clerk.finish(ticket.id);
      lastTrackPath = new URL(ticket.trackUrl).pathname;
    }
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('the visitor rates the finished visit with the stars of the phone track page', async () => {
    const { page, errors } = await openPage(browser, `${hub.baseUrl}${lastTrackPath}`, { width: 390, height: 844 });
    const rating = page.getByTestId('track-rating');
    await rating.waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: '4 星' }).click();
    await expect.poll(() => rating.textContent()).toContain('感谢您的评价');
    await saveScreenshot(page, 'kiosk-track-rated-390x844');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a supervisor reads arrivals, repeats and downloads a CSV', async () => {
    const { page, errors } = await openPage(browser, `${hub.baseUrl}/staff/login`, { width: 1366, height: 900 });
    await page.getByLabel('用户名').fill('supervisor');
    await page.getByLabel('密码').fill('callboard-demo');
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/staff\/counters$/);
    await page.getByRole('link', { name: '统计报表' }).click();
    await page.waitForURL(/\/staff\/reports$/);

    await expect.poll(() => page.getByTestId('arrivals-total').textContent()).toBe(String(issued));
    await expect.poll(async () => Number(await page.getByTestId('repeats-total').textContent())).toBeGreaterThanOrEqual(1);
    expect(await page.locator('svg.bars').count()).toBeGreaterThanOrEqual(1);

    const href = await page.locator('a[data-csv="kpis-arrivals"]').getAttribute('href');
    expect(href).toContain('format=csv');
    const csv = await page.evaluate(async (url) => {
      const res = await fetch(url as string);
      return { type: res.headers.get('content-type') ?? '', text: await res.text() };
    }, href);
    expect(csv.type).toMatch(/^text\/csv/);
    expect(csv.text).toContain('arrivals');

    await saveScreenshot(page, 'staff-reports-page');
    await page.setViewportSize({ width: 1366, height: 768 });
    await saveScreenshot(page, 'staff-reports-head-1366x768');
    await page.setViewportSize({ width: 1366, height: 900 });

    // Satisfaction: the phone rating (4) of the earlier test, per service, clerk and in all.
    const total = page.getByTestId('satisfaction-total');
    await expect.poll(() => total.locator('td').allTextContents()).toEqual(['合计', '合计', '1', '4', '0', '0', '0', '1', '0']);
    await page.locator('section[data-section="satisfaction"]').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'staff-reports-satisfaction');
    expect(await page.locator('a[data-csv="kpis-satisfaction"]').getAttribute('href')).toContain('table=satisfaction');

    // Drill-down from the per-service repeat row: the pair, masked.
    await page.locator('button[data-pairs="service-A"]').click();
    const pairs = page.locator('section[data-section="repeat-pairs"]');
    await pairs.waitFor();
    await expect.poll(() => page.getByTestId('pair-row').count()).toBe(1);
    const pairText = (await page.getByTestId('pair-row').textContent()) ?? '';
    expect(pairText).toContain('110***********002X');
    expect(pairText).not.toContain(ID_NUMBER);
    const pairsCsv = await page.locator('a[data-csv="repeats/pairs-pairs"]').getAttribute('href');
    expect(pairsCsv).toContain('serviceId=A');
    const pairsCsvText = await page.evaluate(async (url) => (await fetch(url as string)).text(), pairsCsv);
    expect(pairsCsvText).toContain('110***********002X');
    await pairs.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'staff-reports-repeat-pairs');

    // Frequent visitors (two visits or more): one visitor, with both visits and their outcomes.
    const frequent = page.locator('section[data-section="frequent"]');
    await frequent.getByLabel('最少来访次数').fill('2');
    await frequent.getByRole('button', { name: '查询常客' }).click();
    await expect.poll(() => page.getByTestId('frequent-row').count()).toBe(1);
    await frequent.getByRole('button', { name: '来访记录' }).click();
    const history = page.getByTestId('visitor-history');
    await expect.poll(() => history.locator('tbody tr').count()).toBe(2);
    expect(await history.textContent()).toContain('已解决');
    expect(await page.locator('a[data-csv="frequent-visitors-visits"]').getAttribute('href')).toContain('minVisits=2');
    await frequent.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'staff-reports-frequent-visitors');

    expect(errors).toEqual([]);
    await page.close();
  });

  it('a clerk sees no Reports link, and the API answers 403', async () => {
    const { page, errors } = await openPage(browser, `${hub.baseUrl}/staff/login`, { width: 1366, height: 768 });
    await page.getByLabel('用户名').fill('clerk2');
    await page.getByLabel('密码').fill('callboard-demo');
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/staff\/counters$/);
    expect(await page.getByRole('link', { name: '统计报表' }).count()).toBe(0);
    await page.goto(`${hub.baseUrl}/staff/reports`);
    await expect.poll(() => page.getByText('没有权限查看此页面').count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();

    const clerk = new HubClient({ baseUrl: hub.baseUrl });
    await clerk.login('clerk2', 'callboard-demo');
    await expect(clerk.reportKpis()).rejects.toMatchObject({ status: 403 });
    await expect(clerk.reportRepeats()).rejects.toMatchObject({ status: 403 });
    // The CSV export too: without a session 401, with the clerk's session 403.
    const csvUrl = clerk.reportCsvUrl('kpis', 'arrivals');
    expect((await fetch(csvUrl)).status).toBe(401);
    const login = await fetch(`${hub.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'clerk2', password: 'callboard-demo' }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    expect((await fetch(csvUrl, { headers: { cookie } })).status).toBe(403);
  });
});
