/**
 * Config templates in real Chromium, through Debian's Mosquitto bridges (docs/mosquitto): head
 * office's admin writes a template on the templates page, assigns it to both sites and sees each
 * site's applied version and overrides; a site's admin sees, on the set-up page's "from head office"
 * section, the field the site overrides (template value, local value) and sets it back to the
 * template. Screenshots at a counter PC's 1366×768, in Chinese and English.
 */
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { HubClient } from '@callboard/hub/client';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumOrSkip, launchChromium, openPage, saveScreenshot } from '../support/browser';
import { CentralNetwork, mosquittoBin } from '../support/central-network';
import { assertAppsBuilt, tempDir } from '../support/hub';
import { toolOrSkip } from '../support/tools';

const chromiumPath = chromiumOrSkip();
const ready =
  Boolean(chromiumPath) &&
  Boolean(mosquittoBin() ?? toolOrSkip('mosquitto', 'mosquitto', ['/usr/sbin/mosquitto'])) &&
  Boolean(toolOrSkip('openssl', 'openssl'));
const SITES = ['hall-north', 'hall-south'];
const CONTENT = {
  services: [{ id: 'A', prefix: 'A', name: { zh: '综合业务（总部标准）', en: 'General services' }, targetWaitMin: 12 }],
  queue: { boardHistory: 6 },
};

describe.skipIf(!ready)('config templates in Chromium', () => {
  let net: CentralNetwork;
  let browser: Browser;

  beforeAll(async () => {
    assertAppsBuilt(['staff']);
    const keys = tempDir('cb-template-keys-');
    const pair = generateKeyPairSync('ed25519');
    writeFileSync(path.join(keys, 'template.key'), pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(path.join(keys, 'template.pub'), pair.publicKey.export({ type: 'spki', format: 'pem' }));
    net = await CentralNetwork.start({
      sites: SITES,
      heartbeatSec: 1,
      resendSec: 1,
      serveApps: true,
      siteHub: () => ({
        serveApps: true,
        patch: (raw) => {
          raw.uplink.templatePublicKey = path.join(keys, 'template.pub');
        },
      }),
      centralPatch: (raw) => {
        raw.central.templateKey = path.join(keys, 'template.key');
      },
    });
    browser = await launchChromium(chromiumPath as string);
  });
  afterAll(async () => {
    await browser?.close();
    await net?.close();
  });

  async function signIn(baseUrl: string) {
    const { page, errors } = await openPage(browser, `${baseUrl}/staff/login`, { width: 1366, height: 768 });
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill('callboard-admin');
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/staff\/counters$/);
    return { page, errors };
  }

  it('head office writes and assigns a template; a site shows its override and sets it back', async () => {
    const { page, errors } = await signIn(net.central?.baseUrl as string);
    await page.getByRole('link', { name: '总部', exact: true }).click();
    await page.getByRole('link', { name: '配置模板' }).click();
    await page.waitForURL(/\/staff\/central\/templates$/);
    await page.getByLabel('模板名称').fill('bank-standard');
    await page.getByLabel(/^内容/).fill(JSON.stringify(CONTENT, null, 2));
    await expect.poll(() => page.locator('label.site').count(), { timeout: 20_000 }).toBe(2);
    for (const id of SITES) await page.getByRole('checkbox', { name: id }).check();
    await page.getByRole('button', { name: /保存并下发/ }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('bank-standard 第 1 版');
    const applied = (id: string, field: string) =>
      page.locator(`table[data-testid="applied"] tr[data-site="${id}"] td[data-field="${field}"]`).textContent();
    for (const id of SITES) await expect.poll(() => applied(id, 'version'), { timeout: 20_000 }).toBe('1');

    // The north hall overrides the target wait on its own.
    const north = new HubClient({ baseUrl: net.site('hall-north').hub.baseUrl });
    await north.login('admin', 'callboard-admin');
    const state = await north.adminSetup();
    const edited = structuredClone(state.setup);
    (edited.services[0] as { targetWaitMin: number }).targetWaitMin = 25;
    await north.saveSetup(edited, state.version);
    await expect.poll(() => applied('hall-north', 'overrides'), { timeout: 20_000 }).toBe('1');
    await saveScreenshot(page, 'central-templates-zh');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Head office: config templates');
    await saveScreenshot(page, 'central-templates-en');
    expect(errors).toEqual([]);

    const site = await signIn(net.site('hall-north').hub.baseUrl);
    await site.page.getByRole('link', { name: '业务配置', exact: true }).click();
    await site.page.waitForURL(/\/staff\/setup$/);
    const section = site.page.getByTestId('from-head-office');
    await expect.poll(() => section.textContent(), { timeout: 10_000 }).toContain('bank-standard');
    const row = section.locator('tr[data-field="services.A.targetWaitMin"]');
    expect(await row.locator('td').nth(1).textContent()).toBe('12');
    expect(await row.locator('td').nth(2).textContent()).toBe('25');
    await saveScreenshot(site.page, 'site-from-head-office-zh');
    await site.page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => section.textContent()).toContain('From head office');
    await saveScreenshot(site.page, 'site-from-head-office-en');
    await row.getByRole('button', { name: 'Set default' }).click();
    await expect.poll(() => section.locator('tr[data-field]').count()).toBe(0);
    expect(await section.textContent()).toContain('This site matches the template in every field');
    expect((await north.adminSetup()).setup.services[0]).toMatchObject({ targetWaitMin: 12 });
    // The set-up form below shows the template's value again.
    await expect.poll(() => site.page.locator('input[type="number"]').first().inputValue()).toBe('12');
    expect(site.errors).toEqual([]);
  });
});
