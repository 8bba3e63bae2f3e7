/**
 * Real Chromium for end-to-end tests (Debian's `chromium`, driven by playwright-core). Outside CI
 * a machine without it skips the browser tests with a message; in CI (CI=1) it is a failure.
 * Screenshots go to `test/artifacts/` (git-ignored; CI keeps them as artifacts).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { REPO } from './hub';
import { toolOrSkip } from './tools';

/** Flags that make Chromium quiet and predictable on a headless 2-core CI box (see STACK.md). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** What a waiting-room screen runs with: sound without a tap (see docs/display.md). */
export const AUTOPLAY_ARG = '--autoplay-policy=no-user-gesture-required';
/** `window.gc()` for the memory test. */
export const EXPOSE_GC_ARG = '--js-flags=--expose-gc';

export const ARTIFACTS = path.join(REPO, 'test/artifacts');

/** The Chromium binary, or null (after printing why) when this machine has none. */
export function chromiumOrSkip(): string | null {
  return toolOrSkip('chromium', 'chromium', ['/usr/bin/chromium']);
}

export async function launchChromium(executablePath: string, extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath, args: [...CHROMIUM_ARGS, ...extraArgs], headless: true });
}

/** A page with its uncaught errors recorded (a test asserts there were none). */
export async function openPage(
  browser: Browser,
  url: string,
  viewport: { width: number; height: number } = { width: 1920, height: 1080 },
): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  await page.goto(url);
  return { page, context, errors };
}

/** Saves a full-viewport PNG as `test/artifacts/<name>.png` and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/**
 * What sticks out of the viewport or gets cut off: the document wider/taller than the window,
 * or any element with `data-fit` whose content is larger than its box (clipped by overflow).
 */
export async function overflowReport(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth) problems.push(`document scrollWidth ${doc.scrollWidth} > ${window.innerWidth}`);
    if (doc.scrollHeight > window.innerHeight) problems.push(`document scrollHeight ${doc.scrollHeight} > ${window.innerHeight}`);
    for (const el of document.querySelectorAll<HTMLElement>('[data-fit]')) {
      const name = el.dataset.fit || el.className;
      if (el.scrollWidth > el.clientWidth + 1) problems.push(`${name}: scrollWidth ${el.scrollWidth} > ${el.clientWidth}`);
      if (el.scrollHeight > el.clientHeight + 1) problems.push(`${name}: scrollHeight ${el.scrollHeight} > ${el.clientHeight}`);
      const r = el.getBoundingClientRect();
      if (r.right > window.innerWidth + 1 || r.bottom > window.innerHeight + 1) {
        problems.push(`${name}: box ends at ${Math.round(r.right)}×${Math.round(r.bottom)}, outside the window`);
      }
    }
    return problems;
  });
}
