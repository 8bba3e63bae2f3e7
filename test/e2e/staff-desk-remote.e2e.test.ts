/**
 * The clerk's desk at 1366×768: a ticket taken from a phone whose visitor has not checked in yet
 * is marked "未到场 / not arrived yet" in the waiting list (it keeps its place, but is passed
 * over until then); the mark goes once the visitor says "I'm here".
 */
import { HubClient } from '@callboard/hub/client';
import { describe, expect, it } from 'vitest';
import { chromiumOrSkip, saveScreenshot } from '../support/browser';
import { hubAndChromium, signIn } from '../support/staff-browser';

const chromiumPath = chromiumOrSkip();

describe.skipIf(!chromiumPath)('the clerk’s waiting list marks remote visitors not arrived yet', () => {
  const env = hubAndChromium(chromiumPath as string, {
    patch: (raw) => {
      raw.rateLimit = { ticketsPerMinutePerClient: 10_000 };
      raw.visitors = { siteNetworks: ['127.0.0.0/8', '::1/128'], joinWithoutPhone: true, joinPerAddressPerHour: 50 };
      for (const s of raw.services)
        if (s.id === 'A') s.remoteJoin = { enabled: true, dailyCap: 20, arrivalConfirmation: true, graceMin: 10 };
    },
  });

  it('未到场 beside the remote ticket until the visitor checks in', async () => {
    const { hub } = env;
    const visitor = new HubClient({ baseUrl: hub.baseUrl });
    const walkIn = await visitor.issueTicket({ serviceId: 'A' });
    const remote = await visitor.join({ serviceId: 'A' });
    const { page, errors } = await signIn(env, 'clerk1', 'callboard-demo');
    await page.getByRole('link', { name: /2号窗口/ }).click();
    await page.waitForURL(/\/staff\/counters\/2$/);
    const row = (n: string) => page.locator(`ol.waiting li[data-number="${n}"]`);
    await row(remote.number).waitFor({ timeout: 15_000 });
    await expect.poll(() => row(remote.number).getByTestId('not-arrived').textContent()).toBe('未到场');
    expect(await row(walkIn.number).getByTestId('not-arrived').count()).toBe(0);
    await saveScreenshot(page, 'staff-desk-not-arrived-1366x768');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => row(remote.number).getByTestId('not-arrived').textContent()).toBe('not arrived yet');

    await visitor.imHere(remote.trackUrl.split('/t/')[1] as string);
    await page.reload();
    await row(remote.number).waitFor({ timeout: 15_000 });
    await expect.poll(() => row(remote.number).getByTestId('not-arrived').count(), { timeout: 15_000 }).toBe(0);
    expect(errors).toEqual([]);
  });
});
