/**
 * Joining from a phone in real Chromium at 390×844 against a real hub: the join page lists the
 * services that take remote tickets; taking one opens the tracking page, where "I'm running
 * late" moves the ticket back (the counter's waiting list and the estimate follow), "I'm here"
 * confirms arrival, and the ticket is then called. A remote ticket nobody confirms lapses and
 * its page says so. Screenshots of each state go to test/artifacts/.
 */
import { HubClient, type IssuedTicket } from '@callboard/hub/client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumOrSkip, launchChromium, openPage, overflowReport, saveScreenshot } from '../support/browser';
import { startTestHub, type TestHub } from '../support/hub';

const chromiumPath = chromiumOrSkip();
const PHONE = { width: 390, height: 844 };

describe.skipIf(!chromiumPath)('join from a phone, in Chromium on a 390×844 phone', () => {
  let hub: TestHub;
  let browser: Browser;
  let staff: HubClient;
  const pageErrors: string[][] = [];

  async function open(path: string): Promise<Page> {
    const { page, errors } = await openPage(browser, `${hub.baseUrl}${path}`, PHONE);
    pageErrors.push(errors);
    return page;
  }
  /** Touch targets of a region: every button at least 48 px high. */
  const smallButtons = (page: Page, selector: string) =>
    page.$$eval(`${selector} button`, (bs) =>
      bs.filter((b) => b.getBoundingClientRect().height < 48).map((b) => `${b.textContent}: ${b.getBoundingClientRect().height}`),
    );

  beforeAll(async () => {
    hub = await startTestHub({
      serveApps: true,
      patch: (cfg) => {
        cfg.rateLimit = { ticketsPerMinutePerClient: 1000 };
        cfg.visitors = {
          siteNetworks: ['127.0.0.0/8', '::1/128'],
          joinWithoutPhone: true,
          joinPerAddressPerHour: 50,
          late: { maxPlaces: 3, maxMoves: 2 },
        };
        for (const s of cfg.services) {
          if (s.id === 'B') s.remoteJoin = { enabled: true, dailyCap: 20, arrivalConfirmation: true, graceMin: 10 };
          // No grace at all: the first call that passes it over ends it (the lapsed screen).
          if (s.id === 'C') s.remoteJoin = { enabled: true, dailyCap: 20, arrivalConfirmation: true, graceMin: 0 };
        }
      },
    });
    browser = await launchChromium(chromiumPath as string);
    staff = new HubClient({ baseUrl: hub.baseUrl });
    await staff.login('supervisor', 'callboard-demo');
    await staff.openCounter('3');
    await staff.openCounter('4');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('join → track → I’m late moves the ticket → I’m here → called', async () => {
    const page = await open('/kiosk/join');
    const serviceB = page.locator('[data-testid="join-service"][data-service="B"]');
    await serviceB.waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid="join-service"]').count()).toBe(2); // B and C; A takes no phone tickets
    expect(await overflowReport(page)).toEqual([]);
    expect(await smallButtons(page, 'main')).toEqual([]);
    await saveScreenshot(page, 'phone-join-390x844');

    await serviceB.getByRole('button', { name: '取号' }).click();
    await page.waitForURL(/\/kiosk\/track\//, { timeout: 15_000 });
    const token = page.url().split('/track/')[1] as string;
    const number = (await page.getByTestId('track-number').textContent())?.trim() ?? '';
    expect(number).toMatch(/^B\d+/);
    // Three walk-ins after the remote visitor.
    const walkIns: IssuedTicket[] = [];
    for (let i = 0; i < 3; i++) walkIns.push(await new HubClient({ baseUrl: hub.baseUrl }).issueTicket({ serviceId: 'B' }));
    await page.reload();
    await page.getByTestId('track-arrival').waitFor({ timeout: 15_000 });
    await page.getByTestId('track-late').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('track-headline').textContent()).toContain('您是下一位');
    expect(await smallButtons(page, '[data-testid="track-arrival"]')).toEqual([]);
    expect(await smallButtons(page, '[data-testid="track-late"]')).toEqual([]);
    await saveScreenshot(page, 'phone-track-remote-390x844');
    const before = await new HubClient({ baseUrl: hub.baseUrl }).track(token);

    await page.locator('[data-testid="track-late"] button[data-places="3"]').click();
    await page.getByText('已后移，现在前面 3 人').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('track-headline').textContent()).toContain('前面还有 3 人');
    // The counter's waiting list follows: the remote ticket is now behind the three walk-ins.
    const line = ((await staff.waiting('3')).services.find((s) => s.serviceId === 'B')?.tickets ?? []).map((t) => t.number);
    expect(line).toEqual([...walkIns.map((w) => w.number), number]);
    const after = await new HubClient({ baseUrl: hub.baseUrl }).track(token);
    expect(after.position).toBe(3);
    expect(after.estimatedWaitSec).toBeGreaterThan(before.estimatedWaitSec);
    await saveScreenshot(page, 'phone-track-moved-back-390x844');

    // The walk-ins are called; the unconfirmed remote ticket is not.
    for (const w of walkIns) expect((await staff.callNext('3')).number).toBe(w.number);
    await expect(staff.callNext('3')).rejects.toMatchObject({ code: 'QUEUE_EMPTY' });

    await page.getByRole('button', { name: '我已到场' }).click();
    await page.getByTestId('track-arrived').waitFor({ timeout: 15_000 });
    expect((await staff.callNext('3')).number).toBe(number);
    await page.getByText('请到 3号窗口 办理').waitFor({ timeout: 20_000 });
    await saveScreenshot(page, 'phone-track-called-390x844');
  }, 90_000);

  it('a remote ticket nobody confirms lapses, and the phone says to take a new one', async () => {
    const visitor = new HubClient({ baseUrl: hub.baseUrl });
    const remote = await visitor.join({ serviceId: 'C' });
    await visitor.issueTicket({ serviceId: 'C' });
    await staff.callNext('4'); // passes the unconfirmed ticket over: with no grace, it lapses
    const page = await open(new URL(remote.trackUrl).pathname.replace(/^\/t\//, '/kiosk/track/'));
    await page.getByText('未在规定时间内确认到场，此号已失效，请重新取号').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('track-arrival').count()).toBe(0);
    await saveScreenshot(page, 'phone-track-lapsed-390x844');
    expect(pageErrors.flat()).toEqual([]);
  }, 60_000);
  it('moves the place in line when someone of the same service ahead is called, from the live board', async () => {
    const kiosk = new HubClient({ baseUrl: hub.baseUrl });
    await kiosk.issueTicket({ serviceId: 'C' });
    const mine = await kiosk.issueTicket({ serviceId: 'C' });
    const token = new URL(mine.trackUrl).pathname.split('/').pop() as string;
    const before = (await kiosk.track(token)).position;
    expect(before).toBeGreaterThan(0);
    const page = await open(`/kiosk/track/${token}`);
    await expect
      .poll(() => page.getByTestId('track-headline').textContent(), { timeout: 10_000 })
      .toContain(`前面还有 ${before} 人`);
    // The live link is up once the board names the site; then let the refresh its first board
    // asks for (at most one per 2 s, so possibly a trailing one) pass, so only the call can move it.
    await expect.poll(() => page.getByTestId('track-site').textContent(), { timeout: 10_000 }).toContain('演示');
    await page.waitForTimeout(2500);
    await staff.callNext('4');
    // Well before the page's 30 s poll: the board moved service C, so the page asked again.
    const ahead = before - 1;
    await expect
      .poll(() => page.getByTestId('track-headline').textContent(), { timeout: 10_000 })
      .toContain(ahead === 0 ? '您是下一位' : `前面还有 ${ahead} 人`);
    await saveScreenshot(page, 'phone-track-moved-up-390x844');
    expect(pageErrors.flat()).toEqual([]);
  }, 60_000);
});
