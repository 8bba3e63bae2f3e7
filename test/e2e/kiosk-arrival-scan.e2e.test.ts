/**
 * A remote visitor checks in at the lobby kiosk (1080×1920) by scanning the QR on their phone,
 * with either kind of scanner: one in keyboard mode ("wedge") types the code into the kiosk page,
 * which checks the visitor in itself; a serial scanner on the kiosk's bridge sends a `scan` event
 * the hub acts on and answers on the kiosk's screen. Either way the kiosk shows the ticket, the
 * ticket is confirmed, and an unknown code says so instead of becoming an identity.
 */
import { HubClient, topics } from '@callboard/hub/client';
import mqtt, { type MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumOrSkip, launchChromium, openPage, saveScreenshot } from '../support/browser';
import { startTestHub, type TestHub } from '../support/hub';

const chromiumPath = chromiumOrSkip();
const KIOSK = 'kiosk-1';
const KIOSK_TOKEN = 'demo-kiosk-1-token-0001';

describe.skipIf(!chromiumPath)('the kiosk checks a remote visitor in from the QR on their phone', () => {
  let hub: TestHub;
  let browser: Browser;
  let kiosk: Page;
  let errors: string[];
  let bridge: MqttClient;
  const visitor = () => new HubClient({ baseUrl: hub.baseUrl });
  const codeOf = (trackUrl: string) => `CBT1:${trackUrl.split('/t/')[1]}`;

  beforeAll(async () => {
    hub = await startTestHub({
      serveApps: true,
      patch: (cfg) => {
        cfg.backup = { enabled: false };
        cfg.rateLimit = { ticketsPerMinutePerClient: 1000 };
        cfg.visitors = { siteNetworks: ['127.0.0.0/8', '::1/128'], joinWithoutPhone: true, joinPerAddressPerHour: 50 };
        for (const s of cfg.services)
          if (s.id === 'B') s.remoteJoin = { enabled: true, dailyCap: 20, arrivalConfirmation: true, graceMin: 10 };
      },
    });
    browser = await launchChromium(chromiumPath as string);
    ({ page: kiosk, errors } = await openPage(browser, `${hub.baseUrl}/kiosk/?device=${KIOSK}#token=${KIOSK_TOKEN}`, {
      width: 1080,
      height: 1920,
    }));
    await kiosk.getByRole('button', { name: /社保医保/ }).waitFor({ timeout: 20_000 });
    bridge = mqtt.connect(`mqtt://127.0.0.1:${hub.mqttPort}`, {
      protocolVersion: 4,
      username: 'bridge-1',
      password: 'demo-bridge-1-token-0001',
    });
    await new Promise((resolve, reject) => bridge.once('connect', resolve).once('error', reject));
  }, 60_000);
  afterAll(async () => {
    bridge?.end(true);
    await browser?.close();
    await hub?.close();
  });

  /** A scanner in keyboard mode: the code as keystrokes a millisecond apart, then Enter (as a wedge types). */
  async function wedge(code: string) {
    await kiosk.evaluate((text) => {
      for (const key of [...text, 'Enter']) window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
    }, code);
  }
  async function backToWelcome() {
    await kiosk.goto(`${hub.baseUrl}/kiosk/?device=${KIOSK}`);
    await kiosk.getByRole('button', { name: /社保医保/ }).waitFor({ timeout: 20_000 });
  }

  it('a keyboard-wedge scanner: the kiosk checks the visitor in and shows the ticket', async () => {
    const remote = await visitor().join({ serviceId: 'B' });
    expect((await visitor().track(remote.trackUrl.split('/t/')[1] as string)).arrival?.confirmed).toBeFalsy();
    await wedge(codeOf(remote.trackUrl));
    await kiosk.getByTestId('ticket-number').waitFor({ timeout: 15_000 });
    expect((await kiosk.getByTestId('ticket-number').textContent())?.trim()).toBe(remote.number);
    const track = await visitor().track(remote.trackUrl.split('/t/')[1] as string);
    expect(track.arrival?.confirmed).toBe(true);
    await saveScreenshot(kiosk, 'kiosk-arrival-wedge-1080x1920');
  });

  it('a serial scanner on the kiosk’s bridge: the hub checks the visitor in and the kiosk shows the ticket', async () => {
    await backToWelcome();
    const remote = await visitor().join({ serviceId: 'B' });
    await bridge.publishAsync(
      topics.deviceEvents('demo', 'bridge-1'),
      JSON.stringify({
        v: 1,
        at: Date.now(),
        kioskId: KIOSK,
        type: 'scan',
        peripheral: 'scanner',
        code: codeOf(remote.trackUrl),
      }),
      { qos: 1 },
    );
    await kiosk.getByTestId('ticket-number').waitFor({ timeout: 15_000 });
    expect((await kiosk.getByTestId('ticket-number').textContent())?.trim()).toBe(remote.number);
    expect((await visitor().track(remote.trackUrl.split('/t/')[1] as string)).arrival?.confirmed).toBe(true);
  });

  it('an unknown check-in code is refused on the screen, never taken as an identity', async () => {
    await backToWelcome();
    const before = (await visitor().queue()).services.reduce((n, s) => n + s.waiting, 0);
    await wedge('CBT1:0123456789abcdef0123456789abcdef');
    await kiosk.getByText('未找到今天的这个号，请咨询工作人员').first().waitFor({ timeout: 15_000 });
    expect((await visitor().queue()).services.reduce((n, s) => n + s.waiting, 0)).toBe(before);
    await saveScreenshot(kiosk, 'kiosk-arrival-unknown-1080x1920');
    expect(errors).toEqual([]);
  });
});
