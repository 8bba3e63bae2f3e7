/**
 * Contract tests: every driver against its emulator through a real socat pty pair (the real
 * serial stack, both ends), then `callboard-bridge --emulate` as a newcomer runs it: the bridge
 * creates its own ptys and emulators, the HTTP control API places a card, and a counter call
 * on the hub reaches the emulated LED screen.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { IdCardDriver } from '@callboard/firmware-bridge/drivers/idcard-sam/driver';
import type { IdCard } from '@callboard/firmware-bridge/drivers/idcard-sam/text-block';
import { LedCounterDriver } from '@callboard/firmware-bridge/drivers/led-counter/driver';
import { PrinterDriver } from '@callboard/firmware-bridge/drivers/printer-escpos/driver';
import { RatingPadDriver } from '@callboard/firmware-bridge/drivers/rating-pad/driver';
import { ScannerDriver } from '@callboard/firmware-bridge/drivers/scanner/driver';
import { IdCardEmulator } from '@callboard/firmware-bridge/emulators/idcard-sam/emulator';
import { LedCounterEmulator } from '@callboard/firmware-bridge/emulators/led-counter/emulator';
import { PrinterEmulator } from '@callboard/firmware-bridge/emulators/printer-escpos/emulator';
import { openPtyPair, type PtyPair } from '@callboard/firmware-bridge/emulators/pty';
import { RatingPadEmulator } from '@callboard/firmware-bridge/emulators/rating-pad/emulator';
import { ScannerEmulator } from '@callboard/firmware-bridge/emulators/scanner/emulator';
import { createLogger } from '@callboard/firmware-bridge/log';
import { type DeviceView, HubClient, type KioskMessage } from '@callboard/hub/client';
import mqtt from 'mqtt';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type Hub, REPO, startTestHub, tempDir } from '../support/hub';
import { toolOrSkip } from '../support/tools';

const socat = toolOrSkip('socat', 'socat');
const log = createLogger('contract');
const dir = tempDir('cb-contract-');
const cleanup: (() => Promise<unknown> | unknown)[] = [];

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  ms = 8000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await Promise.resolve(probe()).catch(() => undefined);
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 40));
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

afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

describe.skipIf(!socat)('each driver against its emulator over a pty', () => {
  it('ID card reader: every card kind, the refused ones, and a card left on the reader once', async () => {
    const p = await pair('reader');
    const emu = started(new IdCardEmulator({ path: p.device, log }));
    const drv = started(new IdCardDriver({ path: p.host, log, pollMs: 80, bounceMs: 300 }));
    const cards: IdCard[] = [];
    const errors: string[] = [];
    drv.on('card', (c) => cards.push(c));
    drv.on('card-error', (e) => errors.push(e.code));
    await until('reader open', () => drv.connected);
    for (const label of ['zhang-san', 'chan-tai-man', 'john-smith', 'anna-muller']) {
      emu.place(label);
      await until(
        label,
        () => cards.length > 0 && cards.at(-1)?.idNumber === emu.cards.find((c) => c.label === label)?.card.idNumber,
      );
      emu.lift();
      await new Promise((r) => setTimeout(r, 400));
    }
    expect(cards.map((c) => c.kind)).toEqual(['resident', 'hmt-permit', 'foreign-old', 'foreign-2023']);
    for (const label of ['bad-check-digit', 'unknown-marker']) {
      emu.place(label);
      await until(`${label} refused`, () => errors.length > 0 && errors.length === (label === 'bad-check-digit' ? 1 : 2));
      emu.lift();
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(errors).toEqual(['invalid_id', 'unknown_kind']);
    // Left on the reader for 1.5 s of 80 ms polls: reported once.
    emu.place('li-si');
    await new Promise((r) => setTimeout(r, 1500));
    expect(cards.filter((c) => c.name === '李四')).toHaveLength(1);
    expect(drv.stats.suppressed).toBeGreaterThan(5);
  });

  it('scanner: AIM prefix and terminator, and the inter-byte timeout when no terminator comes', async () => {
    const p = await pair('scanner');
    const emu = started(new ScannerEmulator({ path: p.device, log, terminator: 'none', aimPrefix: true, encoding: 'utf8' }));
    const drv = started(
      new ScannerDriver({ path: p.host, log, terminator: 'CRLF', aimPrefix: true, encoding: 'utf8', interByteMs: 60 }),
    );
    const codes: { code: string; symbology?: string }[] = [];
    drv.on('scan', (s) => codes.push(s));
    await until('ports open', () => drv.connected && emu.link.isOpen);
    await emu.scan('APPT-20251125-0042');
    await until('code by timeout', () => codes.length === 1);
    expect(codes[0]).toEqual({ code: 'APPT-20251125-0042', symbology: ']Q1' });
  });

  it('printer: prints a job, reports cover open and paper end, refuses to print then', async () => {
    const p = await pair('printer');
    const emu = started(new PrinterEmulator({ path: p.device, dataDir: path.join(dir, 'tickets'), log }));
    const drv = started(new PrinterDriver({ target: { serial: p.host }, log, pollMs: 100 }));
    await until('printer ok', () => drv.state.condition === 'ok');
    const job = { cut: 'partial' as const, blocks: [{ t: 'text' as const, text: '证件办理 C007' }] };
    expect(await drv.print('j1', job)).toEqual({ ok: true });
    const t = await until('ticket', () => emu.tickets[0]);
    expect(t.text).toContain('证件办理 C007');
    expect(t.cut).toBe('partial');
    emu.setCover(true);
    await until('cover open', () => drv.state.condition === 'cover_open');
    expect(await drv.print('j2', job)).toEqual({ ok: false, reason: 'printer cover open' });
    emu.setCover(false);
    emu.setPaper('end');
    await until('paper end', () => drv.state.condition === 'paper_end');
    await p.close();
    await until('offline when the port goes', () => drv.state.condition === 'offline');
  });

  it('rating pad and LED screen: ratings and keys in, prompts and text out', async () => {
    const pp = await pair('pad');
    const pad = started(new RatingPadEmulator({ path: pp.device, log }));
    const padDrv = started(new RatingPadDriver({ path: pp.host, log }));
    const got: string[] = [];
    padDrv.on('rating', (s) => got.push(`rating ${s}`));
    padDrv.on('button', (b) => got.push(`button ${b}`));
    await until('pad open', () => padDrv.connected && pad.link.isOpen);
    await pad.rate(4);
    await pad.press('call');
    await until('pad events', () => got.length === 2);
    expect(got).toEqual(['rating 4', 'button call']);
    await padDrv.send({ t: 'ask', ticket: 'A023' });
    await until('pad prompt', () => pad.lastCommand?.t === 'ask');

    const lp = await pair('led');
    const led = started(new LedCounterEmulator({ path: lp.device, log }));
    const ledDrv = started(new LedCounterDriver({ path: lp.host, log }));
    await until('led open', () => ledDrv.connected && led.link.isOpen);
    await ledDrv.show('请 A023 号到3号窗口'); // resolves on the screen's OK
    expect(led.text).toBe('请 A023 号到3号窗口');
  });
});

describe.skipIf(!socat)('callboard-bridge --emulate', () => {
  let hub: Hub & { baseUrl: string };
  let bridge: ChildProcess;
  let out = '';

  afterAll(async () => {
    if (bridge && bridge.exitCode === null) {
      const exited = new Promise((r) => bridge.once('exit', r));
      bridge.kill('SIGTERM');
      await exited;
    }
    await hub?.close();
  });

  it('runs a whole kiosk with no hardware: card via the control API → ticket; counter call → LED screen', async () => {
    hub = await startTestHub();
    const work = path.join(dir, 'emulate');
    mkdirSync(work, { recursive: true });
    const config = path.join(work, 'bridge.json');
    writeFileSync(
      config,
      JSON.stringify({
        deviceId: 'bridge-1',
        token: 'demo-bridge-1-token-0001',
        siteId: 'demo',
        hubUrl: hub.baseUrl,
        mqttUrl: `mqtt://127.0.0.1:${hub.mqttPort}`,
        kioskId: 'kiosk-1',
        defaultServiceId: 'C',
        peripherals: [
          { id: 'reader', kind: 'idcard-sam', port: '/dev/ttyUSB0', pollMs: 100 },
          { id: 'printer', kind: 'printer-escpos', tcp: 'tcp://192.0.2.1:9100' },
          { id: 'led', kind: 'led-counter', port: '/dev/ttyUSB3', counterId: '1' },
        ],
        emulate: { dir: path.join(work, 'pty'), dataDir: path.join(work, 'printer'), controlPort: 0 },
      }),
    );
    bridge = spawn(
      process.execPath,
      [path.join(REPO, 'firmware-bridge/bin/callboard-bridge.mjs'), '--config', config, '--emulate'],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { ...process.env, LOG_LEVEL: 'info' },
      },
    );
    bridge.stdout?.on('data', (d) => (out += d));
    bridge.stderr?.on('data', (d) => (out += d));
    const control = await until('control port', () => /control=(http:\/\/[\d.]+:\d+)/.exec(out)?.[1], 20_000);

    const staff = new HubClient({ baseUrl: hub.baseUrl });
    await staff.login('supervisor', 'callboard-demo');
    await until(
      'bridge online',
      async () => {
        const d = await staff.request<DeviceView>('GET', '/devices/bridge-1');
        return d.state === 'online' && d.printer?.condition === 'ok';
      },
      20_000,
    );

    const kiosk = mqtt.connect(`mqtt://127.0.0.1:${hub.mqttPort}`, {
      protocolVersion: 4,
      username: 'kiosk-1',
      password: 'demo-kiosk-1-token-0001',
    });
    cleanup.push(() => kiosk.endAsync());
    const results: KioskMessage[] = [];
    kiosk.on('message', (_t, p) => results.push(JSON.parse(p.toString()) as KioskMessage));
    await until('kiosk connected', () => kiosk.connected);
    await kiosk.subscribeAsync('callboard/demo/devices/kiosk-1/commands');

    // The kiosk page chose service A; the bridge's own default (C) is only a fallback.
    await kiosk.publishAsync(
      'callboard/demo/devices/kiosk-1/events',
      JSON.stringify({ v: 1, type: 'select-service', serviceId: 'A' }),
    );
    const res = await fetch(`${control}/idcard/place`, { method: 'POST', body: JSON.stringify({ card: 'anna-muller' }) });
    expect(res.status).toBe(200);
    const result = await until('card result', () => results.find((m) => m.type === 'card-result'));
    expect(result).toMatchObject({ ok: true, ticket: { serviceId: 'A' } });
    expect((await fetch(`${control}/idcard/place`, { method: 'POST', body: '{"card":"nobody"}' })).status).toBe(404);
    // The same commands work typed on stdin.
    bridge.stdin?.write('paper near_end\n');
    await until('stdin paper', () => out.includes('"paper":"near_end"'));

    // A clerk calls the ticket at counter 1: the LED screen of counter 1 shows it.
    const clerk = new HubClient({ baseUrl: hub.baseUrl });
    await clerk.login('clerk1', 'callboard-demo');
    const called = await clerk.callNext('1');
    const led = await until(
      'LED text',
      async () => {
        const body = (await (await fetch(`${control}/led`)).json()) as { text: string };
        return body.text.includes(called.number) ? body.text : undefined;
      },
      10_000,
    );
    expect(led).toBe(`请 ${called.number} 号到1号窗口`);

    // An admin sets the bridge to show both languages: the screen says the counter's own names.
    const admin = new HubClient({ baseUrl: hub.baseUrl });
    await admin.login('admin', 'callboard-admin');
    await admin.setDeviceSettings('bridge-1', { languages: 'both' });
    await clerk.recall(called.id);
    const both = await until(
      'LED text in both languages',
      async () => {
        const body = (await (await fetch(`${control}/led`)).json()) as { text: string };
        return body.text.includes('Counter 1') ? body.text : undefined;
      },
      10_000,
    );
    expect(both).toBe(`请 ${called.number} 号到1号窗口 No. ${called.number} to Counter 1`);
  });
});
