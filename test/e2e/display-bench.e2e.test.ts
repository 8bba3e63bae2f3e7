/**
 * Two figures of the waiting-room board in real Chromium against a real hub:
 *  - latency from the call-next API response to the board's DOM showing the number, over 200
 *    calls (printed as p50/p99; a benchmark figure, not a timed assertion: it includes the
 *    hub's board coalescing of ≥ 100 ms between snapshots);
 *  - memory: 5,000 calls replayed fast through the hub's broker (a call message and a board
 *    snapshot each, as the hub publishes them) → the JS heap after a forced GC stays within
 *    10% of its value after the first 500.
 * The board runs as on site: default configuration, voice on, autoplay allowed.
 */
import { type BoardCall, type BoardSnapshot, type CallMessage, HubClient, topics } from '@callboard/hub/client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTOPLAY_ARG, chromiumOrSkip, EXPOSE_GC_ARG, launchChromium, openPage } from '../support/browser';
import { startTestHub, type TestHub } from '../support/hub';

const chromiumPath = chromiumOrSkip();

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** Records when the board's current number changes to each value (in the page's clock = this machine's). */
async function watchCurrentNumber(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: Record<string, number> = {};
    (window as any).seenAt = seen;
    const record = () => {
      const n = document.querySelector('[data-testid="current-number"]')?.textContent?.trim();
      if (n && seen[n] === undefined) seen[n] = Date.now();
    };
    new MutationObserver(record).observe(document.body, { childList: true, characterData: true, subtree: true });
    record();
  });
}

async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  for (let i = 0; i < 3; i++) {
    await page.evaluate(() => (window as any).gc());
    await cdp.send('HeapProfiler.collectGarbage');
  }
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize;
}

describe.skipIf(!chromiumPath)('board figures in Chromium', () => {
  let hub: TestHub;
  let browser: Browser;

  beforeAll(async () => {
    hub = await startTestHub({ serveApps: true, patch: (raw) => (raw.rateLimit = { ticketsPerMinutePerClient: 100_000 }) });
    browser = await launchChromium(chromiumPath as string, [AUTOPLAY_ARG, EXPOSE_GC_ARG]);
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('measures call-API-response → DOM latency over 200 calls (p50/p99 printed)', async () => {
    const anon = new HubClient({ baseUrl: hub.baseUrl });
    for (let i = 0; i < 200; i += 20) {
      await Promise.all(Array.from({ length: 20 }, () => anon.issueTicket({ serviceId: 'A' })));
    }
    const clerk = new HubClient({ baseUrl: hub.baseUrl });
    await clerk.login('clerk1', 'callboard-demo');
    await clerk.openCounter('1');

    const { page, errors } = await openPage(browser, `${hub.baseUrl}/display/?layout=current`); // the current-call layout keeps the recent list
    await page.getByTestId('recent-calls').waitFor({ state: 'attached', timeout: 10_000 });
    await watchCurrentNumber(page);

    const latencies: number[] = [];
    for (let i = 0; i < 200; i++) {
      const ticket = await clerk.callNext('1');
      const respondedAt = Date.now();
      const handle = await page.waitForFunction((n) => (window as any).seenAt[n] as number | undefined, ticket.number, {
        timeout: 5000,
        polling: 'raf',
      });
      latencies.push(((await handle.jsonValue()) as number) - respondedAt);
      await handle.dispose();
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    console.log(
      `board latency, call-next response → DOM, ${latencies.length} calls: p50 ${percentile(sorted, 50)} ms, p99 ${percentile(sorted, 99)} ms, max ${sorted.at(-1)} ms`,
    );
    expect(latencies).toHaveLength(200);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps the JS heap flat over 5,000 calls replayed fast (within 10% of the value after 500)', async () => {
    const { page, errors } = await openPage(browser, `${hub.baseUrl}/display/?layout=current`); // the current-call layout keeps the recent list
    await page.getByTestId('recent-calls').waitFor({ state: 'attached', timeout: 10_000 });
    await watchCurrentNumber(page);

    const siteId = hub.config.site.id;
    const base = hub.queue.board();
    const counters = [...hub.queue.counters.keys()];
    let calls: BoardCall[] = base.calls;
    const replay = async (from: number, to: number): Promise<string> => {
      let number = '';
      for (let i = from; i < to; i++) {
        number = `A${String(i + 1).padStart(4, '0')}`;
        const counterId = counters[i % counters.length] as string;
        const counterName = { zh: `${counterId}号窗口`, en: `Counter ${counterId}` };
        const at = Date.now();
        const call: CallMessage = {
          v: 1,
          ticketId: `replay-${i}`,
          number,
          serviceId: 'A',
          counterId,
          counterName,
          recall: false,
          recallCount: 0,
          at,
        };
        calls = [{ number, serviceId: 'A', counterId, counterName, recall: false, at }, ...calls].slice(0, 8);
        const board: BoardSnapshot = {
          ...base,
          at,
          calls,
          // The counter holds the ticket it just called, as the hub's snapshot says (the board shows
          // only calls still current at their counter).
          ...(base.counters
            ? {
                counters: base.counters.map((c) =>
                  c.id === counterId
                    ? {
                        ...c,
                        state: 'open' as const,
                        current: { number, serviceId: 'A', status: 'called' as const, calledAt: at, recall: false },
                      }
                    : c,
                ),
              }
            : {}),
          services: base.services.map((s) => ({ ...s, waiting: 5000 - i, estimatedWaitSec: (5000 - i) * 30 })),
        };
        await hub.bus.publish(topics.calls(siteId), call, { qos: 1, retain: false });
        await hub.bus.publish(topics.board(siteId), board, { qos: 1, retain: true });
      }
      return number;
    };
    const shown = (n: string) =>
      page.waitForFunction((x) => (window as any).seenAt[x] !== undefined, n, { timeout: 60_000, polling: 100 });

    const started = Date.now();
    await shown(await replay(0, 500));
    const after500 = await heapAfterGc(page);
    await shown(await replay(500, 5000));
    const after5000 = await heapAfterGc(page);
    const growth = (after5000 - after500) / after500;
    console.log(
      `board JS heap after GC: ${(after500 / 1e6).toFixed(2)} MB after 500 calls, ${(after5000 / 1e6).toFixed(2)} MB after 5,000 ` +
        `(${(growth * 100).toFixed(1)}%); replay took ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    // The board is still live and right at the end.
    expect(await page.getByTestId('current-number').textContent()).toBe('A5000');
    expect(growth).toBeLessThan(0.1);
    expect(errors).toEqual([]);
    await page.close();
  });
});
