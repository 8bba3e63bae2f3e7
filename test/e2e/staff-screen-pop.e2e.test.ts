/**
 * The screen-pop at the clerk's desk (1366×768, Chromium, real hub, AMI emulator): clerk1 gives
 * extension 201 at the desk; the PBX rings 201 with a caller who came twice before (one visit
 * needing follow-up) → within a second the console shows the caller's masked number, the two
 * visits and the repeat-contact badge; never the number in clear.
 */
import { HubClient } from '@callboard/hub/client';
import { describe, expect, it } from 'vitest';
import { AmiEmulator, callEvents } from '../../hub/src/phone/ami/emulator';
import { chromiumOrSkip, saveScreenshot } from '../support/browser';
import { hubAndChromium, signIn } from '../support/staff-browser';

const chromiumPath = chromiumOrSkip();
const PHONE = '13812345678';
const ACCOUNT = { username: 'callboard', secret: 'ami-secret-123' };
const pbx = new AmiEmulator(ACCOUNT);
const pbxPort = await pbx.listen();

describe.skipIf(!chromiumPath)('the screen-pop at the clerk’s desk in Chromium', () => {
  const env = hubAndChromium(chromiumPath as string, {
    patch: (cfg) => {
      cfg.phone = { ...cfg.phone, ami: { host: '127.0.0.1', port: pbxPort, ...ACCOUNT } };
    },
  });

  it('rings at extension 201 → the caller masked with two earlier visits within a second', async () => {
    const { hub } = env;
    const supervisor = new HubClient({ baseUrl: hub.baseUrl });
    await supervisor.login('supervisor', 'callboard-demo');
    await supervisor.openCounter('1');
    for (const outcome of ['resolved', 'follow_up']) {
      const t = await supervisor.issueTicket({ serviceId: 'A', identity: { kind: 'phone', value: PHONE } });
      await supervisor.callNext('1');
      await supervisor.start(t.id);
      await supervisor.finish(t.id, { outcome });
    }
    await supervisor.closeCounter('1');
    await expect.poll(() => pbx.connected, { timeout: 10_000 }).toBe(1);

    const { page, errors } = await signIn(env, 'clerk1', 'callboard-demo');
    await page.getByRole('link', { name: /2号窗口/ }).click();
    await page.waitForURL(/\/staff\/counters\/2$/);
    await page.getByTestId('extension').fill('201');
    await page.getByRole('button', { name: '设置' }).click();
    await expect.poll(async () => (await hub.app.screenPops.extensionOf(await clerkId(hub.baseUrl))) ?? '').toBe('201');
    await new Promise((r) => setTimeout(r, 300)); // the console's long poll is waiting

    const call = callEvents({ id: '1733389200.31', caller: PHONE, extension: '201' }, 'answered');
    const pop = page.getByTestId('call-pop');
    const rang = Date.now();
    pbx.send(call.ring);
    await pop.waitFor({ state: 'visible', timeout: 5000 });
    const latencyMs = Date.now() - rang;
    console.log(`screen-pop in the console after ${latencyMs} ms`);
    expect(latencyMs).toBeLessThan(1000);
    const text = (await pop.textContent()) ?? '';
    expect(text).toContain('来电 138****5678');
    expect(text).toContain('近 30 天来访 2 次');
    expect(text).toContain('待跟进 1');
    expect(text).toContain('重复来访');
    expect(await page.locator('body').innerText()).not.toContain(PHONE);
    const box = await pop.boundingBox();
    expect(box && box.y + box.height, 'the pop above the fold at 1366×768').toBeLessThanOrEqual(768);
    await saveScreenshot(page, 'staff-screen-pop-1366x768');
    pbx.send([...call.answer, ...call.end]);
    await expect.poll(() => pop.count(), { timeout: 5000 }).toBe(0);
    expect(errors).toEqual([]);
    await pbx.close();
  });
});

async function clerkId(baseUrl: string): Promise<string> {
  const c = new HubClient({ baseUrl });
  await c.login('clerk1', 'callboard-demo');
  return (await c.me()).staff.id;
}
