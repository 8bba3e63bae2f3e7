/**
 * The supervisor's pairing list in Chromium with many pending requests: all of them are shown
 * (no Svelte `state_unsafe_mutation`, which used to leave the list empty), one is approved from
 * the page, and the rest are cleared with one button. The apps run under the hub's
 * Content-Security-Policy, so a policy that broke them would show here too.
 */
import { describe, expect, it } from 'vitest';
import { chromiumOrSkip } from '../support/browser';
import { hubAndChromium, signIn } from '../support/staff-browser';

const chromiumPath = chromiumOrSkip();
const PENDING = 50;

describe.skipIf(!chromiumPath)('pairing requests on the floor view', () => {
  const env = hubAndChromium(chromiumPath as string);

  it(`shows ${PENDING} pending requests, approves one from the page, clears the rest`, async () => {
    const { hub } = env;
    const codes = new Map<string, string>();
    // Screens asking from as many addresses (one each, as real screens would).
    for (let i = 0; i < PENDING; i++) {
      const res = await hub.app.inject({
        method: 'POST',
        url: '/api/v1/devices/pairing',
        remoteAddress: `10.20.${Math.floor(i / 200)}.${(i % 200) + 1}`,
        payload: { kind: 'display', name: `screen-${i}` },
      });
      expect(res.statusCode).toBe(201);
      codes.set(`screen-${i}`, res.json().code);
    }
    const { page, errors } = await signIn(env, 'supervisor', 'callboard-demo');
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(`${hub.baseUrl}/staff/floor`);
    const forms = page.locator('form.pair');
    await expect.poll(() => forms.count(), { timeout: 10_000 }).toBe(PENDING);
    const csp = (await page.request.get(`${hub.baseUrl}/staff/floor`)).headers()['content-security-policy'];
    expect(csp).toMatch(/script-src 'self' 'sha256-/);

    const first = forms.filter({ hasText: 'screen-7 ' }).first();
    await first.getByLabel('配对码').fill(codes.get('screen-7') as string);
    await first.getByLabel('设备编号').fill('board-7');
    await first.getByLabel('设备名称').fill('等候区 7');
    await first.getByRole('button', { name: '批准' }).click();
    await expect.poll(() => forms.count(), { timeout: 10_000 }).toBe(PENDING - 1);
    const devices = await hub.app.inject({ url: '/api/v1/admin/devices', headers: { cookie: await adminCookie() } });
    expect(devices.json().devices.map((d: { id: string }) => d.id)).toContain('board-7');

    await page.getByRole('button', { name: '清除全部请求' }).click();
    await expect.poll(() => forms.count(), { timeout: 10_000 }).toBe(0);
    expect(errors).toEqual([]);
    expect(consoleErrors.filter((e) => /state_unsafe_mutation/.test(e))).toEqual([]);
  });

  async function adminCookie(): Promise<string> {
    const res = await env.hub.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'callboard-admin' },
    });
    return String(res.headers['set-cookie']).split(';')[0] as string;
  }
});
