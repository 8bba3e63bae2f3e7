/**
 * The lobby kiosk in real Chromium against a real hub and an emulated bridge
 * (`callboard-bridge --emulate`: socat ptys, emulated ID card reader and ESC/POS printer speaking
 * real bytes, real MQTT). Nothing is faked at the edges:
 *
 * a new kiosk shows a pairing code until a supervisor approves it (through the API, as the staff
 * console will); tapping a service issues the ticket the API then reports, and the emulated
 * printer prints it; an ID card placed on the reader gives a ticket bound to that identity
 * (masked on screen), and the same card again shows that ticket; a card that cannot be read asks
 * for it again; with the printer out of paper the ticket and its QR code are shown with a notice
 * (and staff see the printer's state); a phone number typed twice shows the held ticket; and a
 * visitor who taps while the hub is down gets a countdown and exactly one ticket once it is back.
 */
import { TEST_CARDS } from '@callboard/firmware-bridge';
import { ApiError, type DeviceView, HubClient } from '@callboard/hub/client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatedBridge, startEmulatedBridge } from '../support/bridge';
import { chromiumOrSkip, launchChromium, saveScreenshot } from '../support/browser';
import { startTestHub, startTestHubAgain, type TestHub } from '../support/hub';
import { toolOrSkip } from '../support/tools';

const chromiumPath = chromiumOrSkip();
const socat = toolOrSkip('socat', 'socat');
const KIOSK = 'kiosk-2';

async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, ms = 10_000) {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v as T;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? ` (${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const masked = (idNumber: string) => `${idNumber.slice(0, 3)}${'*'.repeat(idNumber.length - 7)}${idNumber.slice(-4)}`;

describe.skipIf(!chromiumPath || !socat)('kiosk with a paired device and an emulated bridge', () => {
  let hub: TestHub;
  let bridge: EmulatedBridge;
  let browser: Browser;
  let context: BrowserContext;
  let kiosk: Page;
  let staff: HubClient;
  const errors: string[] = [];
  const zhang = TEST_CARDS.find((c) => c.label === 'zhang-san')?.card as { idNumber: string };

  const tile = (name: RegExp) => kiosk.getByRole('button', { name });
  const shownNumber = async () => (await kiosk.getByTestId('ticket-number').textContent())?.trim() ?? '';
  const trackToken = async () => {
    const url = (await kiosk.locator('svg.qr').getAttribute('data-payload')) ?? '';
    return { url, token: url.split('/t/')[1] ?? '' };
  };
  const printed = () => bridge.get<{ tickets: { seq: number; text: string }[] }>('/printer/tickets').then((r) => r.tickets);
  const bridgeView = () => staff.device('bridge-1');
  const finish = async () => {
    await kiosk.getByRole('button', { name: '完成' }).click();
    await kiosk.getByRole('heading', { name: '欢迎' }).waitFor();
  };
  const placeCard = async (card: string) => {
    // The hub knows the chosen service before the card arrives (select-service was acknowledged).
    await kiosk.locator('main[data-armed="true"]').waitFor({ timeout: 10_000 });
    await bridge.post('/idcard/place', { card });
  };
  /** Takes the card away for longer than the reader's bounce window, so the next placement is a new tap. */
  const liftCard = async () => {
    await bridge.post('/idcard/lift');
    await new Promise((r) => setTimeout(r, 1700));
  };

  beforeAll(async () => {
    // A LAN address for the tickets' QR codes (a localhost one is never printed: docs/security.md).
    hub = await startTestHub({ serveApps: true, env: { PUBLIC_URL: 'http://192.0.2.10:8080' } });
    [bridge, browser] = await Promise.all([
      startEmulatedBridge({ hubBaseUrl: hub.baseUrl, mqttPort: hub.mqttPort as number, kioskId: KIOSK }),
      launchChromium(chromiumPath as string),
    ]);
    staff = new HubClient({ baseUrl: hub.baseUrl });
    await staff.login('supervisor', 'callboard-demo');
    await until(
      'bridge online with paper',
      async () => {
        const d = await bridgeView();
        return d.state === 'online' && d.printer?.condition === 'ok';
      },
      20_000,
    );
    context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    kiosk = await context.newPage();
    kiosk.on('pageerror', (err) => errors.push(err.message));
  });

  afterAll(async () => {
    await browser?.close();
    await bridge?.stop();
    await hub?.close();
  });

  it('shows a pairing code until a supervisor approves it, then keeps its token across a reload', async () => {
    await kiosk.goto(`${hub.baseUrl}/kiosk/?device=${KIOSK}`);
    const codeEl = kiosk.getByTestId('pairing-code');
    await codeEl.waitFor({ timeout: 10_000 });
    const code = (await codeEl.getAttribute('data-code')) ?? '';
    expect(code).toMatch(/^\d{6}$/);
    expect(await kiosk.getByRole('button', { name: /综合业务/ }).count()).toBe(0); // no tickets before pairing
    await saveScreenshot(kiosk, 'kiosk-pairing-1080x1920');

    const request = (await staff.pairingRequests()).find((r) => r.code === code);
    expect(request).toMatchObject({ kind: 'kiosk', name: KIOSK });
    await staff.approvePairing(request?.id as string, { code, deviceId: KIOSK, name: 'Lobby kiosk 2' });

    await tile(/综合业务/).waitFor({ timeout: 10_000 });
    const stored = JSON.parse((await kiosk.evaluate(() => localStorage.getItem('callboard.kiosk.device'))) ?? 'null');
    expect(stored).toMatchObject({ deviceId: KIOSK, token: expect.stringMatching(/^[A-Za-z0-9_-]{40,}$/) });
    // The token is the kiosk's own: the hub knows it as a device (REST), and it is online (MQTT status).
    expect((await new HubClient({ baseUrl: hub.baseUrl, deviceToken: stored.token }).device(KIOSK)).id).toBe(KIOSK);
    await until('kiosk online', async () => (await staff.device(KIOSK)).state === 'online');

    await kiosk.reload();
    await tile(/综合业务/).waitFor({ timeout: 10_000 });
    expect(await kiosk.getByTestId('pairing-code').count()).toBe(0);
  });

  it('shows live waiting counts on the tiles (the board, over the kiosk’s MQTT link)', async () => {
    // Issued after the page loaded its REST queue (next refresh in a minute): only the live board can show it.
    const visitor = new HubClient({ baseUrl: hub.baseUrl });
    await visitor.issueTicket({ serviceId: 'A' });
    await visitor.issueTicket({ serviceId: 'A' });
    const waiting = (await visitor.queue()).services.find((s) => s.serviceId === 'A')?.waiting;
    expect(waiting).toBe(2);
    await expect.poll(() => tile(/综合业务/).textContent(), { timeout: 10_000 }).toMatch(/2 人等候 · \d+–\d+ 分钟/);
  });

  it('issues a ticket on a tap: the number on screen is the one the API reports, and the printer prints it', async () => {
    await tile(/综合业务/).click();
    await kiosk.getByRole('button', { name: '跳过，直接取号' }).click();
    await kiosk.getByTestId('ticket-number').waitFor({ timeout: 10_000 });
    const number = await shownNumber();
    expect(number).toMatch(/^A\d{3}$/);
    const { url, token } = await trackToken();
    const tracked = await new HubClient({ baseUrl: hub.baseUrl }).track(token);
    expect(tracked).toMatchObject({ number, serviceId: 'A', status: 'waiting' });
    expect(tracked.identityMasked).toBeUndefined();

    const ticket = await until('printed ticket', async () => (await printed()).find((t) => t.text.includes(number)));
    expect(ticket.text).toContain(`[QR] ${url}`); // the paper's QR code is the one on screen
    await kiosk.locator('main[data-print="printed"]').waitFor({ timeout: 10_000 });
    expect(await kiosk.getByTestId('print-notice').textContent()).toContain('请取走您的号票');
    await saveScreenshot(kiosk, 'kiosk-printed-1080x1920');
    await finish();
  });

  let cardNumber = '';

  it('binds the ticket to the ID card placed on the reader, masked on screen', async () => {
    await tile(/社保医保/).click();
    await kiosk.getByRole('button', { name: /刷身份证/ }).click();
    await kiosk.getByText('正在等待身份证').waitFor();
    await placeCard('zhang-san');

    await kiosk.getByTestId('ticket-number').waitFor({ timeout: 10_000 });
    cardNumber = await shownNumber();
    expect(cardNumber).toMatch(/^B\d{3}$/);
    const mask = masked(zhang.idNumber);
    expect(await kiosk.getByTestId('identity').textContent()).toContain(mask);
    expect(await kiosk.content()).not.toContain(zhang.idNumber);

    const { token } = await trackToken();
    expect(await new HubClient({ baseUrl: hub.baseUrl }).track(token)).toMatchObject({
      number: cardNumber,
      serviceId: 'B',
      identityMasked: mask,
    });
    // Bound to this person: the same ID number over the API is refused with this very ticket.
    const dup = await new HubClient({ baseUrl: hub.baseUrl, deviceToken: 'demo-kiosk-1-token-0001' })
      .issueTicket({ serviceId: 'B', identity: { kind: 'id-card', value: zhang.idNumber } })
      .catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(ApiError);
    expect((dup as ApiError).details).toMatchObject({ ticket: { number: cardNumber } });
    await until('card ticket printed', async () => (await printed()).some((t) => t.text.includes(cardNumber)));
    await saveScreenshot(kiosk, 'kiosk-card-ticket-1080x1920');
    await liftCard();
    await finish();
  });

  it('shows the ticket the card already holds when the same card is placed again', async () => {
    await tile(/社保医保/).click();
    await kiosk.getByRole('button', { name: /刷身份证/ }).click();
    await placeCard('zhang-san');
    await kiosk.getByText('您已取过号，这是您的号码').waitFor({ timeout: 10_000 });
    expect(await shownNumber()).toBe(cardNumber);
    expect(await kiosk.getByTestId('identity').textContent()).toContain(masked(zhang.idNumber));
    await saveScreenshot(kiosk, 'kiosk-card-existing-1080x1920');
    await liftCard();
    await finish();
  });

  it('asks for the card again when it cannot be read', async () => {
    await tile(/综合业务/).click();
    await kiosk.getByRole('button', { name: /刷身份证/ }).click();
    await placeCard('bad-check-digit');
    const error = kiosk.getByTestId('card-error');
    await error.waitFor({ timeout: 10_000 });
    expect(await error.textContent()).toContain('请重新放置');
    await liftCard();
    await kiosk.getByRole('button', { name: '取消' }).click();
    await kiosk.getByRole('heading', { name: '欢迎' }).waitFor();
  });

  it('shows the ticket and its QR code with a notice when the printer is out of paper; staff see the printer', async () => {
    await bridge.post('/printer/paper', { paper: 'end' });
    await until('paper end in the registry', async () => (await bridgeView()).printer?.condition === 'paper_end');
    const before = (await printed()).length;
    // The welcome screen says so before anyone takes a number (it asks the hub every 10 s).
    await expect
      .poll(
        () =>
          kiosk
            .getByTestId('printer-warning')
            .textContent()
            .catch(() => ''),
        { timeout: 15_000, interval: 500 },
      )
      .toContain('无法打印号票');
    await saveScreenshot(kiosk, 'kiosk-welcome-paper-end-1080x1920');

    await tile(/综合业务/).click();
    await kiosk.getByRole('button', { name: '跳过，直接取号' }).click();
    await kiosk.locator('main[data-print="paper_end"]').waitFor({ timeout: 10_000 });
    const number = await shownNumber();
    const notice = (await kiosk.getByTestId('print-notice').textContent()) ?? '';
    expect(notice).toContain('打印机缺纸');
    const { url, token } = await trackToken();
    expect((await new HubClient({ baseUrl: hub.baseUrl }).track(token)).number).toBe(number);
    const qr = kiosk.getByRole('img', { name: /查看排队进度的二维码/ });
    expect(await qr.isVisible()).toBe(true);
    // No paper ticket: the code is shown large enough to photograph (18rem = 288 px when it prints).
    expect((await qr.boundingBox())?.width ?? 0).toBeGreaterThan(400);
    expect(await kiosk.getByTestId('photo-hint').textContent()).toContain('拍下您的号码和二维码');
    expect(await kiosk.getByTestId('ticket-number').isVisible()).toBe(true);
    expect(url).toMatch(/\/t\/[0-9a-f]{32}$/);
    await saveScreenshot(kiosk, 'kiosk-paper-end-1080x1920');

    // Staff: the bridge's printer is out of paper and the last job failed; the kiosk is online.
    const devices = await staff.devices();
    const b = devices.find((d) => d.id === 'bridge-1') as DeviceView;
    expect(b.printer?.condition).toBe('paper_end');
    await until('failed job in the registry', async () => (await bridgeView()).lastPrint?.ok === false);
    expect(devices.find((d) => d.id === KIOSK)?.state).toBe('online');
    expect((await printed()).length).toBe(before); // nothing came out
    // The supervisor's alert says how many tickets went out unprinted.
    const alert = await until('paper-end alert with the unprinted count', async () =>
      (await staff.floor()).alerts.find((a) => a.kind === 'paper_end' && a.subject === 'bridge-1' && (a.unprinted ?? 0) >= 1),
    );
    expect(alert.unprinted).toBe((await bridgeView()).unprinted);
    await bridge.post('/printer/paper', { paper: 'ok' });
    await until('count cleared once the printer prints again', async () => (await bridgeView()).unprinted === undefined);
    await finish();
  });

  it('types a phone number on the on-screen keypad; the same number again shows the held ticket', async () => {
    const type = async () => {
      await tile(/综合业务/).click();
      await kiosk.getByRole('button', { name: /输入手机号/ }).click();
      for (const d of '13812345678') await kiosk.getByRole('button', { name: `数字 ${d}`, exact: true }).click();
      expect(await kiosk.getByTestId('phone-number').textContent()).toContain('138 1234 5678');
      await kiosk.getByRole('button', { name: '确定' }).click();
      await kiosk.getByTestId('ticket-number').waitFor({ timeout: 10_000 });
    };
    // The page has no text field a system keyboard could open.
    await type();
    const first = await shownNumber();
    expect(await kiosk.getByTestId('identity').textContent()).toContain('138****5678');
    await finish();
    await type();
    await kiosk.getByText('您已取过号，这是您的号码').waitFor();
    expect(await shownNumber()).toBe(first);
    expect(await kiosk.locator('input, textarea, [contenteditable="true"]').count()).toBe(0);
    await finish();
  });

  it('keeps touch gestures and the context menu away from visitors', async () => {
    const state = await kiosk.evaluate(() => {
      const ev = new MouseEvent('contextmenu', { bubbles: true, cancelable: true });
      document.body.dispatchEvent(ev);
      const style = getComputedStyle(document.documentElement);
      return {
        contextMenuBlocked: ev.defaultPrevented,
        userSelect: style.userSelect,
        touchAction: style.touchAction,
        viewport: document.querySelector('meta[name="viewport"]')?.getAttribute('content') ?? '',
      };
    });
    expect(state).toEqual({
      contextMenuBlocked: true,
      userSelect: 'none',
      touchAction: 'pan-x pan-y',
      viewport: expect.stringContaining('user-scalable=no'),
    });
  });

  it('retries with a countdown while the hub is down, and issues exactly one ticket when it is back', async () => {
    const waitingA = async () =>
      (await new HubClient({ baseUrl: hub.baseUrl }).queue()).services.find((s) => s.serviceId === 'A')?.waiting;
    const before = await waitingA();
    await tile(/综合业务/).click();
    await kiosk.getByRole('button', { name: '跳过，直接取号' }).waitFor();

    // The in-process hub's close waits for every MQTT TCP connection to end (EmbeddedBroker closes
    // its servers before aedes): the bridge goes first, so the hub can stop.
    await bridge.stop();
    await hub.close();
    await kiosk.getByRole('button', { name: '跳过，直接取号' }).click();
    const dialog = kiosk.getByRole('alertdialog', { name: '暂时无法连接到系统' });
    await dialog.waitFor({ timeout: 10_000 });
    await expect.poll(() => dialog.textContent(), { timeout: 10_000 }).toMatch(/\d+ 秒后自动重试/);
    await saveScreenshot(kiosk, 'kiosk-hub-unreachable-1080x1920');

    hub = await startTestHubAgain(hub);
    await kiosk.getByTestId('ticket-number').waitFor({ timeout: 30_000 });
    const number = await shownNumber();
    expect(await waitingA()).toBe((before as number) + 1);
    const { token } = await trackToken();
    expect((await new HubClient({ baseUrl: hub.baseUrl }).track(token)).number).toBe(number);
    expect(errors).toEqual([]);
  });
});
