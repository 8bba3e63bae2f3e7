/**
 * The staff console's personal data page in real Chromium against a real hub: a visitor who came
 * twice by phone number; the supervisor types the number, sees both visits, downloads them as a
 * JSON file (masked, no hash, no number), erases the link in two clicks, and a second search
 * finds nothing while the day's figures stay; a clerk has no link to the page and the English
 * page reads in English. Screenshots at a counter PC's 1366×768.
 */
import { readFileSync } from 'node:fs';
import { TEST_CARDS } from '@callboard/firmware-bridge';
import { HubClient, type KpiReport, type PersonalDataExport } from '@callboard/hub/client';
import { describe, expect, it } from 'vitest';
import { startEmulatedBridge } from '../support/bridge';
import { chromiumOrSkip, saveScreenshot } from '../support/browser';
import { hubAndChromium, signIn } from '../support/staff-browser';
import { toolOrSkip } from '../support/tools';

const chromiumPath = chromiumOrSkip();
const socat = toolOrSkip('socat', 'socat');
const PHONE = '13912345678';

describe.skipIf(!chromiumPath)('a person’s request at the staff console', () => {
  const env = hubAndChromium(chromiumPath as string);

  it('finds, downloads and erases what is held about a visitor; the figures stay', async () => {
    const { hub } = env;
    const kiosk = new HubClient({ baseUrl: hub.baseUrl, deviceToken: 'demo-kiosk-1-token-0001' });
    const supervisor = new HubClient({ baseUrl: hub.baseUrl });
    await supervisor.login('supervisor', 'callboard-demo');
    for (let i = 0; i < 2; i++) {
      const t = await kiosk.issueTicket({ serviceId: 'A', identity: { kind: 'phone', value: PHONE } });
      await supervisor.callTicket('1', t.id, 'test');
      await supervisor.start(t.id);
      await supervisor.finish(t.id);
    }
    const kpiBefore = await supervisor.request<KpiReport>('GET', '/reports/kpis');

    const { page, errors } = await signIn(env, 'supervisor', 'callboard-demo');
    await page.getByRole('link', { name: '个人信息' }).click();
    await page.waitForURL(/\/staff\/personal-data$/);
    await page.getByLabel('证件类型').selectOption('phone');
    await page.getByLabel('号码').fill(PHONE);
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => page.getByText('139****5678：2 次到访，0 个预约').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator('tr[data-kind=visit]').count()).toBe(2);
    // The typed number is gone from the form once answered.
    expect(await page.getByLabel('号码').inputValue()).toBe('');
    await saveScreenshot(page, 'staff-personal-data-1366x768');

    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: '下载 JSON 文件' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^personal-data-139____5678-\d{4}-\d{2}-\d{2}\.json$/);
    const text = readFileSync(await download.path(), 'utf8');
    const file = JSON.parse(text) as PersonalDataExport;
    expect(file.person).toEqual({ kind: 'phone', masked: '139****5678' });
    expect(file.visits).toHaveLength(2);
    expect(text).not.toMatch(/[0-9a-f]{64}/);
    expect(text).not.toContain(PHONE);

    await page.getByRole('button', { name: '删除与此人的关联' }).click();
    await page.getByRole('button', { name: '确认删除（不可恢复）' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 10_000 }).toContain('2 张号票');
    await saveScreenshot(page, 'staff-personal-data-erased-1366x768');
    await page.getByLabel('证件类型').selectOption('phone');
    await page.getByLabel('号码').fill(PHONE);
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => page.getByText('139****5678：没有任何记录').count(), { timeout: 10_000 }).toBe(1);
    expect((await supervisor.request<KpiReport>('GET', '/reports/kpis')).daily).toEqual(kpiBefore.daily);

    // In English too.
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Personal data');
    await saveScreenshot(page, 'staff-personal-data-en-1366x768');
    expect(errors).toEqual([]);
    await page.close();
  });

  it.skipIf(!socat)('reads the person’s ID card at a reader instead of a typed number, issuing no ticket', async () => {
    const { hub } = env;
    const bridge = await startEmulatedBridge({ hubBaseUrl: hub.baseUrl, mqttPort: hub.mqttPort as number, kioskId: 'kiosk-1' });
    try {
      const supervisor = new HubClient({ baseUrl: hub.baseUrl });
      await supervisor.login('supervisor', 'callboard-demo');
      await expect.poll(async () => (await supervisor.device('bridge-1')).state, { timeout: 20_000 }).toBe('online');
      // The visitor took a ticket with the card at the kiosk earlier, and was served.
      const before = (await supervisor.queue()).services.reduce((n, s) => n + s.waiting, 0);
      await bridge.post('/idcard/place', { card: 'zhang-san' });
      await expect
        .poll(async () => (await supervisor.queue()).services.reduce((n, s) => n + s.waiting, 0), { timeout: 10_000 })
        .toBe(before + 1);
      await bridge.post('/idcard/lift');
      const zhang = TEST_CARDS.find((c) => c.label === 'zhang-san')?.card.idNumber as string;
      const held = await supervisor.exportPersonalData({ identity: { kind: 'id-card', value: zhang } });
      const ticket = held.visits[0]?.id as string;
      await supervisor.callTicket('1', ticket, 'test');
      await supervisor.start(ticket);
      await supervisor.finish(ticket);

      const { page, errors } = await signIn(env, 'supervisor', 'callboard-demo');
      await page.getByRole('link', { name: '个人信息' }).click();
      await page.getByRole('button', { name: '读取身份证' }).click();
      await page.getByText('请本人将身份证放在读卡器上').waitFor({ timeout: 10_000 });
      await new Promise((r) => setTimeout(r, 1700)); // past the reader's bounce window since the lift
      await bridge.post('/idcard/place', { card: 'zhang-san' });
      await expect.poll(() => page.locator('tr[data-kind=visit]').count(), { timeout: 15_000 }).toBe(1);
      await bridge.post('/idcard/lift');
      await saveScreenshot(page, 'staff-personal-data-card-1366x768');
      // The card was read for the request: nobody new is waiting.
      expect((await supervisor.queue()).services.reduce((n, s) => n + s.waiting, 0)).toBe(before);
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await bridge.stop();
    }
  });

  it('shows a clerk no link to it', async () => {
    const { page, errors } = await signIn(env, 'clerk1', 'callboard-demo');
    expect(await page.getByRole('link', { name: '个人信息' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
