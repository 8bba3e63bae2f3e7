/**
 * A callback at the clerk's desk (1366×768, Chromium, real hub): the IVR put a caller in the
 * line; call-next at the clerk's counter brings "call back 138****5678" with a dial link; the
 * first click sends the dial request to the PBX gateway and turns the link into the real `tel:`
 * link for the softphone (the number is in the link only, never in the page's text); "no answer"
 * puts the callback back in the line and frees the counter.
 */
import { HubClient, ivrJoin } from '@callboard/hub/client';
import { describe, expect, it } from 'vitest';
import { chromiumOrSkip, saveScreenshot } from '../support/browser';
import { hubAndChromium, signIn } from '../support/staff-browser';

const chromiumPath = chromiumOrSkip();
const PHONE = '13812345678';

describe.skipIf(!chromiumPath)('a callback at the clerk’s desk in Chromium', () => {
  const env = hubAndChromium(chromiumPath as string);

  it('shows "call back 138****5678", dials through the PBX gateway, and "no answer" re-queues it', async () => {
    const { hub } = env;
    const pbx = new HubClient({ baseUrl: hub.baseUrl, deviceToken: 'demo-pbx-1-token-0001' });
    const joined = await ivrJoin(pbx, { service: '1', phone: PHONE });

    const { page, errors } = await signIn(env, 'clerk1', 'callboard-demo');
    await page.getByRole('link', { name: /1号窗口/ }).click();
    await page.waitForURL(/\/staff\/counters\/1$/);
    await page.getByRole('button', { name: '开启窗口' }).click();
    const mainKey = page.getByTestId('main-key');
    await expect.poll(() => mainKey.isEnabled()).toBe(true);
    await page.keyboard.press('F1');
    await expect.poll(() => page.locator('.ticket .number').textContent(), { timeout: 10_000 }).toBe(joined.number);

    const card = page.getByTestId('callback');
    expect(await card.textContent()).toContain('回拨 138****5678');
    const dial = page.getByTestId('dial');
    expect(await dial.getAttribute('href')).toBe('tel:');
    await dial.click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('已请电话系统为您拨打 138****5678');
    await expect.poll(() => dial.getAttribute('href')).toBe(`tel:${PHONE}`);
    expect(await page.locator('body').innerText()).not.toContain(PHONE);
    // Not a visitor at the counter: no recall, no no-show, no "texts go to" line.
    expect(await page.getByRole('button', { name: '重呼' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '过号' }).count()).toBe(0);
    expect(await page.getByTestId('texts-to').count()).toBe(0);
    const box = await card.boundingBox();
    expect(box && box.y + box.height, 'the callback card above the fold at 1366×768').toBeLessThanOrEqual(768);
    await saveScreenshot(page, 'staff-callback-desk-1366x768');

    await page.getByRole('button', { name: '无人接听，稍后再拨' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain(`${joined.number} 无人接听：已放回队列`);
    expect(await page.locator('.ticket .empty').count()).toBe(1);
    const ticket = await (async () => {
      const sup = new HubClient({ baseUrl: hub.baseUrl });
      await sup.login('supervisor', 'callboard-demo');
      return (await sup.waiting('1')).services[0]?.tickets.find((t) => t.number === joined.number);
    })();
    expect(ticket?.callback?.attempts).toBe(1);
    expect(errors).toEqual([]);
  });
});
