/**
 * Texts through an SMS modem, on real ports: the modem driver against the emulated modem over a
 * socat pty pair (PDUs decoded on the far side, Chinese included; faults: ERROR, +CMS ERROR,
 * silence, garbage); then the whole chain — a visitor asks on the tracking page to be told at
 * "3 ahead" and at the call, the hub's outbox hands the texts over real MQTT to a firmware-bridge
 * paired as an `sms-modem` device, whose driver types them into the emulated modem.
 */
import path from 'node:path';
import { Bridge } from '@callboard/firmware-bridge/bridge';
import type { BridgeConfig } from '@callboard/firmware-bridge/config';
import { SmsModemDriver } from '@callboard/firmware-bridge/drivers/sms-modem/driver';
import { openPtyPair, type PtyPair } from '@callboard/firmware-bridge/emulators/pty';
import { SmsModemEmulator } from '@callboard/firmware-bridge/emulators/sms-modem/emulator';
import { createLogger } from '@callboard/firmware-bridge/log';
import { HubClient } from '@callboard/hub/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub, tempDir } from '../support/hub';
import { toolOrSkip } from '../support/tools';

const socat = toolOrSkip('socat', 'socat');
const log = createLogger('sms-test');
const dir = tempDir('cb-sms-');
const PHONE = '13812345678';
const cleanup: (() => Promise<unknown> | unknown)[] = [];

async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await Promise.resolve(probe()).catch(() => undefined);
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function pair(name: string): Promise<PtyPair> {
  const p = await openPtyPair(path.join(dir, name), path.join(dir, `${name}.emu`), socat as string);
  cleanup.push(() => p.close());
  return p;
}

function started<T extends { start(): void; stop(): Promise<unknown> }>(x: T): T {
  x.start();
  cleanup.unshift(() => x.stop());
  return x;
}

describe.skipIf(!socat)('SMS modem driver ↔ emulated modem over a pty', () => {
  let driver: SmsModemDriver;
  let modem: SmsModemEmulator;

  beforeAll(async () => {
    const p = await pair('modem');
    modem = started(new SmsModemEmulator({ path: p.device, log }));
    driver = started(new SmsModemDriver({ path: p.host, log, commandTimeoutMs: 1500, sendTimeoutMs: 3000 }));
    await until('modem port open', () => driver.connected);
  });
  afterAll(async () => {
    for (const c of cleanup.splice(0)) await c();
  });
  afterEach(() => modem.setFaults({}));

  it('sends Chinese in UCS-2; the modem decodes the same text; the delivery report comes back', async () => {
    const text = 'A023号：前面还有3人，请回到候诊区';
    const delivered = new Promise<{ ref: number; delivered: boolean }>((resolve) => driver.once('delivery', resolve));
    const arrived = modem.next();
    const result = await driver.send(PHONE, text);
    expect(result.ok).toBe(true);
    expect(await arrived).toMatchObject({ to: PHONE, text, parts: 1 });
    const report = await delivered;
    expect(report.delivered).toBe(true);
    expect(result.ok && result.refs).toEqual([report.ref]);
  });

  it('splits a long text in concatenated parts that the phone joins again', async () => {
    const text = `【演示政务服务大厅】提醒：您预约了明天09:30的社保业务，请携带身份证原件。签到或取消：http://192.0.2.10:8080/kiosk/a/XYZ123 ${'谢谢'.repeat(10)}`;
    const arrived = modem.next();
    const result = await driver.send(`+86${PHONE}`, text);
    expect(result.ok && result.refs.length).toBe(2);
    expect(await arrived).toMatchObject({ to: `+86${PHONE}`, text, parts: 2 });
  });

  it('sends plain ASCII in GSM 7-bit', async () => {
    const arrived = modem.next();
    expect((await driver.send(PHONE, 'A023: 3 ahead of you, please come back. {Demo}')).ok).toBe(true);
    expect((await arrived).text).toBe('A023: 3 ahead of you, please come back. {Demo}');
  });

  it('retries a part the modem answered with ERROR once, after setting it up again', async () => {
    modem.setFaults({ error: 'ERROR', times: 1 });
    const arrived = modem.next();
    const result = await driver.send(PHONE, '测试重试');
    expect(result.ok).toBe(true);
    expect((await arrived).text).toBe('测试重试');
    expect(driver.stats.retries).toBeGreaterThanOrEqual(1);
  });

  it('reports +CMS ERROR with its code: network busy may go later, an unassigned number never', async () => {
    modem.setFaults({ error: 38 });
    expect(await driver.send(PHONE, '网络忙')).toEqual({ ok: false, reason: '+CMS ERROR: 38', permanent: false });
    modem.setFaults({ error: 1 });
    expect(await driver.send(PHONE, '空号')).toEqual({ ok: false, reason: '+CMS ERROR: 1', permanent: true });
  });

  it('reports a modem that does not answer, and works again once it does', async () => {
    modem.setFaults({ silent: true });
    const result = await driver.send(PHONE, '无应答');
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.permanent).toBe(false);
    modem.setFaults({});
    const arrived = modem.next();
    expect((await driver.send(PHONE, '恢复了')).ok).toBe(true);
    expect((await arrived).text).toBe('恢复了');
  });

  it('reads through garbage on the line', async () => {
    modem.setFaults({ garbage: true });
    const arrived = modem.next();
    expect((await driver.send(PHONE, '线路噪声')).ok).toBe(true);
    expect((await arrived).text).toBe('线路噪声');
  });
});

describe.skipIf(!socat)('texts at "3 ahead" and at the call reach the emulated modem through the hub and the bridge', () => {
  const MODEM_TOKEN = 'demo-sms-1-token-000000001';
  let hub: TestHub;
  let modem: SmsModemEmulator;
  let bridge: Bridge;

  beforeAll(async () => {
    hub = await startTestHub({
      patch: (raw) => {
        raw.backup = { enabled: false };
        raw.devices.push({ id: 'sms-1', kind: 'sms-modem', name: '短信猫', token: MODEM_TOKEN });
        raw.notifications = { transport: 'modem', modem: { deviceId: 'sms-1' }, retryFirstMs: 200, maxAttempts: 3 };
      },
    });
    const p = await pair('bridge-modem');
    modem = started(new SmsModemEmulator({ path: p.device, log }));
    const config: BridgeConfig = {
      deviceId: 'sms-1',
      token: MODEM_TOKEN,
      siteId: 'demo',
      hubUrl: hub.baseUrl,
      mqttUrl: `mqtt://127.0.0.1:${hub.mqttPort}`,
      peripherals: [{ id: 'modem', kind: 'sms-modem', port: p.host }],
      emulate: { dir, dataDir: dir, controlPort: 0, controlHost: '127.0.0.1' },
      source: 'test',
    };
    bridge = await Bridge.start(config, { log });
    await until(
      'bridge on the hub and modem port open',
      () => bridge.hub.connected && bridge.peripherals.get('modem')?.connected,
    );
  });
  afterAll(async () => {
    await bridge?.stop();
    for (const c of cleanup.splice(0)) await c();
    await hub?.close();
  });

  it('a visitor at 4 ahead asks for texts; at 3 ahead and at the call the modem sends them, decoded text compared', async () => {
    const kiosk = new HubClient({ baseUrl: hub.baseUrl, deviceToken: 'demo-kiosk-1-token-0001' });
    const clerk = new HubClient({ baseUrl: hub.baseUrl });
    await clerk.login('clerk1', 'callboard-demo');
    const tickets = [];
    for (let i = 0; i < 5; i++) tickets.push(await kiosk.issueTicket({ serviceId: 'A' }));
    const mine = tickets[4] as (typeof tickets)[number];
    const token = mine.trackUrl.split('/t/')[1] as string;
    const visitor = new HubClient({ baseUrl: hub.baseUrl });
    const settings = await visitor.setNotify(token, { phone: PHONE, aheadAt: 3, onCall: true, lang: 'zh' });
    expect(settings).toMatchObject({ phoneMasked: '138****5678', aheadAt: 3, onCall: true, smsAvailable: true });
    expect(JSON.stringify(settings)).not.toContain(PHONE);

    const ahead = modem.next();
    await clerk.callNext('1');
    expect(await ahead).toMatchObject({ to: PHONE, text: `${mine.number}号：前面还有3人，请回到候诊区。【演示政务服务大厅】` });

    // Fires once: more calls bring the ticket closer, but no second "ahead" text.
    await clerk.callNext('1');
    await clerk.callNext('1');
    await clerk.callNext('1');
    const called = modem.next();
    await clerk.callNext('1');
    expect(await called).toMatchObject({ to: PHONE, text: `${mine.number}号：请到1号窗口办理。【演示政务服务大厅】` });
    expect(modem.received).toHaveLength(2);
    expect((await visitor.notifySettings(token)).sent).toEqual({ ahead: true, called: true });

    // The hub hears the outcome and the delivery report; the clerk sees the phone masked.
    const supervisor = new HubClient({ baseUrl: hub.baseUrl });
    await supervisor.login('supervisor', 'callboard-demo');
    const outbox = await until('both texts delivered', async () => {
      const o = await supervisor.request<{ messages: { state: string; toMasked: string }[] }>('GET', '/notifications/outbox');
      return o.messages.filter((m) => m.state === 'delivered').length === 2 ? o : undefined;
    });
    expect(outbox.messages.every((m) => m.toMasked === '138****5678')).toBe(true);
    expect((await clerk.request<{ phoneMasked: string }>('GET', `/tickets/${mine.id}/notify`)).phoneMasked).toBe('138****5678');
  });

  it('a modem that keeps refusing: bounded retries, then the supervisor sees the alert', async () => {
    modem.setFaults({ error: 38 });
    const kiosk = new HubClient({ baseUrl: hub.baseUrl, deviceToken: 'demo-kiosk-1-token-0001' });
    const t = await kiosk.issueTicket({ serviceId: 'A' });
    const token = t.trackUrl.split('/t/')[1] as string;
    // Nobody else waits: "3 ahead" is due at once.
    await new HubClient({ baseUrl: hub.baseUrl }).setNotify(token, { phone: PHONE, aheadAt: 3, lang: 'en' });
    const supervisor = new HubClient({ baseUrl: hub.baseUrl });
    await supervisor.login('supervisor', 'callboard-demo');
    const alert = await until('sms_failed on the floor view', async () =>
      (await supervisor.floor()).alerts.find((a) => a.kind === 'sms_failed'),
    );
    expect(alert).toMatchObject({ subject: 'ahead' });
    const failed = (
      await supervisor.request<{ messages: { state: string; attempts: number; lastError?: string }[] }>(
        'GET',
        '/notifications/outbox',
      )
    ).messages.find((m) => m.state === 'failed');
    expect(failed).toMatchObject({ attempts: 3, lastError: '+CMS ERROR: 38' });
    modem.setFaults({});
  });
});
