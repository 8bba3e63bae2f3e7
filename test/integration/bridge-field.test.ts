/**
 * The card reader as it behaves in the field, on real socat ptys with the production timings
 * (250 ms polls, 1.5 s bounce window, 1.5 s reply timeout):
 *
 * - a card that bounces (lifted and put back within the bounce window) is one card, whatever
 *   the pattern;
 * - a reader that corrupts one reply in every 2, 3 or 4 still reads the card, and one that
 *   corrupts everything tells the kiosk to place the card again and is marked degraded;
 * - noise and split frames are read through;
 * - one visitor, one ticket per tap session: the hub (in this process) and the bridge (in this
 *   process) over real MQTT; a re-tap without a new choice shows the held ticket again.
 */
import path from 'node:path';
import { Bridge, resolveBridgeConfig } from '@callboard/firmware-bridge';
import { IdCardDriver } from '@callboard/firmware-bridge/drivers/idcard-sam/driver';
import type { IdCard } from '@callboard/firmware-bridge/drivers/idcard-sam/text-block';
import { IdCardEmulator } from '@callboard/firmware-bridge/emulators/idcard-sam/emulator';
import { BOUNCE_PATTERNS } from '@callboard/firmware-bridge/emulators/idcard-sam/faults';
import { PrinterEmulator } from '@callboard/firmware-bridge/emulators/printer-escpos/emulator';
import { openPtyPair, type PtyPair } from '@callboard/firmware-bridge/emulators/pty';
import { createLogger } from '@callboard/firmware-bridge/log';
import { type DeviceView, HubClient, type KioskMessage } from '@callboard/hub/client';
import mqtt from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub, tempDir } from '../support/hub';
import { toolOrSkip } from '../support/tools';

const socat = toolOrSkip('socat', 'socat');
const log = createLogger('field');
const dir = tempDir('cb-field-');
const cleanup: (() => Promise<unknown> | unknown)[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, ms = 10_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await Promise.resolve(probe()).catch(() => undefined);
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(40);
  }
}

let pairs = 0;
/** A pty pair closed after the test (or, given a list, when that list is run). */
async function pair(closers = cleanup): Promise<PtyPair> {
  const name = `p${pairs++}`;
  const p = await openPtyPair(path.join(dir, name), path.join(dir, `${name}.emu`), socat as string);
  closers.push(() => p.close());
  return p;
}

function started<T extends { start(): void; stop(): Promise<unknown> }>(x: T): T {
  x.start();
  cleanup.unshift(() => x.stop());
  return x;
}

/** A reader and its driver with the production timings. */
async function readerRig() {
  const p = await pair();
  const emu = started(new IdCardEmulator({ path: p.device, log: log.child('emu') }));
  const drv = started(new IdCardDriver({ path: p.host, log: log.child('drv') }));
  const cards: { card: IdCard; at: number }[] = [];
  const errors: { code: string; message: string }[] = [];
  drv.on('card', (card) => cards.push({ card, at: Date.now() }));
  drv.on('card-error', (e) => errors.push(e));
  await until('reader open', () => drv.connected && emu.link.isOpen);
  return { emu, drv, cards, errors };
}

afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

describe.skipIf(!socat)('a bouncing card is one card', () => {
  for (const [name, pattern] of Object.entries(BOUNCE_PATTERNS))
    it(`bounce pattern "${name}" (${pattern.join('/')} ms): reported once`, async () => {
      const { emu, cards } = await readerRig();
      await emu.bounce('zhang-san', pattern);
      // Long enough for the old fault (a second report once 1.5 s had passed since the first).
      await sleep(2500);
      expect(cards).toHaveLength(1);
    });

  it('a card lifted for longer than the bounce window is a new tap', async () => {
    const { emu, cards } = await readerRig();
    emu.place('li-si');
    await until('first read', () => cards.length === 1);
    emu.lift();
    await sleep(2200);
    emu.place('li-si');
    await until('second read', () => cards.length === 2);
  });
});

describe.skipIf(!socat)('a reader that corrupts replies', () => {
  for (const every of [2, 3, 4])
    it(`one corrupted reply in every ${every}: the card is read, once`, async () => {
      const { emu, cards } = await readerRig();
      emu.setFaults({ corruptEvery: every });
      await sleep(600); // idle polls meet corrupted replies too
      const t0 = Date.now();
      emu.place('zhang-san');
      // The target is 3 s; the bound here leaves room for a loaded machine.
      await until('card read', () => cards.length === 1, 8000);
      log.info('read under corruption', { every, ms: cards[0] ? cards[0].at - t0 : -1 });
      await sleep(1000);
      expect(cards).toHaveLength(1);
      expect(emu.stats.corrupted).toBeGreaterThan(0);
    });

  it('a length that promises bytes that never come, and a frame cut short, cost less than a reply timeout each', async () => {
    const { emu, drv, cards } = await readerRig();
    emu.setFaults({ corruptEvery: 2, corruption: 'mixed' });
    emu.place('anna-muller');
    await until('card read', () => cards.length === 1, 8000);
    // Every broken frame was given up early (no byte for a moment), not after the full timeout.
    expect(drv.stats.badFrames).toBeGreaterThan(0);
    expect(drv.stats.timeouts).toBe(0);
  });

  it('noise before every reply and replies in small pieces are read through', async () => {
    const { emu, drv, cards } = await readerRig();
    emu.setFaults({ noiseBytes: 11, splitBytes: 64, splitGapMs: 3 });
    emu.place('chan-tai-man');
    await until('card read', () => cards.length === 1, 8000);
    expect(cards[0]?.card.kind).toBe('hmt-permit');
    expect(drv.degraded).toBe(false);
  });

  it('a reader whose card-data frames always break asks for the card again and is marked degraded, then recovers', async () => {
    const { emu, drv, cards, errors } = await readerRig();
    const health: boolean[] = [];
    drv.on('health', (h) => health.push(h.degraded));
    emu.place('zhang-san');
    await until('card read', () => cards.length === 1);
    emu.lift();
    await sleep(2000);
    // Short replies (find, select) get through; every card-data reply breaks.
    emu.setFaults({ corruptEvery: 1, corruptLongerThan: 100 });
    emu.place('li-si');
    const err = await until('card-error', () => errors[0], 8000);
    expect(err.code).toBe('read_failed');
    expect(err.message).toMatch(/place your card again/);
    expect(drv.degraded).toBe(true);
    // Told once per placement, not on every failed poll.
    await sleep(1500);
    expect(errors).toHaveLength(1);
    emu.setFaults({});
    await until('card read after recovery', () => cards.length === 2, 8000);
    await until('healthy again', () => !drv.degraded, 10_000);
    expect(health).toEqual([true, false]);
  });

  it('a reader that breaks every reply is marked degraded, but nobody is asked for a card it cannot see', async () => {
    const { emu, drv, errors } = await readerRig();
    emu.setFaults({ corruptEvery: 1 });
    await until('degraded', () => drv.degraded, 8000);
    await sleep(1000);
    expect(errors).toHaveLength(0);
  });
});

describe.skipIf(!socat)('one visitor, one ticket per tap session (hub and bridge over MQTT)', () => {
  let hub: TestHub;
  let bridge: Bridge;
  let reader: IdCardEmulator;
  let printer: PrinterEmulator;
  let kiosk: mqtt.MqttClient;
  let staff: HubClient;
  const messages: KioskMessage[] = [];
  const ptys: (() => Promise<unknown>)[] = [];
  const results = () => messages.filter((m) => m.type === 'card-result');
  const nextResult = async (ms = 10_000) => {
    const from = results().length;
    return until('card result', () => results()[from], ms);
  };
  const choose = (serviceId: string) =>
    kiosk.publishAsync('callboard/demo/devices/kiosk-1/events', JSON.stringify({ v: 1, type: 'select-service', serviceId }), {
      qos: 1,
    });
  const tapAgain = async (label: string) => {
    reader.lift();
    await sleep(2000); // past the bounce window: a new tap
    const r = nextResult();
    reader.place(label);
    return r;
  };

  beforeAll(async () => {
    hub = await startTestHub();
    staff = new HubClient({ baseUrl: hub.baseUrl });
    await staff.login('supervisor', 'callboard-demo');
    const rp = await pair(ptys);
    const pp = await pair(ptys);
    reader = new IdCardEmulator({ path: rp.device, log: log.child('reader') });
    printer = new PrinterEmulator({ path: pp.device, dataDir: path.join(dir, 'printer'), log: log.child('printer') });
    reader.start();
    printer.start();
    const config = resolveBridgeConfig(
      {
        deviceId: 'bridge-1',
        token: 'demo-bridge-1-token-0001',
        siteId: 'demo',
        hubUrl: hub.baseUrl,
        mqttUrl: `mqtt://127.0.0.1:${hub.mqttPort}`,
        kioskId: 'kiosk-1',
        defaultServiceId: 'A',
        peripherals: [
          { id: 'reader', kind: 'idcard-sam', port: rp.host },
          { id: 'printer', kind: 'printer-escpos', port: pp.host, pollMs: 200 },
        ],
      },
      {},
      'test',
      dir,
    );
    bridge = await Bridge.start(config, { log: log.child('bridge') });
    kiosk = mqtt.connect(`mqtt://127.0.0.1:${hub.mqttPort}`, {
      protocolVersion: 4,
      username: 'kiosk-1',
      password: 'demo-kiosk-1-token-0001',
      reconnectPeriod: 200,
    });
    kiosk.on('message', (_t, payload) => messages.push(JSON.parse(payload.toString()) as KioskMessage));
    await until('kiosk MQTT', () => kiosk.connected);
    await kiosk.subscribeAsync('callboard/demo/devices/kiosk-1/commands', { qos: 1 });
    await until(
      'bridge online with its printer',
      async () => (await staff.request<DeviceView>('GET', '/devices/bridge-1')).printer?.condition === 'ok',
      20_000,
    );
  });

  afterAll(async () => {
    kiosk?.end(true);
    await bridge?.stop();
    await reader?.stop();
    await printer?.stop();
    for (const c of ptys) await c();
    await hub?.close();
  });

  it('a re-tap without a new choice shows (and reprints) the ticket the visitor holds', async () => {
    await choose('B');
    await sleep(200);
    const first = nextResult();
    reader.place('zhang-san');
    const a = await first;
    expect(a).toMatchObject({ ok: true, existing: false });
    const number = a.type === 'card-result' ? a.ticket?.number : undefined;
    expect(number).toMatch(/^B\d{3}$/);

    // The choice was used by the first tap; the same card again is the same visitor.
    const b = await tapAgain('zhang-san');
    expect(b).toMatchObject({ ok: true, existing: true, ticket: { number } });
    await until('reprint', () => printer.tickets.filter((t) => t.text.includes(number as string)).length === 2);
    expect(printer.tickets.at(-1)?.text).toContain('补打 Reprint');
  });

  it('a bounce during the tap does not issue a second ticket', async () => {
    await choose('B');
    reader.lift();
    await sleep(2000);
    const before = results().length;
    const first = nextResult();
    await reader.bounce('li-si', BOUNCE_PATTERNS['lift-and-return'] as number[]);
    expect(await first).toMatchObject({ ok: true, existing: false });
    await sleep(2500);
    expect(results().length - before).toBe(1);
  });

  it('a visitor who explicitly chooses another service gets a ticket for it', async () => {
    await choose('C');
    await sleep(200);
    const c = await tapAgain('zhang-san');
    expect(c).toMatchObject({ ok: true, existing: false });
    expect(c.type === 'card-result' ? c.ticket?.number : '').toMatch(/^C\d{3}$/);
  });

  it('a reader that keeps breaking card data asks the kiosk for the card again, shows as degraded in the registry and on the floor', async () => {
    reader.lift();
    await sleep(2000);
    reader.setFaults({ corruptEvery: 1, corruptLongerThan: 100 });
    const r = nextResult();
    reader.place('john-smith');
    expect(await r).toMatchObject({ ok: false, error: { code: 'CARD_READ_FAILED' } });
    const view = await until('degraded in the registry', async () => {
      const d = await staff.request<DeviceView>('GET', '/devices/bridge-1');
      return d.peripherals.find((p) => p.id === 'reader')?.degraded ? d : undefined;
    });
    expect(view.peripherals.find((p) => p.id === 'printer')?.degraded).toBeUndefined();
    // …and the supervisor's floor view warns of it.
    expect((await staff.floor()).alerts).toContainEqual(
      expect.objectContaining({ kind: 'reader_degraded', severity: 'warning', subject: 'bridge-1' }),
    );
    reader.setFaults({});
  });
});
