/**
 * Senior mode on a floor kiosk: every service on one page whenever the services fit at senior
 * size (3 and 6 services, portrait and landscape), paging only when they truly do not (12);
 * tiles at least 64 px and 1.5× type, no overflow. Screenshots: test/artifacts/kiosk-senior-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallTargets } from '../support/a11y';
import { chromiumOrSkip, launchChromium, openPage, overflowReport, saveScreenshot } from '../support/browser';
import { startTestHub, type TestHub } from '../support/hub';

const chromiumPath = chromiumOrSkip();
const PORTRAIT = { width: 1080, height: 1920 };
const LANDSCAPE = { width: 1920, height: 1080 };
const NAMES = [
  ['公积金业务', 'Housing fund'],
  ['出入境业务', 'Exit & entry'],
  ['税务登记', 'Tax registration'],
  ['不动产登记', 'Real estate'],
  ['婚姻登记', 'Marriage registry'],
  ['户籍业务', 'Household registry'],
  ['交通违法处理', 'Traffic fines'],
  ['残疾人服务', 'Disability services'],
  ['法律援助', 'Legal aid'],
];

describe.skipIf(!chromiumPath)('senior mode in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium(chromiumPath as string);
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** A hub with the demo's 3 services and `extra` more; the kiosk in senior mode at `viewport`. */
  async function seniorKiosk(
    hub: TestHub,
    viewport: { width: number; height: number },
  ): Promise<{ page: Page; errors: string[] }> {
    const opened = await openPage(browser, `${hub.baseUrl}/kiosk/?device=kiosk-1#token=demo-kiosk-1-token-0001`, viewport);
    await opened.page.getByRole('button', { name: /综合业务/ }).waitFor({ timeout: 10_000 });
    await opened.page.getByRole('button', { name: '长者模式' }).click();
    await expect.poll(() => opened.page.evaluate(() => document.documentElement.classList.contains('elderly'))).toBe(true);
    await opened.page.waitForTimeout(300); // the tile area is measured after the switch
    return opened;
  }

  async function withServices(extra: number, run: (hub: TestHub) => Promise<void>): Promise<void> {
    const hub = await startTestHub({
      serveApps: true,
      patch: (raw) => {
        for (const [i, [zh, en]] of NAMES.slice(0, extra).entries())
          raw.services.push({
            id: `S${i}`,
            prefix: `${'DEFGHJKLM'[i]}`,
            name: { zh, en },
            targetWaitMin: 20,
            avgServiceSec: 300,
          });
      },
    });
    try {
      await run(hub);
    } finally {
      await hub.close();
    }
  }

  async function expectOnePage(page: Page, services: number, name: string): Promise<void> {
    await expect.poll(() => page.locator('.tile').count(), { timeout: 5000 }).toBe(services);
    expect(await page.getByRole('button', { name: '下一页' }).isVisible()).toBe(false);
    expect(await overflowReport(page), `${name}: overflow`).toEqual([]);
    expect(await smallTargets(page, 64), `${name}: touch targets under 64 px`).toEqual([]);
    // Every tile whole on screen.
    for (const box of await page.locator('.tile').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON())))
      expect(box.bottom, `${name}: a tile below the screen`).toBeLessThanOrEqual(page.viewportSize()?.height ?? 0);
    await saveScreenshot(page, name);
  }

  it('puts 3 services on one page, portrait and landscape', async () => {
    await withServices(0, async (hub) => {
      for (const [label, viewport] of [
        ['1080x1920', PORTRAIT],
        ['1920x1080', LANDSCAPE],
      ] as const) {
        const { page, errors } = await seniorKiosk(hub, viewport);
        await expectOnePage(page, 3, `kiosk-senior-3-services-${label}`);
        expect(errors).toEqual([]);
        await page.close();
      }
    });
  });

  it('puts 6 services on one page, portrait and landscape', async () => {
    await withServices(3, async (hub) => {
      for (const [label, viewport] of [
        ['1080x1920', PORTRAIT],
        ['1920x1080', LANDSCAPE],
      ] as const) {
        const { page, errors } = await seniorKiosk(hub, viewport);
        await expectOnePage(page, 6, `kiosk-senior-6-services-${label}`);
        expect(errors).toEqual([]);
        await page.close();
      }
    });
  });

  it('says that 11 digits starting with 2 are not a mobile number (not "type 11 digits")', async () => {
    await withServices(0, async (hub) => {
      const { page, errors } = await seniorKiosk(hub, PORTRAIT);
      await page.getByRole('button', { name: /综合业务/ }).click();
      await page.getByRole('button', { name: '其他方式' }).click();
      await page.getByRole('button', { name: /输入手机号/ }).click();
      for (const d of '23812345678') await page.getByRole('button', { name: `数字 ${d}`, exact: true }).click();
      await page.getByRole('button', { name: '确定' }).click();
      const problem = await page.getByRole('alert').first().textContent();
      expect(problem).toContain('这不是手机号码');
      expect(problem).not.toContain('请输入 11 位');
      expect(errors).toEqual([]);
      await page.close();
    });
  });

  it('keeps a step’s keypad and its buttons together in portrait, with a back button as big as confirm', async () => {
    await withServices(0, async (hub) => {
      const { page, errors } = await openPage(
        browser,
        `${hub.baseUrl}/kiosk/?device=kiosk-1#token=demo-kiosk-1-token-0001`,
        PORTRAIT,
      );
      await page.getByRole('button', { name: /综合业务/ }).click();
      await page.getByRole('button', { name: /输入手机号/ }).click();
      const lastKey = await page.getByRole('button', { name: '数字 0', exact: true }).boundingBox();
      const confirm = await page.getByRole('button', { name: '确定' }).boundingBox();
      const back = await page.getByRole('button', { name: '返回' }).boundingBox();
      expect(lastKey && confirm && back).toBeTruthy();
      if (!lastKey || !confirm || !back) return;
      expect(confirm.y - (lastKey.y + lastKey.height), 'keypad → confirm gap').toBeLessThan(200);
      expect(confirm.y + confirm.height, 'confirm above knee height').toBeLessThan(1600);
      expect(back.height).toBeGreaterThanOrEqual(confirm.height - 1);
      expect(back.width).toBeGreaterThanOrEqual(confirm.width * 0.9);
      expect(await overflowReport(page)).toEqual([]);
      await saveScreenshot(page, 'kiosk-keypad-portrait-reach-1080x1920');
      expect(errors).toEqual([]);
      await page.close();
    });
  });

  it('pages only when the services truly do not fit (12 in portrait)', async () => {
    await withServices(9, async (hub) => {
      const { page, errors } = await seniorKiosk(hub, PORTRAIT);
      const perPage = Number(await page.locator('.tiles').getAttribute('data-per-page'));
      expect(perPage).toBeGreaterThanOrEqual(6);
      expect(perPage).toBeLessThan(12);
      await expect.poll(() => page.locator('.tile').count()).toBe(perPage);
      await page.getByRole('button', { name: '下一页' }).click();
      await expect.poll(() => page.locator('.tile').count()).toBe(12 - perPage);
      expect(await overflowReport(page)).toEqual([]);
      await saveScreenshot(page, 'kiosk-senior-12-services-page-2-1080x1920');
      expect(errors).toEqual([]);
      await page.close();
    });
  });
});
