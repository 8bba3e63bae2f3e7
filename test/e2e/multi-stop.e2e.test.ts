/**
 * A three-stop visit (一票到底) in real Chromium against a real hub: the visitor takes a ticket of
 * A at the kiosk (its route A → B → C comes from the service), follows it on the phone page
 * (390×844) while the waiting-room board (1920×1080) shows who should walk on to which stop and
 * where; clerk1 finishes stop 1 in the staff console (1366×768), clerk2 and a supervisor finish
 * stops 2 and 3 through the API. Screenshots of each screen at each stop.
 */
import { finishStop, HubClient } from '@callboard/hub/client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumOrSkip, launchChromium, openPage, overflowReport, saveScreenshot } from '../support/browser';
import { startTestHub, type TestHub } from '../support/hub';

const chromiumPath = chromiumOrSkip();

const threeStops = (cfg: any) => {
  const [a, b, c] = cfg.services;
  a.route = ['B', 'C'];
  a.where = { zh: '1楼 大厅', en: 'Hall, 1st floor' };
  b.where = { zh: '2楼 东侧 5–8号窗口', en: '2nd floor, east, counters 5–8' };
  c.where = { zh: '3楼 301室', en: 'Room 301, 3rd floor' };
};

describe.skipIf(!chromiumPath)('a three-stop visit from the kiosk to the last stop', () => {
  let hub: TestHub;
  let browser: Browser;
  let kiosk: Page;
  let phone: Page;
  let board: Page;
  const errors: string[][] = [];
  let number = '';
  let token = '';

  beforeAll(async () => {
    hub = await startTestHub({ serveApps: true, patch: threeStops });
    browser = await launchChromium(chromiumPath as string);
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  const open = async (path: string, viewport: { width: number; height: number }) => {
    const o = await openPage(browser, `${hub.baseUrl}${path}`, viewport);
    errors.push(o.errors);
    return o.page;
  };

  it('the kiosk issues a ticket of A that names the stops after it', async () => {
    kiosk = await open('/kiosk/?device=kiosk-1#token=demo-kiosk-1-token-0001', { width: 1080, height: 1920 });
    await kiosk.getByRole('button', { name: /综合业务/ }).click({ timeout: 15_000 });
    await kiosk.getByRole('button', { name: '跳过，直接取号' }).click({ timeout: 10_000 });
    await kiosk.getByTestId('ticket-number').waitFor({ timeout: 10_000 });
    number = ((await kiosk.getByTestId('ticket-number').textContent()) ?? '').trim();
    expect(number).toMatch(/^A\d{3}$/);
    expect(await kiosk.getByTestId('ticket-route').textContent()).toContain('社保医保 → 证件办理');
    const url = (await kiosk.locator('svg.qr').getAttribute('data-payload')) ?? '';
    token = url.split('/t/')[1] ?? '';
    expect(token).not.toBe('');
    await saveScreenshot(kiosk, 'multi-stop-kiosk-1080x1920');
    expect(await overflowReport(kiosk)).toEqual([]);
  });

  it('stop 1 of 3: the phone page lists the route with where each stop is', async () => {
    phone = await open(`/t/${token}`, { width: 390, height: 844 });
    const route = phone.getByTestId('track-route');
    await expect.poll(() => route.textContent(), { timeout: 10_000 }).toContain('第 1 / 3 站');
    const text = (await route.textContent()) ?? '';
    expect(text).toContain('综合业务');
    expect(text).toContain('2楼 东侧 5–8号窗口');
    expect(text).toContain('3楼 301室');
    expect(await phone.getByTestId('track-next-stop').count()).toBe(0);
    await saveScreenshot(phone, 'multi-stop-phone-stop1-390x844');
  });

  it('clerk1 finishes stop 1 in the staff console: board and phone say "go to 社保医保, 2楼 东侧"', async () => {
    board = await open('/display/?voice=off', { width: 1920, height: 1080 });
    const staff = await open('/staff/login', { width: 1366, height: 768 });
    await staff.getByLabel('用户名').fill('clerk1');
    await staff.getByLabel('密码').fill('callboard-demo');
    await staff.getByRole('button', { name: '登录' }).click();
    await staff.waitForURL(/\/staff\/counters$/);
    await staff.getByRole('link', { name: /1号窗口/ }).click();
    await staff.waitForURL(/\/staff\/counters\/1$/);
    await staff.getByRole('button', { name: '开启窗口' }).click();
    const mainKey = staff.getByTestId('main-key');
    await expect.poll(() => mainKey.isEnabled(), { timeout: 10_000 }).toBe(true);
    await staff.keyboard.press('F1');
    await expect.poll(() => staff.locator('.ticket .number').textContent(), { timeout: 10_000 }).toBe(number);
    await staff.locator('form.finish button[type=submit]').click();

    const move = board.getByTestId(`next-stop-${number}`);
    await expect.poll(() => move.textContent(), { timeout: 10_000 }).toContain('请到 社保医保');
    expect(await move.textContent()).toContain('2楼 东侧 5–8号窗口');
    await saveScreenshot(board, 'multi-stop-board-to-B-1920x1080');
    expect(await overflowReport(board)).toEqual([]);

    const go = phone.getByTestId('track-next-stop');
    await expect.poll(() => go.textContent(), { timeout: 10_000 }).toContain('请前往下一站：社保医保');
    expect(await go.textContent()).toContain('2楼 东侧 5–8号窗口');
    expect(await phone.getByTestId('track-route').textContent()).toContain('第 2 / 3 站');
    expect((await phone.getByTestId('track-number').textContent())?.trim()).toBe(number);
    await saveScreenshot(phone, 'multi-stop-phone-stop2-390x844');
    await saveScreenshot(staff, 'multi-stop-staff-after-finish-1366x768');
  });

  it('clerk2 finishes stop 2 through the API: the board and the phone send the visitor to 证件办理, 3楼', async () => {
    const clerk2 = new HubClient({ baseUrl: hub.baseUrl });
    await clerk2.login('clerk2', 'callboard-demo');
    const atB = await clerk2.callNext('3');
    expect(atB.number).toBe(number);
    await clerk2.start(atB.id);
    const { next } = await finishStop(clerk2, atB.id);
    expect(next).toMatchObject({ serviceId: 'C', stop: 3 });

    const move = board.getByTestId(`next-stop-${number}`);
    await expect.poll(() => move.textContent(), { timeout: 10_000 }).toContain('请到 证件办理');
    expect(await move.textContent()).toContain('3楼 301室');
    const go = phone.getByTestId('track-next-stop');
    await expect.poll(() => go.textContent(), { timeout: 10_000 }).toContain('请前往下一站：证件办理');
    expect(await go.textContent()).toContain('3楼 301室');
    await saveScreenshot(board, 'multi-stop-board-to-C-1920x1080');
    await saveScreenshot(phone, 'multi-stop-phone-stop3-390x844');
  });

  it('the last stop ends the visit: the phone says all three are done, in English too', async () => {
    const supervisor = new HubClient({ baseUrl: hub.baseUrl });
    await supervisor.login('supervisor', 'callboard-demo');
    const atC = await supervisor.callNext('4');
    expect(atC.number).toBe(number);
    await supervisor.start(atC.id);
    expect((await finishStop(supervisor, atC.id)).next).toBeUndefined();
    const done = phone.getByTestId('track-route-done');
    await expect.poll(() => done.textContent().catch(() => ''), { timeout: 10_000 }).toContain('全部 3 站已办理完毕');
    await expect.poll(() => board.getByTestId('next-stops').count(), { timeout: 10_000 }).toBe(0);
    await phone.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => done.textContent()).toContain('All 3 stops are done');
    await saveScreenshot(phone, 'multi-stop-phone-done-en-390x844');
    expect(errors.flat()).toEqual([]);
  });
});
