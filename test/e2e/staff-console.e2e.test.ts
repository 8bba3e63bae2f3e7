/**
 * Issue 7 end to end, in real Chromium against a real hub, real MQTT and an emulated bridge:
 * a clerk calls next (the board hears the call), finishes with an outcome, transfers a visitor
 * (who then stands in the target line where the policy puts them), a call pad recalls; a clerk
 * cannot reach the supervisor pages; a supervisor sees a printer running out of paper within
 * 2 s, broadcasts a notice that reaches the board; and every action is in the audit log with
 * the acting user.
 */
import { type BoardSnapshot, type CallMessage, HubClient } from '@callboard/hub/client';
import mqtt, { type MqttClient } from 'mqtt';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatedBridge, startEmulatedBridge } from '../support/bridge';
import { chromiumOrSkip, launchChromium, openPage, saveScreenshot } from '../support/browser';
import { fullWidthInEnglish, narrowInChinese, quoteWidths } from '../support/glyphs';
import { startTestHub, type TestHub } from '../support/hub';
import { toolOrSkip } from '../support/tools';

const chromiumPath = chromiumOrSkip();

/** Waits for `check` to hold (set-up code, outside a test, where expect.poll is not available). */
async function until(what: string, check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (
    !(await Promise.resolve()
      .then(check)
      .catch(() => false))
  ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const socat = toolOrSkip('socat', 'socat');

describe.skipIf(!chromiumPath || !socat)('staff console (issue 7) in Chromium', () => {
  let hub: TestHub;
  let browser: Browser;
  let bridge: EmulatedBridge;
  let board: MqttClient;
  const calls: CallMessage[] = [];
  let lastBoard: BoardSnapshot | undefined;
  let supervisor: HubClient;
  let clerkApi: HubClient;

  beforeAll(async () => {
    hub = await startTestHub({
      serveApps: true,
      patch: (raw) => {
        raw.services[1].topics = [{ id: 'permit', name: { zh: '许可证', en: 'Permit' } }];
        raw.counters[1].pad = { deviceId: 'bridge-1', padId: 'pad' };
      },
    });
    browser = await launchChromium(chromiumPath as string);
    board = mqtt.connect(`mqtt://127.0.0.1:${hub.mqttPort}`, { protocolVersion: 4, reconnectPeriod: 200 });
    board.on('message', (topic, payload) => {
      if (topic.endsWith('/calls')) calls.push(JSON.parse(payload.toString()) as CallMessage);
      if (topic.endsWith('/board')) lastBoard = JSON.parse(payload.toString()) as BoardSnapshot;
    });
    await until('board MQTT', () => board.connected);
    await board.subscribeAsync(['callboard/demo/calls', 'callboard/demo/board'], { qos: 1 });
    bridge = await startEmulatedBridge({
      hubBaseUrl: hub.baseUrl,
      mqttPort: hub.mqttPort as number,
      kioskId: 'kiosk-1',
      peripherals: [
        { id: 'printer', kind: 'printer-escpos', port: '/dev/ttyUSB2', pollMs: 200 },
        { id: 'pad', kind: 'rating-pad', port: '/dev/ttyUSB3', counterId: '2' },
      ],
    });
    supervisor = new HubClient({ baseUrl: hub.baseUrl });
    await supervisor.login('supervisor', 'callboard-demo');
    clerkApi = new HubClient({ baseUrl: hub.baseUrl });
    await clerkApi.login('clerk1', 'callboard-demo');
    await until('bridge-1 printer ready', async () => (await supervisor.device('bridge-1')).printer?.condition === 'ok', 20_000);
  });
  afterAll(async () => {
    await bridge?.stop();
    board?.end(true);
    await browser?.close();
    await hub?.close();
  });

  it('clerk: call next, finish with an outcome, transfer into the policy position, call pad', async () => {
    const anon = new HubClient({ baseUrl: hub.baseUrl });
    const a1 = await anon.issueTicket({ serviceId: 'A' });
    const a2 = await anon.issueTicket({ serviceId: 'A' });
    for (let i = 0; i < 3; i++) await anon.issueTicket({ serviceId: 'B' });

    const { page, errors } = await openPage(browser, `${hub.baseUrl}/staff/`, { width: 1366, height: 768 });
    await page.waitForURL(/\/staff\/login$/);
    await page.getByLabel('用户名').fill('clerk1');
    await page.getByLabel('密码').fill('callboard-demo');
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/staff\/counters$/);
    // A clerk sees no supervisor pages in the navigation.
    expect(await page.getByRole('link', { name: '现场总览' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: '审计日志' }).count()).toBe(0);
    await page.getByRole('link', { name: /2号窗口/ }).click();
    await page.waitForURL(/\/staff\/counters\/2$/);
    await page.getByRole('button', { name: '开启窗口' }).click();
    const callNext = page.getByRole('button', { name: /呼叫下一位/ });
    await expect.poll(() => callNext.isEnabled()).toBe(true);
    await page.keyboard.press('F1');
    await expect.poll(() => page.locator('.ticket .number').textContent(), { timeout: 10_000 }).toBe(a1.number);
    // The board (an MQTT subscriber) hears the call.
    await expect.poll(() => calls.find((c) => c.number === a1.number && c.counterId === '2')).toBeTruthy();

    await page.getByRole('button', { name: '开始办理' }).click();
    await page.locator('form.finish select').first().selectOption('follow_up');
    await page.locator('form.finish input').fill('bring the form');
    await page.locator('form.finish button[type=submit]').click();
    await expect.poll(async () => (await supervisor.ticket(a1.id)).outcome).toBe('follow_up');

    await page.keyboard.press('Space');
    await expect.poll(() => page.locator('.ticket .number').textContent(), { timeout: 10_000 }).toBe(a2.number);
    await page.getByRole('button', { name: '开始办理' }).click();
    await page.locator('form.transfer select').first().selectOption('B');
    await page.locator('form.transfer select').nth(1).selectOption('back');
    await page.locator('form.transfer input').fill('needs a permit');
    await page.locator('form.transfer button[type=submit]').click();
    await expect.poll(async () => (await supervisor.ticket(a2.id)).status).toBe('transferred');
    const continuationId = (await supervisor.ticket(a2.id)).transferredTo as string;
    // The original shows "transferred" as soon as the hub takes the transfer; the continuation is
    // readable once its record is written (the hub shows a new ticket only after it is stored).
    await expect.poll(async () => (await supervisor.ticket(continuationId).catch(() => undefined))?.status).toBe('waiting');
    const continuation = await supervisor.ticket(continuationId);
    // The API's policy position and the console's waiting list agree.
    const line = page.locator('ol.waiting[data-service="B"] li');
    await expect
      .poll(async () => (await line.evaluateAll((els) => els.map((e) => e.getAttribute('data-number')))).indexOf(a2.number))
      .toBe(continuation.position);
    const waiting = await clerkApi.waiting('2');
    expect(
      waiting.services
        .find((s) => s.serviceId === 'B')
        ?.tickets.map((x) => x.id)
        .indexOf(continuationId),
    ).toBe(continuation.position);
    expect(continuation.position).toBe(3); // mode back: behind the three B visitors
    await saveScreenshot(page, 'staff-clerk-console');
    // Chinese keeps its full-width quotes (and English, below, its Latin ones).
    expect(narrowInChinese(await quoteWidths(page, 'main'))).toEqual([]);

    // The call pad of counter 2: "call" calls the next visitor as clerk1, "recall" calls again.
    await bridge.post('/rating/press', { button: 'call' });
    await expect.poll(() => calls.filter((c) => c.counterId === '2').length, { timeout: 5000 }).toBe(3);
    await bridge.post('/rating/press', { button: 'recall' });
    await expect.poll(() => calls.some((c) => c.counterId === '2' && c.recall), { timeout: 5000 }).toBe(true);
    const counter2 = (await supervisor.counters()).find((c) => c.id === '2');
    expect(counter2?.current?.staffId).toBe((await clerkApi.me()).staff.id);

    // A clerk is refused the supervisor pages by the API, and the page says so.
    await expect(clerkApi.audit()).rejects.toMatchObject({ status: 403 });
    await expect(clerkApi.floor()).rejects.toMatchObject({ status: 403 });
    await expect(clerkApi.addNotice({ text: { zh: '测试', en: 'test' } })).rejects.toMatchObject({ status: 403 });
    await page.goto(`${hub.baseUrl}/staff/audit`);
    await expect.poll(() => page.getByText('没有权限查看此页面').count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('supervisor: paper alert within 2 s, notice to the boards, audit log of the whole run', async () => {
    const { page, errors } = await openPage(browser, `${hub.baseUrl}/staff/login`, { width: 1366, height: 768 });
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByLabel('Username').fill('supervisor');
    await page.getByLabel('Password').fill('callboard-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/staff\/counters$/);
    await page.getByRole('link', { name: 'Floor' }).click();
    await page.waitForURL(/\/staff\/floor$/);
    await expect.poll(() => page.locator('tr[data-counter="2"]').count()).toBe(1);
    expect(await page.locator('[data-kind="paper_end"]').count()).toBe(0);

    const t0 = Date.now();
    await bridge.post('/printer/paper', { paper: 'end' });
    await page.locator('[data-kind="paper_end"][data-subject="bridge-1"]').waitFor({ timeout: 5000 });
    expect(Date.now() - t0).toBeLessThan(2000);

    await page.getByLabel('Chinese text').fill('午休时间 12:00–13:00');
    await page.getByLabel('English text').fill('Lunch break 12:00–13:00');
    // An English page with a Chinese field: the field and the language switch carry their language.
    expect(await page.getByLabel('Chinese text').getAttribute('lang')).toBe('zh-CN');
    expect(await page.getByLabel('English text').getAttribute('lang')).toBe('en');
    expect(await page.getByLabel('Chinese text').evaluate((el) => getComputedStyle(el).fontFamily)).toMatch(
      /^"Noto Sans CJK SC"/,
    );
    expect(await page.getByRole('button', { name: '中文' }).getAttribute('lang')).toBe('zh-CN');
    await page.getByRole('button', { name: 'Broadcast' }).click();
    await expect.poll(() => lastBoard?.notices.map((n) => n.text.en), { timeout: 5000 }).toEqual(['Lunch break 12:00–13:00']);
    await saveScreenshot(page, 'staff-floor-view');
    // English takes ’ “ ” from a Latin font, not the CJK font's full-width ones.
    expect(fullWidthInEnglish(await quoteWidths(page, 'main'))).toEqual([]);

    // Closing time: the supervisor stops issue for C now; the boards are told in both languages.
    const closing = page.locator('tr[data-closing="C"]');
    await closing.getByRole('button', { name: 'Stop issuing now' }).click();
    await expect.poll(() => closing.textContent(), { timeout: 5000 }).toContain('Not issuing');
    await expect
      .poll(() => lastBoard?.notices.map((n) => n.text.en).find((x) => x.startsWith('ID & permits')), { timeout: 5000 })
      .toMatch(/^ID & permits: no new tickets today from \d\d:\d\d; everyone already waiting will be served$/);
    expect(lastBoard?.notices.map((n) => n.text.zh).find((x) => x.startsWith('证件办理'))).toMatch(/今日 \d\d:\d\d 起停止取号/);
    await expect(supervisor.issueTicket({ serviceId: 'C' })).rejects.toMatchObject({ code: 'SERVICE_CLOSED' });
    await page.locator('section.closing').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'staff-floor-closing-time');

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL(/\/staff\/audit$/);
    await expect.poll(() => page.locator('tbody tr').count()).toBeGreaterThan(5);
    await saveScreenshot(page, 'staff-audit-page');
    expect(errors).toEqual([]);

    // Every action of the run, with who did it.
    const clerkId = (await clerkApi.me()).staff.id;
    const supervisorId = (await supervisor.me()).staff.id;
    const { records } = await supervisor.audit({ limit: 1000 });
    const by = (action: string) => records.filter((r) => r.action === action).map((r) => r.actor.id);
    expect(by('auth.login')).toEqual(expect.arrayContaining([clerkId, supervisorId]));
    expect(by('counter.open')).toContain(clerkId);
    expect(by('ticket.call').filter((id) => id === clerkId).length).toBe(3); // two in the console, one on the pad
    expect(by('ticket.start')).toContain(clerkId);
    expect(by('ticket.finish')).toContain(clerkId);
    expect(by('ticket.transfer')).toContain(clerkId);
    expect(by('ticket.recall')).toContain(clerkId);
    expect(by('pad.press')).toEqual([clerkId, clerkId]);
    expect(by('notice.add')).toEqual([supervisorId]);
    for (const r of records.filter((x) => x.action.startsWith('ticket.') && x.action !== 'ticket.issue'))
      expect(r.actor.type).toBe('staff');
    // The CSV export carries the same records.
    const csv = await fetch(supervisor.auditCsvUrl({ action: 'ticket.' }), {
      headers: { cookie: (supervisor as unknown as { sessionCookie: string }).sessionCookie },
    });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const text = await csv.text();
    expect(text).toContain('"ticket.transfer"');
    expect(text).toContain('"clerk1"');
  });
});
