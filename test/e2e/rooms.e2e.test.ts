/**
 * Clinic rooms and names on screens in real Chromium against a real hub (docs/queue-policy.md
 * "Two-step calling", "Names on screens"): service C (room 5, "3诊室") calls in two steps and
 * shows number + masked name; service A shows numbers only. The room screen (1920×1080, paired
 * as display board-1) shows who is in the room, the next two at the door, the doctor and a pause;
 * its voice region says both steps with the masked name; the board shows and says the masked name
 * for C and only the number for A; the staff desk (1366×768) has the two keys.
 */
import { callIn, callToDoor, HubClient, maskName, topics } from '@callboard/hub/client';
import mqtt, { type MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTOPLAY_ARG, chromiumOrSkip, launchChromium, openPage, overflowReport, saveScreenshot } from '../support/browser';
import { untaggedEnglish } from '../support/glyphs';
import { startTestHub, type TestHub } from '../support/hub';
import { signIn } from '../support/staff-browser';

const chromiumPath = chromiumOrSkip();
const SITE = 'demo';

function idNumber(serial: number): string {
  const body = `11010119850101${String(serial).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (w[i] as number), 0);
  return body + '10X98765432'[sum % 11];
}

describe.skipIf(!chromiumPath)('room screens and names in Chromium', () => {
  let hub: TestHub;
  let browser: Browser;
  let bridge: MqttClient;
  let doctor: HubClient;
  const pageErrors: string[][] = [];

  async function open(path: string, viewport = { width: 1920, height: 1080 }): Promise<Page> {
    const { page, errors } = await openPage(browser, `${hub.baseUrl}${path}`, viewport);
    pageErrors.push(errors);
    return page;
  }

  /** Every text the page's voice region showed, in order. */
  async function recordVoice(page: Page): Promise<string[]> {
    const spoken: string[] = [];
    await page.exposeFunction('recordSpoken', (t: string) => t && spoken.push(t));
    await page.getByTestId('voice-text').waitFor({ state: 'attached', timeout: 15_000 });
    await page.evaluate(() => {
      const region = document.querySelector('[data-testid="voice-text"]') as HTMLElement;
      new MutationObserver(() => (window as any).recordSpoken(region.textContent ?? '')).observe(region, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    return spoken;
  }

  async function tap(serial: number, name: string, serviceId: string): Promise<void> {
    const before = (await new HubClient({ baseUrl: hub.baseUrl }).queue()).services.find((s) => s.serviceId === serviceId);
    await bridge.publishAsync(
      topics.deviceEvents(SITE, 'bridge-1'),
      JSON.stringify({
        v: 1,
        peripheral: 'reader',
        at: Date.now(),
        type: 'card',
        card: { kind: 'resident', idNumber: idNumber(serial), nameMasked: maskName(name) },
        kioskId: 'kiosk-1',
        serviceId,
      }),
      { qos: 1 },
    );
    await expect
      .poll(
        async () =>
          (await new HubClient({ baseUrl: hub.baseUrl }).queue()).services.find((s) => s.serviceId === serviceId)?.waiting,
      )
      .toBe((before?.waiting ?? 0) + 1);
  }

  beforeAll(async () => {
    hub = await startTestHub({
      serveApps: true,
      patch: (raw) => {
        raw.rateLimit = { ticketsPerMinutePerClient: 10_000 };
        for (const s of raw.services)
          if (s.id === 'C') Object.assign(s, { twoStep: { doorSize: 2 }, namesOnScreens: 'number+masked' });
        raw.counters.push({ id: '5', name: { zh: '3诊室', en: 'Room 3' }, services: ['C'] });
      },
    });
    browser = await launchChromium(chromiumPath as string, [AUTOPLAY_ARG]);
    bridge = await mqtt.connectAsync(`mqtt://127.0.0.1:${hub.mqttPort}`, {
      protocolVersion: 4,
      reconnectPeriod: 0,
      username: 'bridge-1',
      password: 'demo-bridge-1-token-0001',
      clientId: `bridge-1-${Math.random().toString(36).slice(2)}`,
    });
    doctor = new HubClient({ baseUrl: hub.baseUrl });
    await doctor.login('clerk2', 'callboard-demo'); // 李二, services B and C
  });
  afterAll(async () => {
    await bridge?.endAsync(true);
    await browser?.close();
    await hub?.close();
  });

  it('the room screen: in the room, the next two at the door, the doctor; both steps said with the masked name', async () => {
    for (const [i, name] of ['张三丰', '欧阳娜娜', '李四光'].entries()) await tap(i + 1, name, 'C');
    const room = await open('/display/room/5?device=board-1&voice=zh&repeat=1#token=demo-board-1-token-0001');
    const spoken = await recordVoice(room);
    await doctor.openCounter('5');
    await expect
      .poll(
        () =>
          room
            .getByTestId('room-doctor')
            .textContent({ timeout: 500 })
            .catch(() => ''),
        { timeout: 10_000 },
      )
      .toContain('李二');

    expect((await callToDoor(doctor, '5')).number).toBe('C001');
    expect((await callToDoor(doctor, '5')).number).toBe('C002');
    await expect
      .poll(() => room.getByTestId('room-next-item').allTextContents(), { timeout: 5000 })
      .toEqual(['C001 张*丰', 'C002 欧**娜']);
    expect((await callIn(doctor, '5')).number).toBe('C001');
    expect((await callToDoor(doctor, '5')).number).toBe('C003');
    await expect
      .poll(
        () =>
          room
            .getByTestId('room-current-number')
            .textContent({ timeout: 500 })
            .catch(() => ''),
        { timeout: 5000 },
      )
      .toBe('C001');
    expect(await room.getByTestId('room-current-name').textContent()).toBe('张*丰');
    await expect
      .poll(() => room.getByTestId('room-next-item').allTextContents(), { timeout: 5000 })
      .toEqual(['C002 欧**娜', 'C003 李*光']);
    // Four announcements, one after another: to the door ×2, in, to the door.
    await expect.poll(() => room.locator('.room').getAttribute('data-announced'), { timeout: 60_000, interval: 250 }).toBe('4');
    const said = [...new Set(spoken)];
    console.log(`room screen said: ${said.join(' | ')}`);
    expect(said).toEqual([
      '请 C001 号 张*丰 到 3诊室 门口候诊',
      '请 C002 号 欧**娜 到 3诊室 门口候诊',
      '请 C001 号 张*丰 进入 3诊室 就诊',
      '请 C003 号 李*光 到 3诊室 门口候诊',
    ]);
    expect(await overflowReport(room)).toEqual([]);
    // Every English line of the room screen carries lang="en".
    expect(await room.locator('.door h2 [lang="en"]').count()).toBeGreaterThan(0);
    expect(await untaggedEnglish(room)).toEqual([]);
    await saveScreenshot(room, 'display-room-1920x1080');

    await doctor.pauseCounter('5');
    await expect.poll(() => room.getByTestId('room-paused').isVisible(), { timeout: 5000 }).toBe(true);
    await saveScreenshot(room, 'display-room-paused-1920x1080');
    expect(await untaggedEnglish(room)).toEqual([]);
    await doctor.openCounter('5');
    await room.close();
  });

  it('the board: C with its masked name on the tile and in the voice, A with its number only', async () => {
    const board = await open('/display/?voice=zh&repeat=1');
    const spoken = await recordVoice(board);
    await expect.poll(() => board.getByTestId('counter-tile').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const supervisor = new HubClient({ baseUrl: hub.baseUrl });
    await supervisor.login('supervisor', 'callboard-demo');
    await tap(10, '王五', 'A');
    await supervisor.openCounter('1');
    const a = await supervisor.callNext('1');
    expect(a.number).toBe('A001');
    const c = await callIn(doctor, '5'); // C002, from the door
    const tile = (id: string) => board.locator(`[data-testid="counter-tile"][data-counter="${id}"]`);
    await expect
      .poll(
        () =>
          tile('5')
            .getByTestId('tile-number')
            .textContent({ timeout: 500 })
            .catch(() => ''),
        { timeout: 5000 },
      )
      .toBe(c.number);
    expect(await tile('5').getByTestId('tile-name').textContent()).toBe('欧**娜');
    expect(await tile('1').getByTestId('tile-number').textContent()).toBe('A001');
    expect(await tile('1').getByTestId('tile-name').count()).toBe(0);
    await expect.poll(() => board.locator('.board').getAttribute('data-announced'), { timeout: 40_000, interval: 250 }).toBe('2');
    const said = [...new Set(spoken)];
    console.log(`board said: ${said.join(' | ')}`);
    expect(said).toEqual(['请 A001 号 到 1号窗口', '请 C002 号 欧**娜 进入 3诊室 就诊']);
    // The clear names never reached the page.
    const html = await board.content();
    for (const clear of ['王五', '欧阳娜娜']) expect(html).not.toContain(clear);
    expect(await overflowReport(board)).toEqual([]);
    await saveScreenshot(board, 'display-board-names-1920x1080');
    await board.close();
    // The current-call layout lists the call to the door of C003 with its step.
    const current = await open('/display/?layout=current&voice=off');
    await expect
      .poll(
        () =>
          current
            .getByTestId('recent-calls')
            .locator('li', { hasText: 'C003' })
            .textContent({ timeout: 500 })
            .catch(() => ''),
        {
          timeout: 10_000,
        },
      )
      .toContain('门口候诊');
    expect(await current.getByTestId('current-number').textContent()).toBe('C002');
    expect(await current.getByTestId('current-name').textContent()).toBe('欧**娜');
    await saveScreenshot(current, 'display-board-current-names-1920x1080');
    await current.close();
  });

  it('the staff desk at 1366×768: call to the door and call in with the door list beside them', async () => {
    await tap(20, '孙七', 'C');
    const { page, errors } = await signIn({ hub, browser }, 'clerk2', 'callboard-demo');
    pageErrors.push(errors);
    await page.goto(`${hub.baseUrl}/staff/counters/5`);
    const keys = page.getByTestId('door-keys');
    await keys.waitFor({ timeout: 10_000 });
    // C003 waits at the door; one place is free.
    await expect.poll(() => page.getByTestId('door-list').textContent()).toContain('C003');
    await page.getByTestId('call-to-door').click();
    await expect.poll(() => page.getByTestId('door-list').textContent(), { timeout: 5000 }).toContain('C004');
    expect(await page.getByTestId('call-to-door').isEnabled()).toBe(false); // the door holds 2
    await saveScreenshot(page, 'staff-room-desk-1366x768');
    await page.getByTestId('call-in').click();
    await expect.poll(() => page.locator('.ticket .number').textContent(), { timeout: 5000 }).toBe('C003');
    const box = await keys.boundingBox();
    expect(box && box.y + box.height).toBeLessThanOrEqual(768);
    await page.close();
  });

  it('the set-up page: an admin turns two-step calling and masked names on for a service', async () => {
    const { page, errors } = await signIn({ hub, browser }, 'admin', 'callboard-admin');
    pageErrors.push(errors);
    await page.goto(`${hub.baseUrl}/staff/setup`);
    const row = page.locator('tr[data-rooms="B"]');
    await row.getByLabel('两步叫号 B').check();
    await row.getByLabel('门口候诊人数 B').fill('3');
    await row.getByLabel('门口候诊人数 B').blur();
    await row.getByLabel('屏幕与语音 B').selectOption('masked');
    // C keeps what the file said.
    expect(await page.locator('tr[data-rooms="C"]').getByLabel('两步叫号 C').isChecked()).toBe(true);
    await page.locator('#rooms-h').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'staff-setup-rooms-1366x768');
    await page.getByRole('button', { name: '保存并生效' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('已保存第 1 版');
    const services = await new HubClient({ baseUrl: hub.baseUrl }).catalogue();
    expect(services.services.find((x) => x.id === 'B')).toMatchObject({ twoStep: { doorSize: 3 }, namesOnScreens: 'masked' });
    expect(services.services.find((x) => x.id === 'C')).toMatchObject({
      twoStep: { doorSize: 2 },
      namesOnScreens: 'number+masked',
    });
    expect(services.services.find((x) => x.id === 'A')?.twoStep).toBeUndefined();
    await page.close();
  });

  it('the phone of a visitor called to the door says which door, at 390×844', async () => {
    await doctor.openCounter('5');
    const mine = await new HubClient({ baseUrl: hub.baseUrl }).issueTicket({ serviceId: 'C' });
    // Move the room's line along until this visitor is called to the door.
    for (let i = 0; i < 20; i++) {
      const atDoor = await callToDoor(doctor, '5').catch(() => undefined);
      if (atDoor?.number === mine.number) break;
      if (!atDoor) await callIn(doctor, '5').catch(() => undefined);
    }
    const phone = await open(new URL(mine.trackUrl).pathname.replace(/^\/t\//, '/kiosk/track/'), { width: 390, height: 844 });
    await expect
      .poll(() => phone.getByTestId('track-headline').textContent(), { timeout: 10_000 })
      .toContain('请到 3诊室 门口候诊');
    // Out of the line at the door: no "I'm running late" keys.
    expect(await phone.getByTestId('track-late').count()).toBe(0);
    expect(await overflowReport(phone)).toEqual([]);
    await saveScreenshot(phone, 'phone-track-at-door-390x844');
    await phone.close();
  });

  it('no page error on any screen', () => {
    expect(pageErrors.flat()).toEqual([]);
  });
});
