/**
 * The phone's tracking page at phone size (390×844): the visitor asks to be told at "3 ahead"
 * and when called, with a phone for texts; the page itself alerts (banner, title) at 3 ahead and
 * again at the call, and the phone is only ever shown masked.
 */
import { HubClient } from '@callboard/hub/client';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumOrSkip, launchChromium, openPage, saveScreenshot } from '../support/browser';
import { startTestHub, type TestHub } from '../support/hub';

const chromiumPath = chromiumOrSkip();
const PHONE = '13812345678';

describe.skipIf(!chromiumPath)('tracking page: "tell me when" and its own alerts', () => {
  let hub: TestHub;
  let browser: Browser;

  beforeAll(async () => {
    hub = await startTestHub({
      serveApps: true,
      patch: (raw) => {
        raw.backup = { enabled: false };
        // A modem bridge that never connects: texts wait in the outbox, the page offers the phone field.
        raw.notifications = { transport: 'modem', modem: { deviceId: 'sms-1' } };
      },
    });
    browser = await launchChromium(chromiumPath as string);
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('alerts on the page at 3 ahead and at the call; the phone comes back masked', async () => {
    const kiosk = new HubClient({ baseUrl: hub.baseUrl, deviceToken: 'demo-kiosk-1-token-0001' });
    const clerk = new HubClient({ baseUrl: hub.baseUrl });
    await clerk.login('clerk1', 'callboard-demo');
    const tickets = [];
    for (let i = 0; i < 5; i++) tickets.push(await kiosk.issueTicket({ serviceId: 'A' }));
    const mine = tickets[4] as (typeof tickets)[number];
    const token = mine.trackUrl.split('/t/')[1] as string;

    const { page, context, errors } = await openPage(browser, `${hub.baseUrl}/t/${token}`, { width: 390, height: 844 });
    await page.getByTestId('track-number').waitFor();
    const panel = page.getByTestId('track-notify');
    await panel.waitFor();
    // Folded until the visitor opens it; no "N ahead" alert before they ask for one.
    await panel.locator('summary').click();
    expect(await page.getByTestId('notify-ahead').inputValue()).toBe('3');
    await page.getByTestId('notify-phone').fill(PHONE);
    await saveScreenshot(page, 'track-notify-form-390x844');
    await page.getByTestId('notify-save').click();
    await page.getByTestId('notify-saved').waitFor();
    expect(await page.getByTestId('notify-phone-kept').textContent()).toContain('138****5678');
    expect(await page.content()).not.toContain(PHONE);
    expect(await page.getByTestId('track-alert').count()).toBe(0);

    await clerk.callNext('1'); // 4 → 3 ahead
    await page.getByTestId('track-alert').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('track-alert').textContent()).toContain('前面还有 3 人');
    expect(await page.title()).toMatch(/^🔔 还有3人 · A005/);
    await saveScreenshot(page, 'track-notify-3-ahead-390x844');

    for (let i = 0; i < 4; i++) await clerk.callNext('1');
    await page.getByText('请到 1号窗口 办理').waitFor({ timeout: 20_000 });
    await page.waitForFunction(() => document.title.startsWith('🔔 到您了'));
    await saveScreenshot(page, 'track-notify-called-390x844');
    expect(errors).toEqual([]);
    await context.close();

    // The clerk at counter 1 sees where the texts go, masked.
    const staff = await openPage(browser, `${hub.baseUrl}/staff/login`, { width: 1366, height: 768 });
    await staff.page.getByRole('button', { name: 'English' }).click();
    await staff.page.getByLabel('Username').fill('clerk1');
    await staff.page.getByLabel('Password').fill('callboard-demo');
    await staff.page.getByRole('button', { name: 'Sign in' }).click();
    await staff.page.waitForURL(/\/staff\/counters$/);
    await staff.page.goto(`${hub.baseUrl}/staff/counters/1`);
    const textsTo = staff.page.getByTestId('texts-to');
    await textsTo.waitFor({ timeout: 10_000 });
    expect(await textsTo.textContent()).toBe('Texts go to: 138****5678');
    expect(await staff.page.content()).not.toContain(PHONE);
    await saveScreenshot(staff.page, 'staff-counter-texts-to-1366x768');
    expect(staff.errors).toEqual([]);
    await staff.context.close();
  });

  it('at the kiosk, a visitor who typed their phone gets texts with one tap', async () => {
    const {
      page: kiosk,
      context,
      errors,
    } = await openPage(browser, `${hub.baseUrl}/kiosk/?device=kiosk-1#token=demo-kiosk-1-token-0001`, {
      width: 1080,
      height: 1920,
    });
    await kiosk.getByRole('button', { name: /社保医保/ }).click();
    await kiosk.getByRole('button', { name: /输入手机号/ }).click();
    for (const d of PHONE) await kiosk.getByRole('button', { name: `数字 ${d}`, exact: true }).click();
    await kiosk.getByRole('button', { name: '确定' }).click();
    await kiosk.getByTestId('ticket-number').waitFor({ timeout: 10_000 });
    const offer = kiosk.getByTestId('kiosk-text-me');
    await offer.getByRole('button').click();
    await offer.getByText('138****5678').waitFor();
    await saveScreenshot(kiosk, 'kiosk-text-me-1080x1920');
    const url = (await kiosk.locator('svg.qr').getAttribute('data-payload')) ?? '';
    const settings = await new HubClient({ baseUrl: hub.baseUrl }).notifySettings(url.split('/t/')[1] ?? '');
    expect(settings).toMatchObject({ phoneMasked: '138****5678', aheadAt: 3, onCall: true });
    expect(errors).toEqual([]);
    await context.close();
  });
});
