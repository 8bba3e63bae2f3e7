/**
 * Waiting-room screens in real Chromium against a real hub, over real MQTT-over-WebSocket:
 * calls made through the REST API appear on the board and the counter display; a board opened
 * later renders from the retained snapshot alone; the voice speaks queued calls in order
 * without cutting any off; the notice ticker; no overflow at 1920×1080, 3840×2160 and
 * 1080×1920; "connection lost" after 5 s without the hub and recovery within 5 s after the hub
 * restarts on the same ports and data dir, without a reload.
 */
import { type BoardSnapshot, HubClient, LiveClient, type TicketView, topics } from '@callboard/hub/client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTOPLAY_ARG, chromiumOrSkip, launchChromium, openPage, overflowReport, saveScreenshot } from '../support/browser';
import { fullWidthInEnglish, narrowInChinese, quoteWidths, untaggedEnglish } from '../support/glyphs';
import { startTestHub, startTestHubAgain, type TestHub } from '../support/hub';

const chromiumPath = chromiumOrSkip();
const SERVICE_OF_COUNTER: Record<string, string> = { '1': 'A', '2': 'B', '3': 'C', '4': 'C' };

describe.skipIf(!chromiumPath)('waiting-room screens in Chromium', () => {
  let hub: TestHub;
  let browser: Browser;
  let staff: HubClient;
  let board: Page;
  let counter: Page;
  const pageErrors: string[][] = [];

  /** A visitor takes a ticket and `counterId` calls the next one (theirs: one line per counter here). */
  async function call(counterId: string): Promise<TicketView> {
    const issued = await new HubClient({ baseUrl: hub.baseUrl }).issueTicket({
      serviceId: SERVICE_OF_COUNTER[counterId] as string,
    });
    const called = await staff.callNext(counterId);
    expect(called.number).toBe(issued.number);
    return called;
  }

  const text = (page: Page, testId: string) =>
    page
      .getByTestId(testId)
      .first()
      .textContent({ timeout: 1000 })
      .catch(() => null);

  async function open(path: string, viewport = { width: 1920, height: 1080 }): Promise<Page> {
    const { page, errors } = await openPage(browser, `${hub.baseUrl}${path}`, viewport);
    pageErrors.push(errors);
    return page;
  }

  beforeAll(async () => {
    hub = await startTestHub({ serveApps: true, patch: (raw) => (raw.rateLimit = { ticketsPerMinutePerClient: 10_000 }) });
    browser = await launchChromium(chromiumPath as string, [AUTOPLAY_ARG]);
    staff = new HubClient({ baseUrl: hub.baseUrl });
    await staff.login('supervisor', 'callboard-demo');
    for (const id of ['1', '2', '3', '4']) await staff.openCounter(id);
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('shows a call made through the API on the board and on the counter display', async () => {
    board = await open('/display/?layout=current&voice=off');
    counter = await open('/display/counter/1', { width: 1280, height: 720 });
    await expect.poll(() => text(board, 'recent-calls'), { timeout: 10_000 }).not.toBeNull();
    await expect.poll(() => text(counter, 'counter-name'), { timeout: 10_000 }).toContain('1号窗口');
    expect(await text(board, 'current-number')).toBeNull(); // nothing called yet today

    const t = await call('1');
    await expect.poll(() => text(board, 'current-number'), { timeout: 5000 }).toBe(t.number);
    expect(await text(board, 'current-counter')).toContain('1号窗口');
    await expect.poll(() => text(counter, 'counter-number'), { timeout: 5000 }).toBe(t.number);
    // The waiting counts come from the same snapshot: service A has nobody left.
    expect(await text(board, 'service-A')).toContain('0 人等候');
    await saveScreenshot(counter, 'display-counter-1280x720');
    // Each text carries its language: English takes ’ “ ” from a Latin font, Chinese keeps the full-width ones.
    expect(fullWidthInEnglish(await quoteWidths(board, '[data-testid="current-counter"][lang="en"]'))).toEqual([]);
    expect(narrowInChinese(await quoteWidths(board, '[data-testid="current-counter"][lang="zh-CN"]'))).toEqual([]);
    expect(fullWidthInEnglish(await quoteWidths(counter, '[data-testid="counter-name"] [lang="en"]'))).toEqual([]);
    expect(fullWidthInEnglish(await quoteWidths(board, '[data-testid="service-A"] .name .secondary'))).toEqual([]);
    expect(await untaggedEnglish(board)).toEqual([]);
    expect(await untaggedEnglish(counter)).toEqual([]);
    // A board in English only is an English document.
    const english = await open('/display/?lang=en&layout=current&voice=off');
    await expect.poll(() => text(english, 'current-counter'), { timeout: 10_000 }).toContain('Counter 1');
    expect(fullWidthInEnglish(await quoteWidths(english))).toEqual([]);
    await saveScreenshot(english, 'display-board-en-1920x1080');
    await english.close();

    // Another counter's call moves to the top; the earlier one goes to the recent list.
    const t2 = await call('2');
    await expect.poll(() => text(board, 'current-number'), { timeout: 5000 }).toBe(t2.number);
    expect(await text(board, 'recent-calls')).toContain(t.number);
    // The counter display stays on its own counter.
    expect(await text(counter, 'counter-number')).toBe(t.number);
  });

  it('renders a board opened after a call from the retained snapshot alone', async () => {
    const t = await call('3');
    // Make sure the broker holds the snapshot with this call before the page exists: the
    // page can then only learn it from the retained message.
    const probe = new LiveClient({ url: hub.wsUrl, siteId: hub.config.site.id });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no board with the call')), 5000);
      probe.on((e) => {
        if (e.kind === 'board' && e.board.calls[0]?.number === t.number) {
          clearTimeout(timer);
          resolve();
        }
      });
      void probe.subscribe({ board: true });
    });
    await probe.close();

    const late = await open('/display/?layout=current&voice=off');
    await expect.poll(() => text(late, 'current-number'), { timeout: 10_000 }).toBe(t.number);
    expect(await text(late, 'current-counter')).toContain('3号窗口');
    await late.close();
  });

  it('speaks calls that arrive during an announcement one after another, in order, and a recall again', async () => {
    // Chinese only, said once: the shortest announcement (about 4 s) keeps this test short.
    const voice = await open('/display/?layout=current&voice=zh&repeat=1');
    const spoken: { text: string; at: number; lang: string }[] = [];
    await voice.exposeFunction('recordSpoken', (t: string, at: number, lang: string) => spoken.push({ text: t, at, lang }));
    // The board renders once it knows whether it is paired: wait for the voice region first.
    await voice.getByTestId('voice-text').waitFor({ state: 'attached', timeout: 15_000 });
    await voice.evaluate(() => {
      const region = document.querySelector('[data-testid="voice-text"]') as HTMLElement;
      const record = () => (window as any).recordSpoken(region.textContent ?? '', performance.now(), region.lang);
      new MutationObserver(record).observe(region, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    await expect.poll(() => voice.getByTestId('recent-calls').count(), { timeout: 10_000 }).toBe(1);

    const first = await call('1');
    // Three more arrive while the first is still being spoken: two calls and a recall of the first.
    await expect.poll(() => voice.locator('.board').getAttribute('data-voice'), { timeout: 5000 }).toBe('speaking');
    const more = [await call('2'), await call('4'), await staff.recall(first.id)];
    const expected = [first, ...more].map((t) => `请 ${t.number} 号 到 ${t.counterId}号窗口`);

    await expect.poll(() => voice.locator('.board').getAttribute('data-announced'), { timeout: 40_000, interval: 250 }).toBe('4');
    // The live region shows each sentence from its chime to the end of its audio, then clears.
    const periods: { text: string; ms: number }[] = [];
    for (const [i, s] of spoken.entries()) {
      if (s.text === '') continue;
      const end = spoken.slice(i + 1).find((e) => e.text !== s.text);
      periods.push({ text: s.text, ms: (end?.at ?? Number.NaN) - s.at });
    }
    console.log(`announcements (ms on screen): ${periods.map((p) => `${p.text}: ${Math.round(p.ms)}`).join('; ')}`);
    expect(periods.map((p) => p.text)).toEqual(expected);
    // The live region is in the language of the sentence it shows (a screen reader reads it by its rules).
    expect(spoken.filter((s) => s.text !== '').map((s) => s.lang)).toEqual(
      spoken.filter((s) => s.text !== '').map(() => 'zh-CN'),
    );
    // None was cut short: each lasted the chime (1.55 s) plus its speech.
    for (const [i, p] of periods.entries()) expect(p.ms, `announcement ${i + 1} lasted`).toBeGreaterThan(2500);
    // The sound came from the shipped voice pack, through Web Audio, without a tap.
    expect(await voice.locator('.board').getAttribute('data-voice')).toBe('idle');
    const fetched = await voice.evaluate(() =>
      performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname.replace(/^\/display\/voice\//, '')),
    );
    expect(fetched).toEqual(expect.arrayContaining(['pack.json', 'chime.ogg', 'zh/qing.ogg', 'zh/hao.ogg', 'zh/chuangkou.ogg']));
    await voice.close();
  });

  it('shows notices in a ticker and fits 1920×1080, 3840×2160 and 1080×1920 without overflow', async () => {
    // Fill the recent list (6 lines) so the layout is checked full.
    for (const id of ['2', '3', '4', '2', '3']) await call(id);
    // Somebody waiting for C: the board shows the wait as the range visitors see everywhere.
    await new HubClient({ baseUrl: hub.baseUrl }).issueTicket({ serviceId: 'C' });
    await expect
      .poll(
        () =>
          board
            .getByTestId('service-C')
            .locator('.estimate')
            .textContent({ timeout: 1000 })
            .catch(() => ''),
        { timeout: 5000 },
      )
      .toMatch(/(\d+–\d+ 分钟|\d+ 分钟内)/);
    const last = await call('1');
    await expect.poll(() => text(board, 'current-number'), { timeout: 5000 }).toBe(last.number);
    await expect.poll(() => board.getByTestId('recent-calls').locator('li').count()).toBe(6);

    // Supervisors' notices are not in the hub's API yet (issue 7): publish a snapshot with
    // notices through the hub's own broker, as the hub will once they are.
    const snapshot: BoardSnapshot = hub.queue.board([
      {
        id: 'n1',
        text: { zh: '今日下午 16:30 停止取号，请合理安排时间。', en: 'Ticket issue stops at 16:30 today.' },
        at: Date.now(),
      },
      { id: 'n2', text: { zh: '请携带身份证原件。', en: 'Please bring your original ID card. It’s required.' }, at: Date.now() },
    ]);
    await hub.bus.publish(topics.board(hub.config.site.id), snapshot, { qos: 1, retain: true });
    await expect.poll(() => text(board, 'ticker'), { timeout: 5000 }).toContain('停止取号');
    expect(await text(board, 'ticker')).toContain('Please bring your original ID card.');
    // Each language of a notice is marked: “It’s” in English with a Latin ’, Chinese with its own quotes.
    const shown = await quoteWidths(board, '[data-testid="ticker"] [lang="en"]');
    expect(shown.shown.filter((q) => q.lang === 'en').length).toBeGreaterThan(0);
    expect(fullWidthInEnglish(shown)).toEqual([]);
    expect(narrowInChinese(await quoteWidths(board, '[data-testid="ticker"] [lang="zh-CN"]'))).toEqual([]);

    for (const [width, height] of [
      [1920, 1080],
      [3840, 2160],
      [1080, 1920],
    ] as const) {
      await board.setViewportSize({ width, height });
      await board.waitForTimeout(300);
      expect(await overflowReport(board), `${width}×${height}`).toEqual([]);
      // Everything that matters is on screen.
      for (const id of ['current-number', 'recent-calls', 'service-C', 'ticker']) {
        const box = await board.getByTestId(id).first().boundingBox();
        expect(box, id).not.toBeNull();
        expect((box?.x ?? -1) >= 0 && (box?.y ?? -1) >= 0, `${id} at ${width}×${height}`).toBe(true);
        expect((box?.x ?? 0) + (box?.width ?? 0), `${id} right edge at ${width}×${height}`).toBeLessThanOrEqual(width + 1);
        expect((box?.y ?? 0) + (box?.height ?? 0), `${id} bottom edge at ${width}×${height}`).toBeLessThanOrEqual(height + 1);
      }
      await saveScreenshot(board, `display-board-${width}x${height}`);
    }
    await board.setViewportSize({ width: 1920, height: 1080 });
  });

  it('opened with ?pair shows a pairing code until a supervisor approves it, then the board', async () => {
    const screen = await open('/display/?pair&layout=current&voice=off');
    const codeEl = screen.getByTestId('pairing-code');
    await codeEl.waitFor({ timeout: 10_000 });
    const code = ((await codeEl.textContent()) ?? '').trim();
    expect(code).toMatch(/^\d{6}$/);
    expect(await screen.getByTestId('current-number').count()).toBe(0);
    await saveScreenshot(screen, 'display-pairing-1920x1080');
    // Shown before the board (outside its languages): each line still carries its own.
    const pairing = screen.getByTestId('pairing');
    expect(await pairing.locator('h1 [lang="en"]').textContent()).toBe('Pair this screen');
    expect(await pairing.locator('h1 [lang="zh-CN"]').textContent()).toBe('配对此屏幕');
    expect(await pairing.locator('.hint [lang="en"]').textContent()).toContain('A supervisor enters this code');
    expect(await untaggedEnglish(screen)).toEqual([]);
    expect(fullWidthInEnglish(await quoteWidths(screen, '[data-testid="pairing"] h1 [lang="en"]'))).toEqual([]);

    const request = (await staff.pairingRequests()).find((r) => r.code === code);
    expect(request).toMatchObject({ kind: 'display' });
    await staff.approvePairing(request?.id as string, { code, deviceId: 'board-9', name: 'Hall board 9' });
    await screen.getByTestId('current-number').waitFor({ timeout: 10_000 });
    expect(await screen.getByTestId('pairing-code').count()).toBe(0);
    await screen.close();
  });

  it('marks the connection lost after 5 s without the hub and recovers within 5 s of a restart, without a reload', async () => {
    const before = await call('1');
    await expect.poll(() => text(board, 'current-number'), { timeout: 5000 }).toBe(before.number);
    const lostMark = board.getByTestId('connection-lost');
    expect(await lostMark.count()).toBe(0);

    await board.evaluate(() => ((window as any).notReloaded = true));
    const stoppedAt = Date.now();
    await hub.close();
    await board.waitForTimeout(3000);
    expect(await lostMark.count(), 'no alarm for the first seconds').toBe(0);
    await lostMark.waitFor({ timeout: 6000 });
    const markedAfter = Date.now() - stoppedAt;
    expect(markedAfter).toBeGreaterThanOrEqual(4500);
    // The board keeps showing the last state it had meanwhile.
    expect(await text(board, 'current-number')).toBe(before.number);
    await saveScreenshot(board, 'display-board-connection-lost');
    // Each language of the mark carries its own.
    expect(await lostMark.locator('[lang="en"]').textContent()).toBe('Connection lost');
    expect(await lostMark.locator('[lang="zh-CN"]').textContent()).toBe('连接中断');
    expect(await untaggedEnglish(board)).toEqual([]);

    hub = await startTestHubAgain(hub);
    const upAt = Date.now();
    const after = await call('1');
    await expect.poll(() => text(board, 'current-number'), { timeout: 5000, interval: 100 }).toBe(after.number);
    const recoveredIn = Date.now() - upAt;
    await expect.poll(() => lostMark.count(), { timeout: 2000 }).toBe(0);
    await expect.poll(() => text(counter, 'counter-number'), { timeout: 5000 }).toBe(after.number);
    console.log(
      `connection lost mark after ${markedAfter} ms; board showed the first call after the restart in ${recoveredIn} ms`,
    );
    expect(recoveredIn).toBeLessThan(5000);
    // Same page all along: the marker set before the restart survives only without a reload.
    expect(await board.evaluate(() => (window as any).notReloaded)).toBe(true);
  }, 120_000); // ~25 s of deliberate waiting plus a hub restart, on a busy CI machine

  it('threw no errors in any page', () => {
    expect(pageErrors.flat()).toEqual([]);
  });
});
