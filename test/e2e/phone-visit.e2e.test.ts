/**
 * A visitor beyond the lobby, in real Chromium on a 390×844 phone against a real hub, as one
 * flow: the join page lists the services that take remote tickets; taking one opens the tracking
 * page; "I'm here" confirms arrival; the visitor asks to be told at "3 ahead" and the page alerts
 * (banner, title) when the line reaches it; "I'm running late" moves the ticket back three places
 * — the counter's list and the waiting-room board (1920×1080) follow: the walk-ins behind are
 * called first — and then the visitor is called, on the phone and on the board. Also: a remote
 * ticket nobody confirms lapses; the appointment page a reminder text links to (look, I'm here,
 * then the ticket's tracking page). Screenshots of each state go to test/artifacts/.
 */
import { HubClient, type IssuedTicket } from '@callboard/hub/client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumOrSkip, launchChromium, openPage, overflowReport, saveScreenshot } from '../support/browser';
import { startTestHub, type TestHub } from '../support/hub';

const chromiumPath = chromiumOrSkip();
const PHONE = { width: 390, height: 844 };
const TV = { width: 1920, height: 1080 };
const KIOSK_TOKEN = 'demo-kiosk-1-token-0001';
/**
 * The appointment the reminder links to: a slot one to two hours ahead, on the hour, in the site's
 * zone (Asia/Shanghai, UTC+8 all year). The site's business day is made to start three hours before
 * now, so the slot is bookable (ahead) and "I'm here" is on its day whatever hour the test runs
 * (a day starting at midnight has no slot ahead after its last evening hour).
 */
const HOUR_MS = 3600_000;
const shanghaiNow = Date.now() + 8 * HOUR_MS;
const slotAt = new Date(Math.ceil((shanghaiNow + HOUR_MS) / HOUR_MS) * HOUR_MS).toISOString();
const SLOT_DATE = slotAt.slice(0, 10);
const SLOT_TIME = slotAt.slice(11, 16);
const DAY_STARTS_AT = `${String((new Date(shanghaiNow).getUTCHours() + 21) % 24).padStart(2, '0')}:00`;

describe.skipIf(!chromiumPath)('a visitor beyond the lobby, in Chromium on a 390×844 phone', () => {
  let hub: TestHub;
  let browser: Browser;
  let staff: HubClient;
  const pageErrors: string[][] = [];

  async function open(path: string, viewport = PHONE): Promise<Page> {
    const { page, errors } = await openPage(browser, `${hub.baseUrl}${path}`, viewport);
    pageErrors.push(errors);
    return page;
  }
  /** Touch targets of a region: every button at least 48 px high. */
  const smallButtons = (page: Page, selector: string) =>
    page.$$eval(`${selector} button`, (bs) =>
      bs.filter((b) => b.getBoundingClientRect().height < 48).map((b) => `${b.textContent}: ${b.getBoundingClientRect().height}`),
    );
  const text = (page: Page, id: string) =>
    page
      .getByTestId(id)
      .textContent({ timeout: 1000 })
      .then((t) => t ?? '')
      .catch(() => '');

  beforeAll(async () => {
    hub = await startTestHub({
      serveApps: true,
      patch: (cfg) => {
        cfg.backup = { enabled: false };
        cfg.rateLimit = { ticketsPerMinutePerClient: 1000 };
        cfg.visitors = {
          siteNetworks: ['127.0.0.0/8', '::1/128'],
          joinWithoutPhone: true,
          joinPerAddressPerHour: 50,
          late: { maxPlaces: 3, maxMoves: 2 },
        };
        // A modem bridge that never connects: a booking may carry a phone, its texts wait in the outbox.
        cfg.notifications = { transport: 'modem', modem: { deviceId: 'sms-1' } };
        cfg.site.dayStartsAt = DAY_STARTS_AT;
        cfg.appointments.extraSlots = [{ serviceId: 'C', date: SLOT_DATE, time: SLOT_TIME, durationMin: 15, capacity: 5 }];
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

  it('join → track → I’m here → "3 ahead" alert → I’m late moves the ticket, the board follows → called', async () => {
    const kiosk = new HubClient({ baseUrl: hub.baseUrl, deviceToken: KIOSK_TOKEN });
    const before: IssuedTicket[] = [];
    for (let i = 0; i < 4; i++) before.push(await kiosk.issueTicket({ serviceId: 'B' }));

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
    const after: IssuedTicket[] = [];
    for (let i = 0; i < 3; i++) after.push(await kiosk.issueTicket({ serviceId: 'B' }));
    await page.getByTestId('track-arrival').waitFor({ timeout: 15_000 });
    expect(await smallButtons(page, '[data-testid="track-arrival"]')).toEqual([]);
    await saveScreenshot(page, 'phone-track-remote-390x844');

    await page.getByRole('button', { name: '我已到场' }).click();
    await page.getByTestId('track-arrived').waitFor({ timeout: 15_000 });
    const panel = page.getByTestId('track-notify');
    await panel.locator('summary').click();
    expect(await page.getByTestId('notify-ahead').inputValue()).toBe('3');
    await page.getByTestId('notify-save').click();
    await page.getByTestId('notify-saved').waitFor();
    expect(await page.getByTestId('track-alert').count()).toBe(0);

    // The board, as the waiting room sees it.
    const board = await open('/display/?layout=current&voice=off', TV);
    await expect.poll(() => text(board, 'service-B'), { timeout: 15_000 }).toContain('8 人等候');

    expect((await staff.callNext('3')).number).toBe(before[0]?.number); // 4 → 3 ahead
    await page.getByTestId('track-alert').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('track-alert').textContent()).toContain('前面还有 3 人');
    expect(await page.title()).toMatch(new RegExp(`^🔔 还有3人 · ${number}`));
    await saveScreenshot(page, 'phone-track-3-ahead-390x844');

    // "I'm running late": three places back, behind the three who came after.
    const estimate = (await new HubClient({ baseUrl: hub.baseUrl }).track(token)).estimatedWaitSec;
    await page.getByTestId('track-late').waitFor({ timeout: 15_000 });
    expect(await smallButtons(page, '[data-testid="track-late"]')).toEqual([]);
    await page.locator('[data-testid="track-late"] button[data-places="3"]').click();
    await page.getByText('已后移，现在前面 6 人').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('track-headline').textContent()).toContain('前面还有 6 人');
    // The "3 ahead" banner no longer holds: it comes down (and rings again when the line gets near).
    await expect.poll(() => page.getByTestId('track-alert').count(), { timeout: 10_000 }).toBe(0);
    const line = ((await staff.waiting('3')).services.find((s) => s.serviceId === 'B')?.tickets ?? []).map((t) => t.number);
    expect(line).toEqual([...before.slice(1), ...after].map((w) => w.number).concat(number));
    expect((await new HubClient({ baseUrl: hub.baseUrl }).track(token)).estimatedWaitSec).toBeGreaterThan(estimate);
    await saveScreenshot(page, 'phone-track-moved-back-390x844');

    // The board follows: in the visitor's old place the walk-ins behind are called, one by one.
    for (const w of [...before.slice(1), ...after]) {
      expect((await staff.callNext('3')).number).toBe(w.number);
      await expect.poll(() => text(board, 'current-number'), { timeout: 10_000 }).toBe(w.number);
    }
    expect(await text(board, 'recent-calls')).not.toContain(number);
    await saveScreenshot(board, 'board-after-late-1920x1080');

    expect((await staff.callNext('3')).number).toBe(number);
    await page.getByText('请到 3号窗口 办理').waitFor({ timeout: 20_000 });
    await page.waitForFunction(() => document.title.startsWith('🔔 到您了'));
    await saveScreenshot(page, 'phone-track-called-390x844');
    await expect.poll(() => text(board, 'current-number'), { timeout: 10_000 }).toBe(number);
    expect(await board.getByTestId('current-counter').first().textContent()).toContain('3号窗口');
    await saveScreenshot(board, 'board-visitor-called-1920x1080');
  }, 120_000);

  it('a remote ticket nobody confirms lapses, and the phone says to take a new one', async () => {
    const visitor = new HubClient({ baseUrl: hub.baseUrl });
    const remote = await visitor.join({ serviceId: 'C' });
    await visitor.issueTicket({ serviceId: 'C' });
    await staff.callNext('4'); // passes the unconfirmed ticket over: with no grace, it lapses
    const page = await open(new URL(remote.trackUrl).pathname.replace(/^\/t\//, '/kiosk/track/'));
    await page.getByText('未在规定时间内确认到场，此号已失效，请重新取号').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('track-arrival').count()).toBe(0);
    await saveScreenshot(page, 'phone-track-lapsed-390x844');
  }, 60_000);

  it('the appointment page a reminder links to: masked, I’m here, then the ticket', async () => {
    const booked = await staff.request<{ appointment: { ref: string; phoneMasked?: string } }>('POST', '/appointments', {
      slotId: `C@${SLOT_DATE}T${SLOT_TIME}`,
      identity: { kind: 'phone', value: '13900000077' },
      phone: '13812345678',
    });
    expect(booked.appointment.phoneMasked).toBe('138****5678');
    const token = hub.appointments.get(booked.appointment.ref).visitToken as string;
    const page = await open(`/b/${token}`);
    await page.getByTestId('booking-card').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('booking-when').textContent()).toContain(SLOT_TIME);
    expect(await page.content()).not.toContain('13812345678');
    expect(await page.content()).toContain('138****5678');
    expect(await page.getByTestId('booking-qr').locator('svg').getAttribute('data-payload')).toBe(
      `CBA1:${booked.appointment.ref}`,
    );
    expect(await overflowReport(page)).toEqual([]);
    expect(await smallButtons(page, 'main')).toEqual([]);
    await saveScreenshot(page, 'phone-booking-390x844');
    // Cancel asks first; "keep it" leaves the appointment as it was.
    await page.getByRole('button', { name: '取消预约' }).click();
    await page.getByRole('button', { name: '确定取消' }).waitFor({ timeout: 5000 });
    expect(await smallButtons(page, 'main')).toEqual([]);
    await saveScreenshot(page, 'phone-booking-cancel-confirm-390x844');
    await page.getByRole('button', { name: '不取消' }).click();
    await page.getByRole('button', { name: '取消预约' }).waitFor({ timeout: 5000 });

    await page.getByRole('button', { name: '我已到达' }).click();
    await page.waitForURL(/\/kiosk\/track\//, { timeout: 15_000 });
    await page.getByTestId('track-number').waitFor({ timeout: 15_000 });
    expect((await page.getByTestId('track-number').textContent())?.trim()).toMatch(/^C\d+/);
    await saveScreenshot(page, 'phone-booking-checked-in-390x844');
    expect(pageErrors.flat()).toEqual([]);
  }, 60_000);

  it('moves the place in line when someone of the same service ahead is called, from the live line of its service', async () => {
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
    // The live link is up once its service's line names the site; then let the refresh its first
    // line asks for (at most one per 2 s, so possibly a trailing one) pass, so only the call can move it.
    await expect.poll(() => page.getByTestId('track-site').textContent(), { timeout: 10_000 }).toContain('演示');
    await page.waitForTimeout(2500);
    await staff.callNext('4');
    // Well before the page's 30 s poll: the line of service C moved, so the page asked again.
    const ahead = before - 1;
    await expect
      .poll(() => page.getByTestId('track-headline').textContent(), { timeout: 10_000 })
      .toContain(ahead === 0 ? '您是下一位' : `前面还有 ${ahead} 人`);
    await saveScreenshot(page, 'phone-track-moved-up-390x844');
    expect(pageErrors.flat()).toEqual([]);
  }, 60_000);
});
