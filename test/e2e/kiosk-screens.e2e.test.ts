/**
 * The kiosk's screens in real Chromium against a real hub, for layout and accessibility: portrait
 * 1080×1920 and landscape 1920×1080, normal and senior mode — no element overflows, every button
 * has an accessible name (Chromium's accessibility tree) and is at least 64 px, senior-mode text
 * has a contrast of at least 7:1 and is at least 1.5× larger. Also: the installer's provisioning
 * link, a service outside its opening hours, the idle reset, and the phone tracking page (live:
 * "please go to Counter 4" when the clerk calls). No bridge here: the kiosk says its printer is
 * not available, which the confirmation must also fit.
 */
import { HubClient } from '@callboard/hub/client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contrastReport, smallTargets, unnamedButtons } from '../support/a11y';
import { chromiumOrSkip, launchChromium, overflowReport, saveScreenshot } from '../support/browser';
import { fullWidthInEnglish, narrowInChinese, quoteWidths, untaggedEnglish } from '../support/glyphs';
import { startTestHub, type TestHub } from '../support/hub';

const chromiumPath = chromiumOrSkip();
const PROVISION = '#token=demo-kiosk-1-token-0001';
const PORTRAIT = { width: 1080, height: 1920 };
const LANDSCAPE = { width: 1920, height: 1080 };

/** Today's weekday in the site's time zone: the closed service opens on every other day. */
function weekdayInShanghai(): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', weekday: 'short' }).format(new Date());
  return ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(name);
}

describe.skipIf(!chromiumPath)('kiosk screens in Chromium', () => {
  let hub: TestHub;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];

  async function open(path: string, viewport = PORTRAIT): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${hub.baseUrl}${path}`);
    return page;
  }

  /** Layout and accessibility of whatever the page shows now. */
  async function check(page: Page, name: string, elderly: boolean): Promise<void> {
    await saveScreenshot(page, name);
    expect(await overflowReport(page), `${name}: overflow`).toEqual([]);
    expect(await unnamedButtons(page), `${name}: buttons without a name`).toEqual([]);
    expect(await smallTargets(page, 64), `${name}: touch targets under 64 px`).toEqual([]);
    // The other language's text (the language key) carries its own `lang`.
    expect(await untaggedEnglish(page), `${name}: English outside lang="en"`).toEqual([]);
    const contrast = await contrastReport(page);
    expect(contrast.length, `${name}: text found`).toBeGreaterThan(0);
    const min = elderly ? 7 : 4.5;
    expect(
      contrast.filter((c) => c.ratio < min),
      `${name}: text under ${min}:1`,
    ).toEqual([]);
  }

  beforeAll(async () => {
    const closedDays = [0, 1, 2, 3, 4, 5, 6].filter((d) => d !== weekdayInShanghai());
    hub = await startTestHub({
      serveApps: true,
      patch: (raw) => {
        // Closing time without grace, so the phone page's "not served — closed" shows at once.
        raw.queue = { ...raw.queue, closingGraceMin: 0 };
        raw.services.push({
          id: 'D',
          prefix: 'D',
          name: { zh: '公积金业务', en: 'Housing fund' },
          targetWaitMin: 20,
          avgServiceSec: 300,
          hours: [{ days: closedDays, open: '08:30', close: '17:00' }],
        });
      },
    });
    browser = await launchChromium(chromiumPath as string);
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  let kiosk: Page;

  it('is set up by its installer link: the token goes to local storage and out of the address bar', async () => {
    kiosk = await open(`/kiosk/?device=kiosk-1${PROVISION}`);
    await kiosk.getByRole('button', { name: /综合业务/ }).waitFor({ timeout: 10_000 });
    expect(await kiosk.evaluate(() => location.hash)).toBe('');
    expect(JSON.parse((await kiosk.evaluate(() => localStorage.getItem('callboard.kiosk.device'))) ?? 'null')).toEqual({
      deviceId: 'kiosk-1',
      token: 'demo-kiosk-1-token-0001',
    });
  });

  it('explains a service outside its opening hours instead of issuing', async () => {
    const tile = kiosk.getByRole('button', { name: /公积金业务/ });
    expect(await tile.textContent()).toContain('当前未开放');
    await tile.click();
    const dialog = kiosk.getByRole('alertdialog', { name: '公积金业务当前不办理' });
    await dialog.waitFor();
    // It says when the service opens next (tomorrow 08:30: it is closed only today).
    expect(await dialog.textContent()).toContain('下次开始办理：明天 08:30');
    await check(kiosk, 'kiosk-service-closed-1080x1920', false);
    // Chinese keeps its full-width quotes; English takes ’ “ ” from a Latin font, not the CJK one.
    expect(narrowInChinese(await quoteWidths(kiosk, '[role="alertdialog"]'))).toEqual([]);
    await dialog.getByRole('button', { name: '知道了' }).click();
    // …and in English.
    await kiosk.getByRole('button', { name: 'English' }).click();
    await kiosk.getByRole('button', { name: /Housing fund/ }).click();
    const en = kiosk.getByRole('alertdialog', { name: 'Housing fund is closed now' });
    await en.waitFor();
    expect(await en.textContent()).toContain('Opens again: tomorrow 08:30');
    await check(kiosk, 'kiosk-service-closed-en-1080x1920', false);
    expect(fullWidthInEnglish(await quoteWidths(kiosk, '[role="alertdialog"]'))).toEqual([]);
    await en.getByRole('button', { name: /OK|Got it|Dismiss/ }).click();
    await kiosk.getByRole('button', { name: '中文' }).click();
    const queue = await new HubClient({ baseUrl: hub.baseUrl }).queue();
    expect(queue.services.find((s) => s.serviceId === 'D')).toMatchObject({ open: false, waiting: 0 });
  });

  for (const [label, viewport] of [
    ['1080x1920', PORTRAIT],
    ['1920x1080', LANDSCAPE],
  ] as const) {
    for (const elderly of [false, true]) {
      const mode = elderly ? 'elderly' : 'normal';
      it(`fits ${label} in ${mode} mode: welcome, identity, keypad, confirmation`, async () => {
        await kiosk.setViewportSize(viewport);
        await kiosk.goto(`${hub.baseUrl}/kiosk/?device=kiosk-1`);
        const lead = kiosk.locator('.lead');
        await kiosk.getByRole('button', { name: /综合业务/ }).waitFor({ timeout: 10_000 });
        if (elderly) {
          const size = () => lead.evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
          const normal = await size();
          await kiosk.getByRole('button', { name: '长者模式' }).click();
          await expect.poll(() => kiosk.evaluate(() => document.documentElement.classList.contains('elderly'))).toBe(true);
          expect((await size()) / normal).toBeGreaterThanOrEqual(1.5);
          // All four services on one page at senior size: no paging when they fit.
          await expect.poll(() => kiosk.locator('.tile').count()).toBe(4);
          expect(await kiosk.getByRole('button', { name: '下一页' }).isVisible()).toBe(false);
          // Spoken prompt (also in the live region, where this test reads it).
          expect(await kiosk.getByTestId('prompt').textContent()).toContain('请选择要办理的业务');
        }
        await check(kiosk, `kiosk-welcome-${label}-${mode}`, elderly);

        await kiosk.getByRole('button', { name: /综合业务/ }).click();
        await kiosk.getByRole('heading', { name: '请出示身份信息' }).waitFor();
        if (elderly) expect(await kiosk.locator('.method').count()).toBe(3); // two ways + "other ways"
        await check(kiosk, `kiosk-identity-${label}-${mode}`, elderly);

        await kiosk.getByRole('button', { name: /刷身份证/ }).click();
        await kiosk.getByRole('heading', { name: '请将身份证放在读卡区' }).waitFor();
        await check(kiosk, `kiosk-card-${label}-${mode}`, elderly);
        await kiosk.getByRole('button', { name: '其他方式' }).click();
        await kiosk.getByRole('button', { name: /扫预约码/ }).click();
        await kiosk.getByRole('heading', { name: '请将二维码对准扫码口' }).waitFor();
        await check(kiosk, `kiosk-scan-${label}-${mode}`, elderly);
        await kiosk.getByRole('button', { name: '其他方式' }).click();

        if (elderly) await kiosk.getByRole('button', { name: '其他方式' }).click();
        await kiosk.getByRole('button', { name: /输入手机号/ }).click();
        for (const d of '1391234') await kiosk.getByRole('button', { name: `数字 ${d}`, exact: true }).click();
        await check(kiosk, `kiosk-keypad-${label}-${mode}`, elderly);

        await kiosk.getByRole('button', { name: '返回' }).click();
        await kiosk.getByRole('button', { name: '跳过，直接取号' }).click();
        await kiosk.getByTestId('ticket-number').waitFor({ timeout: 10_000 });
        // No bridge serves kiosk-1 here: the ticket is on screen with the printer notice.
        await kiosk.locator('main[data-print="offline"]').waitFor({ timeout: 10_000 });
        if (elderly) expect(await kiosk.getByTestId('prompt').textContent()).toMatch(/您的号码是 A \d \d \d/);
        await check(kiosk, `kiosk-confirmation-${label}-${mode}`, elderly);
        await kiosk.getByRole('button', { name: '完成' }).click();
        await kiosk.getByRole('heading', { name: '欢迎' }).waitFor();
      });
    }
  }

  it('takes a QR code from a keyboard-mode scanner as the visitor’s identity', async () => {
    await kiosk.setViewportSize(PORTRAIT);
    await kiosk.getByRole('button', { name: /社保医保/ }).click();
    await kiosk.getByRole('button', { name: /扫预约码/ }).click();
    await kiosk.getByText('正在等待扫码').waitFor();
    // What a USB scanner in keyboard mode does: keys a few ms apart, then Enter.
    await kiosk.keyboard.type('INS-3301-7788-0042', { delay: 5 });
    await kiosk.keyboard.press('Enter');
    await kiosk.getByTestId('ticket-number').waitFor({ timeout: 10_000 });
    expect(await kiosk.getByTestId('identity').textContent()).toContain('****0042');
    const url = (await kiosk.locator('svg.qr').getAttribute('data-payload')) ?? '';
    const tracked = await new HubClient({ baseUrl: hub.baseUrl }).track(url.split('/t/')[1] ?? '');
    expect(tracked).toMatchObject({ number: await kiosk.getByTestId('ticket-number').textContent(), identityMasked: '****0042' });
    await kiosk.getByRole('button', { name: '完成' }).click();
    await kiosk.getByRole('heading', { name: '欢迎' }).waitFor();
  });

  it('goes back to the welcome screen, in the default language and mode, when left alone', async () => {
    const page = await open(`/kiosk/?device=kiosk-1&idle=5${PROVISION}`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Senior mode' }).click();
    await page.getByRole('button', { name: /General services/ }).click();
    await page.getByRole('heading', { name: 'Who are you?' }).waitFor();
    // Nobody touches the screen: it resets by itself.
    await page.getByRole('heading', { name: '欢迎' }).waitFor({ timeout: 20_000 });
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.className])).toEqual([
      'zh-CN',
      'kiosk-mode',
    ]);
  });

  it('tracks the ticket on a phone, live, and says which counter to go to when called', async () => {
    // The visitor gave their phone number at the lobby kiosk.
    const visitor = new HubClient({ baseUrl: hub.baseUrl, deviceToken: 'demo-kiosk-1-token-0001' });
    const ticket = await visitor.issueTicket({ serviceId: 'C', identity: { kind: 'phone', value: '13900001111' } });
    const path = new URL(ticket.trackUrl).pathname;
    expect(path).toMatch(/^\/t\/[0-9a-f]+$/);
    const phone = await open(path, { width: 390, height: 844 });
    expect(phone.url()).toContain('/kiosk/track/');
    await phone.getByTestId('track-number').waitFor({ timeout: 10_000 });
    expect(await phone.getByTestId('track-number').textContent()).toBe(ticket.number);
    expect(await phone.getByTestId('track-headline').textContent()).toContain('您是下一位');
    const body = (await phone.textContent('body')) ?? '';
    expect(body).toContain('139****1111');
    expect(body).not.toContain('13900001111');
    // A phone page, not a kiosk: zoom and text selection stay available.
    expect(
      await phone.evaluate(() => [
        document.documentElement.classList.contains('kiosk-mode'),
        document.querySelector('meta[name="viewport"]')?.getAttribute('content'),
      ]),
    ).toEqual([false, 'width=device-width, initial-scale=1']);
    expect(await overflowReport(phone)).toEqual([]);
    expect(await unnamedButtons(phone)).toEqual([]);
    await saveScreenshot(phone, 'kiosk-track-waiting-390x844');
    expect(await untaggedEnglish(phone), 'phone page: English outside lang="en"').toEqual([]);

    const clerk = new HubClient({ baseUrl: hub.baseUrl });
    await clerk.login('clerk2', 'callboard-demo');
    await clerk.openCounter('4');
    expect((await clerk.callNext('4')).number).toBe(ticket.number);
    const called = phone.getByRole('alert');
    await expect.poll(() => called.textContent(), { timeout: 10_000 }).toContain('请到 4号窗口 办理');
    expect(await overflowReport(phone)).toEqual([]);
    await saveScreenshot(phone, 'kiosk-track-called-390x844');
    expect(narrowInChinese(await quoteWidths(phone, '[role="alert"]'))).toEqual([]);
    await phone.getByRole('button', { name: 'English' }).click();
    expect(await called.textContent()).toContain('Please go to Counter 4 now');
    expect(fullWidthInEnglish(await quoteWidths(phone, '[role="alert"]'))).toEqual([]);
    await saveScreenshot(phone, 'kiosk-track-called-en-390x844');

    // Closing time: a supervisor closes A early; with no grace (this hub) the visitor still
    // waiting is closed unserved, and the phone page says so in words.
    const waiting = await visitor.issueTicket({ serviceId: 'A' });
    const late = await open(new URL(waiting.trackUrl).pathname, { width: 390, height: 844 });
    await late.getByTestId('track-number').waitFor({ timeout: 10_000 });
    const supervisor = new HubClient({ baseUrl: hub.baseUrl });
    await supervisor.login('supervisor', 'callboard-demo');
    await supervisor.closeEarly('A');
    expect((await hub.queue.sweepClosingTime()).map((t) => t.number)).toContain(waiting.number);
    await late.reload();
    await expect
      .poll(() => late.getByTestId('track-headline').textContent(), { timeout: 10_000 })
      .toContain('未办理：今日办理时间已结束');
    expect(await overflowReport(late)).toEqual([]);
    await saveScreenshot(late, 'kiosk-track-closed-unserved-390x844');
    await late.getByRole('button', { name: 'English' }).click();
    await expect
      .poll(() => late.getByTestId('track-headline').textContent(), { timeout: 10_000 })
      .toContain('Not served — closed');
    await saveScreenshot(late, 'kiosk-track-closed-unserved-en-390x844');

    const unknown = await open('/kiosk/track/0000000000000000', { width: 390, height: 844 });
    await unknown.getByText('找不到此号票').waitFor({ timeout: 10_000 });
    expect(errors).toEqual([]);
  });
});
