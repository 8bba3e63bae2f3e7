/**
 * The per-counter board in real Chromium against a real hub: 12 counters busy → 12 numbers at the
 * documented size (1080p, 4K, portrait), the newest call highlighted and flashing, a recall
 * marked; a no-show, a finish, a transfer, a pause and a close clear the board, the counter
 * screen and the visitor's phone together, within 1 s; the clock in the site's time zone.
 */
import { HubClient, type IssuedTicket, type TicketView } from '@callboard/hub/client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumOrSkip, launchChromium, openPage, overflowReport, saveScreenshot } from '../support/browser';
import { startTestHub, type TestHub } from '../support/hub';

const chromiumPath = chromiumOrSkip();
const COUNTERS = Array.from({ length: 12 }, (_, i) => String(i + 1));
/** The documented minimum sizes (docs/display.md): number and counter name, px, 12 counters. */
const MIN = {
  '1920x1080': { number: 110, counter: 40 },
  '3840x2160': { number: 220, counter: 80 },
  '1080x1920': { number: 100, counter: 36 },
} as const;

describe.skipIf(!chromiumPath)('the per-counter board in Chromium', () => {
  let hub: TestHub;
  let browser: Browser;
  let staff: HubClient;
  let board: Page;
  const pageErrors: string[][] = [];
  const called = new Map<string, { ticket: TicketView; issued: IssuedTicket }>();

  async function open(path: string, viewport = { width: 1920, height: 1080 }): Promise<Page> {
    const { page, errors } = await openPage(browser, `${hub.baseUrl}${path}`, viewport);
    pageErrors.push(errors);
    return page;
  }
  const tile = (page: Page, id: string) => page.locator(`[data-testid="counter-tile"][data-counter="${id}"]`);
  const tileNumber = (page: Page, id: string) =>
    tile(page, id)
      .getByTestId('tile-number')
      .textContent({ timeout: 200 })
      .catch(() => null);

  async function callAt(counterId: string, serviceId = 'A'): Promise<TicketView> {
    const issued = await new HubClient({ baseUrl: hub.baseUrl }).issueTicket({ serviceId });
    const ticket = await staff.callNext(counterId);
    expect(ticket.number).toBe(issued.number);
    called.set(counterId, { ticket, issued });
    return ticket;
  }

  /** Sizes of every tile's number and counter name, px. */
  const sizes = (page: Page) =>
    page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('[data-testid="counter-tile"]')].map((t) => ({
        number: Number.parseFloat(getComputedStyle(t.querySelector('[data-testid="tile-number"]') as Element).fontSize),
        counter: Number.parseFloat(getComputedStyle(t.querySelector('[data-testid="tile-counter"]') as Element).fontSize),
        text: t.querySelector('[data-testid="tile-number"]')?.textContent ?? '',
      })),
    );

  beforeAll(async () => {
    hub = await startTestHub({
      serveApps: true,
      patch: (raw) => {
        raw.rateLimit = { ticketsPerMinutePerClient: 10_000 };
        raw.site.timezone = 'America/New_York';
        raw.counters = COUNTERS.map((id) => ({
          id,
          name: { zh: `${id}号窗口`, en: `Counter ${id}` },
          services: ['A', 'B', 'C'],
        }));
      },
    });
    browser = await launchChromium(chromiumPath as string);
    staff = new HubClient({ baseUrl: hub.baseUrl });
    await staff.login('supervisor', 'callboard-demo');
    for (const id of COUNTERS) await staff.openCounter(id);
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('shows 12 busy counters as 12 numbers at the documented size, in landscape, 4K and portrait', async () => {
    board = await open('/display/?voice=off');
    await expect.poll(() => board.getByTestId('counter-tile').count(), { timeout: 15_000 }).toBe(12);
    for (const id of COUNTERS) await callAt(id);
    await expect.poll(() => tileNumber(board, '12'), { timeout: 5000 }).toBe(called.get('12')?.ticket.number);
    // The newest call is highlighted, and flashes.
    await expect.poll(() => tile(board, '12').getAttribute('class')).toMatch(/newest/);
    expect(await tile(board, '12').getAttribute('class')).toMatch(/flash/);
    expect(await tile(board, '1').getAttribute('class')).not.toMatch(/newest/);
    // Each number once, each at its counter.
    expect((await sizes(board)).map((s) => s.text)).toEqual(COUNTERS.map((id) => called.get(id)?.ticket.number));
    // The flashes stop after about 6 s; the screenshots show the steady board.
    await expect.poll(() => board.locator('.flash').count(), { timeout: 8000 }).toBe(0);

    for (const [width, height] of [
      [1920, 1080],
      [3840, 2160],
      [1080, 1920],
    ] as const) {
      await board.setViewportSize({ width, height });
      await board.waitForTimeout(300);
      const min = MIN[`${width}x${height}` as keyof typeof MIN];
      const s = await sizes(board);
      console.log(
        `${width}×${height}: number ${Math.min(...s.map((x) => x.number))} px, counter ${Math.min(...s.map((x) => x.counter))} px`,
      );
      for (const x of s) {
        expect(x.number, `number at ${width}×${height}`).toBeGreaterThanOrEqual(min.number);
        expect(x.counter, `counter at ${width}×${height}`).toBeGreaterThanOrEqual(min.counter);
      }
      expect(await overflowReport(board), `${width}×${height}`).toEqual([]);
      await saveScreenshot(board, `display-board-counters-${width}x${height}`);
    }
    await board.setViewportSize({ width: 1920, height: 1080 });
  });

  it('marks a recall on the tile and flashes it again', async () => {
    const t = called.get('5')?.ticket as TicketView;
    expect(await tile(board, '5').getAttribute('class')).not.toMatch(/flash/);
    await staff.recall(t.id);
    await expect.poll(() => tile(board, '5').getByTestId('tile-recall').count(), { timeout: 2000 }).toBe(1);
    expect(await tile(board, '5').getAttribute('class')).toMatch(/flash/);
    expect(await tile(board, '5').getAttribute('class')).toMatch(/newest/);
    await saveScreenshot(board, 'display-board-counters-recall-flash');
  });

  it('clears a no-show from the board, the counter screen and the phone within 1 s', async () => {
    const { ticket, issued } = called.get('3') as { ticket: TicketView; issued: IssuedTicket };
    const counter = await open('/display/counter/3', { width: 1280, height: 720 });
    const phone = await open(new URL(issued.trackUrl).pathname.replace(/^\/t\//, '/kiosk/track/'), { width: 390, height: 844 });
    await expect.poll(() => counter.getByTestId('counter-number').textContent(), { timeout: 10_000 }).toBe(ticket.number);
    await expect.poll(() => phone.getByTestId('track-headline').textContent(), { timeout: 10_000 }).toContain('3号窗口');

    const at = Date.now();
    await staff.noShow(ticket.id);
    await Promise.all([
      expect.poll(() => tileNumber(board, '3'), { timeout: 1000, interval: 50 }).toBeNull(),
      expect.poll(() => counter.getByTestId('counter-number').count(), { timeout: 1000, interval: 50 }).toBe(0),
      expect.poll(() => phone.getByTestId('track-headline').textContent(), { timeout: 1000, interval: 50 }).toContain('未到场'),
    ]);
    console.log(`no-show cleared on board, counter screen and phone in ${Date.now() - at} ms`);
    // The idle counter screen says it is ready and how many wait for it.
    expect(await counter.getByTestId('counter-idle').textContent()).toContain('等待叫号');
    expect(await counter.textContent('body')).toMatch(/\d+ 人等候/);
    await saveScreenshot(counter, 'display-counter-idle-1280x720');
    await saveScreenshot(phone, 'kiosk-track-no-show-390x844');
    await counter.close();
    await phone.close();
  });

  it('clears the board on finish and transfer, and shows a paused counter as paused; a closed one goes', async () => {
    await staff.start(called.get('4')?.ticket.id as string);
    await staff.finish(called.get('4')?.ticket.id as string);
    await expect.poll(() => tileNumber(board, '4'), { timeout: 1000, interval: 50 }).toBeNull();
    await staff.start(called.get('6')?.ticket.id as string);
    await staff.transfer(called.get('6')?.ticket.id as string, { serviceId: 'B' });
    await expect.poll(() => tileNumber(board, '6'), { timeout: 1000, interval: 50 }).toBeNull();
    await staff.pauseCounter('4', 'break');
    await expect.poll(() => tile(board, '4').getAttribute('data-state'), { timeout: 1000, interval: 50 }).toBe('paused');
    expect(await tile(board, '4').textContent()).toContain('暂停服务');
    await staff.closeCounter('6');
    await expect.poll(() => tile(board, '6').count(), { timeout: 1000, interval: 50 }).toBe(0);
  });

  it('names the site on the phone, shows the numbers being called, and lets the visitor cancel their waiting ticket', async () => {
    const mine = await new HubClient({ baseUrl: hub.baseUrl }).issueTicket({ serviceId: 'A' });
    const phone = await open(new URL(mine.trackUrl).pathname.replace(/^\/t\//, '/kiosk/track/'), { width: 390, height: 844 });
    await expect.poll(() => phone.getByTestId('track-site').textContent(), { timeout: 10_000 }).toContain('演示政务服务大厅');
    // Counter 5's recall is the newest call of service A still at its counter.
    const newest = called.get('5')?.ticket.number as string;
    await expect.poll(() => phone.getByTestId('track-now-calling').textContent(), { timeout: 5000 }).toContain(newest);
    await saveScreenshot(phone, 'kiosk-track-waiting-now-calling-390x844');
    await phone.getByRole('button', { name: '不需要了，取消排队' }).click();
    await saveScreenshot(phone, 'kiosk-track-cancel-confirm-390x844');
    await phone.getByRole('button', { name: '确定取消' }).click();
    await expect.poll(() => phone.getByTestId('track-headline').textContent(), { timeout: 3000 }).toContain('此号已取消');
    expect(await phone.getByTestId('track-cancel').count()).toBe(0);
    expect(
      (await new HubClient({ baseUrl: hub.baseUrl }).track(new URL(mine.trackUrl).pathname.split('/').pop() as string)).status,
    ).toBe('cancelled');
    await phone.close();
  });

  it('shows the site’s time, not the display PC’s', async () => {
    // The browser runs in Asia/Shanghai (openPage); the site is in New York.
    const expected = new Intl.DateTimeFormat('zh-CN', {
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: 'America/New_York',
    }).format(new Date());
    await expect.poll(() => board.getByTestId('clock').textContent(), { timeout: 3000 }).toBe(expected);
  });

  it('threw no errors in any page', () => {
    expect(pageErrors.flat()).toEqual([]);
  });
});
