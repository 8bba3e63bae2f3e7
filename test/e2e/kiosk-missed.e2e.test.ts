/**
 * "I missed my call" at the paired kiosk in real Chromium against a real hub (portrait 1080×1920):
 * a visitor whose ticket became a no-show taps "我过号了", holds their ticket's QR to a
 * keyboard-mode scanner and is shown back in the line, in the `missed` class; a second miss of the
 * same ticket is refused in words (the site allows one re-queue per ticket), as is a ticket still
 * waiting. Touch targets ≥ 64 px, nothing overflows, Chinese and English.
 */
import { HubClient, type IssuedTicket } from '@callboard/hub/client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallTargets, unnamedButtons } from '../support/a11y';
import { chromiumOrSkip, launchChromium, overflowReport, saveScreenshot } from '../support/browser';
import { startTestHub, type TestHub } from '../support/hub';

const chromiumPath = chromiumOrSkip();

describe.skipIf(!chromiumPath)('a missed call re-queued by the visitor at the kiosk', () => {
  let hub: TestHub;
  let browser: Browser;
  let kiosk: Page;
  let clerk: HubClient;
  let supervisor: HubClient;
  let device: HubClient;
  const errors: string[] = [];

  beforeAll(async () => {
    hub = await startTestHub({
      serveApps: true,
      patch: (cfg: any) => {
        cfg.queue.priorities.push('missed');
        cfg.queue.noShow = { ...cfg.queue.noShow, requeueClass: 'missed', maxRequeues: 1 };
      },
    });
    clerk = new HubClient({ baseUrl: hub.baseUrl });
    supervisor = new HubClient({ baseUrl: hub.baseUrl });
    device = new HubClient({ baseUrl: hub.baseUrl, deviceToken: 'demo-kiosk-1-token-0001' });
    await clerk.login('clerk1', 'callboard-demo');
    await supervisor.login('supervisor', 'callboard-demo');
    browser = await launchChromium(chromiumPath as string);
    const context = await browser.newContext({
      viewport: { width: 1080, height: 1920 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    kiosk = await context.newPage();
    kiosk.on('pageerror', (err) => errors.push(err.message));
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  /** Calls the ticket at counter 1 (finishing whoever comes first) and marks it a no-show. */
  async function miss(t: IssuedTicket): Promise<void> {
    for (;;) {
      const called = await clerk.callNext('1');
      if (called.id === t.id) break;
      await clerk.finish(called.id);
    }
    await clerk.noShow(t.id);
  }

  /**
   * What a keyboard-mode scanner does: keys a few ms apart, then Enter — sent from inside the page
   * in one go, so that a loaded test machine cannot stretch the gaps past the wedge's limit.
   */
  async function scan(code: string): Promise<void> {
    await kiosk.evaluate((text) => {
      for (const key of [...text, 'Enter']) window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
    }, code);
  }

  /** The ticket the first case re-queues and the second misses again. */
  let t: IssuedTicket;

  it('scanning the missed ticket puts the visitor back in line', async () => {
    t = await device.issueTicket({ serviceId: 'A' });
    await miss(t);
    // The visitor's phone says how to come back, with the code a kiosk's scanner reads.
    const phone = await kiosk
      .context()
      .browser()
      ?.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    if (!phone) throw new Error('no phone page');
    phone.on('pageerror', (err) => errors.push(err.message));
    await phone.goto(`${hub.baseUrl}/t/${t.trackUrl.split('/t/')[1]}`);
    await phone.getByTestId('track-requeue').waitFor({ timeout: 10_000 });
    expect(await phone.getByTestId('track-headline').textContent()).toContain('可到自助机扫码重新排队');
    expect(await phone.getByTestId('track-requeue').textContent()).toContain('我过号了');
    await saveScreenshot(phone, 'track-missed-390x844');
    await kiosk.goto(`${hub.baseUrl}/kiosk/?device=kiosk-1#token=demo-kiosk-1-token-0001`);
    await kiosk.getByTestId('missed-call').waitFor({ timeout: 10_000 });
    expect(await smallTargets(kiosk, 64)).toEqual([]);
    await saveScreenshot(kiosk, 'kiosk-missed-welcome-1080x1920');
    await kiosk.getByTestId('missed-call').click();
    await kiosk.getByRole('heading', { name: '过号重新排队' }).waitFor();
    expect(await overflowReport(kiosk)).toEqual([]);
    expect(await unnamedButtons(kiosk)).toEqual([]);
    expect(await smallTargets(kiosk, 64)).toEqual([]);
    await saveScreenshot(kiosk, 'kiosk-missed-1080x1920');

    await scan(t.trackUrl);
    await kiosk.getByTestId('requeued').waitFor({ timeout: 10_000 });
    expect((await kiosk.getByTestId('ticket-number').textContent())?.trim()).toBe(t.number);
    expect(await kiosk.getByTestId('requeued').textContent()).toContain('已重新排队');
    expect(await supervisor.ticket(t.id)).toMatchObject({ status: 'waiting', priority: 'missed' });
    await saveScreenshot(kiosk, 'kiosk-missed-back-1080x1920');
    // The phone page, still listening, shows the visitor back in line.
    await expect.poll(() => phone.getByTestId('track-requeue').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => phone.getByTestId('track-headline').textContent()).toMatch(/下一位|前面/);
    await phone.close();
  }, 120_000); // two pages and a dozen REST calls, on a busy CI machine

  it('missed again: the one re-queue is used up, said in words on the missed-call screen', async () => {
    expect(t, 'the first case re-queued the ticket').toBeDefined();
    await miss(t);
    await kiosk.getByRole('button', { name: '完成' }).click();
    await kiosk.getByTestId('missed-call').click();
    await kiosk.getByRole('heading', { name: '过号重新排队' }).waitFor();
    await scan(t.trackUrl);
    await expect.poll(() => kiosk.getByTestId('missed-error').textContent()).toContain('已重新排过队');
    expect((await supervisor.ticket(t.id)).status).toBe('no_show');
    await saveScreenshot(kiosk, 'kiosk-missed-limit-1080x1920');
    expect(await smallTargets(kiosk, 64)).toEqual([]);
  }, 120_000);

  it('in English, a ticket still waiting needs no re-queue', async () => {
    const waiting = await device.issueTicket({ serviceId: 'B' });
    // From the welcome screen, whatever the cases before left on the kiosk.
    await kiosk.goto(`${hub.baseUrl}/kiosk/?device=kiosk-1#token=demo-kiosk-1-token-0001`);
    await kiosk.getByTestId('missed-call').waitFor({ timeout: 10_000 });
    await kiosk.getByRole('button', { name: 'English' }).click();
    // The service tiles show the wait as a range too (B has a visitor waiting now).
    await expect
      .poll(() => kiosk.locator('[data-service="B"] .counts').textContent(), { timeout: 10_000 })
      .toMatch(/1 waiting · (\d+–\d+ min|within \d+ min)/);
    await saveScreenshot(kiosk, 'kiosk-welcome-ranges-en-1080x1920');
    await kiosk.getByTestId('missed-call').click();
    await kiosk.getByRole('heading', { name: 'Missed your call?' }).waitFor();
    await scan(waiting.trackUrl);
    await expect.poll(() => kiosk.getByTestId('missed-error').textContent()).toContain('still in the line');
    expect(await overflowReport(kiosk)).toEqual([]);
    await saveScreenshot(kiosk, 'kiosk-missed-en-1080x1920');
    expect(errors).toEqual([]);
  }, 120_000);
});
