/**
 * The staff console's end-to-end tests: a hub serving the built apps and one Chromium for the
 * whole file (started and closed with it), and signing in through the login page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium, openPage } from './browser';
import { startTestHub, type TestHub, type TestHubOptions } from './hub';

export interface HubAndBrowser {
  readonly hub: TestHub;
  readonly browser: Browser;
}

/** Starts both before the file's tests and closes them after; read them inside tests only. */
export function hubAndChromium(chromiumPath: string, options: TestHubOptions = {}): HubAndBrowser {
  let hub: TestHub | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    hub = await startTestHub({ serveApps: true, ...options });
    browser = await launchChromium(chromiumPath);
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} not started (use it inside a test)`);
    return value;
  };
  return {
    get hub() {
      return ready(hub, 'hub');
    },
    get browser() {
      return ready(browser, 'Chromium');
    },
  };
}

/** Opens the login page at a counter PC's size and signs in (Chinese UI); resolves on the counter chooser. */
export async function signIn(env: HubAndBrowser, username: string, password: string): Promise<{ page: Page; errors: string[] }> {
  const opened = await openPage(env.browser, `${env.hub.baseUrl}/staff/login`, { width: 1366, height: 768 });
  await opened.page.getByLabel('用户名').fill(username);
  await opened.page.getByLabel('密码').fill(password);
  await opened.page.getByRole('button', { name: '登录' }).click();
  await opened.page.waitForURL(/\/staff\/counters$/);
  return opened;
}
