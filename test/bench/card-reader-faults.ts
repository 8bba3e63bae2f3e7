/**
 * Taps on a card reader that corrupts replies, measured end to end: the hub (in this process),
 * the bridge (in this process) and the reader emulator on a real socat pty pair, real MQTT. For
 * one corrupted reply in every 2, 3 and 4, ten taps each: how many were read within 12 s, and
 * the median time from the card going down to the kiosk getting its ticket. A tap whose card
 * was not read gets lifted, and the next tap starts after the bounce window.
 *
 *   node --import tsx test/bench/card-reader-faults.ts [taps=10]
 *
 * Not part of `npm test` (it takes about two minutes); docs/devices.md quotes its figures.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Bridge, resolveBridgeConfig } from '@callboard/firmware-bridge';
import { IdCardEmulator } from '@callboard/firmware-bridge/emulators/idcard-sam/emulator';
import { PrinterEmulator } from '@callboard/firmware-bridge/emulators/printer-escpos/emulator';
import { openPtyPair } from '@callboard/firmware-bridge/emulators/pty';
import { createLogger, setLogSink } from '@callboard/firmware-bridge/log';
import type { KioskMessage } from '@callboard/hub/client';
import mqtt from 'mqtt';
import { startTestHub, tempDir } from '../support/hub';

const TAPS = Number(process.argv[2] ?? 10);
const TAP_LIMIT_MS = 12_000;
const CARDS = ['zhang-san', 'li-si', 'chan-tai-man', 'john-smith', 'anna-muller'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

setLogSink(() => {}); // the figures only
const log = createLogger('bench');
const dir = tempDir('cb-reader-bench-');
mkdirSync(dir, { recursive: true });
const hub = await startTestHub();
const rp = await openPtyPair(path.join(dir, 'reader'), path.join(dir, 'reader.emu'));
const pp = await openPtyPair(path.join(dir, 'printer'), path.join(dir, 'printer.emu'));
const reader = new IdCardEmulator({ path: rp.device, log });
const printer = new PrinterEmulator({ path: pp.device, dataDir: path.join(dir, 'tickets'), log });
reader.start();
printer.start();
const bridge = await Bridge.start(
  resolveBridgeConfig(
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
        { id: 'printer', kind: 'printer-escpos', port: pp.host },
      ],
    },
    {},
    'bench',
    dir,
  ),
  { log },
);
const kiosk = mqtt.connect(`mqtt://127.0.0.1:${hub.mqttPort}`, {
  protocolVersion: 4,
  username: 'kiosk-1',
  password: 'demo-kiosk-1-token-0001',
});
const results: { at: number; msg: KioskMessage }[] = [];
kiosk.on('message', (_t, payload) => results.push({ at: Date.now(), msg: JSON.parse(payload.toString()) as KioskMessage }));
await new Promise<void>((resolve) => kiosk.once('connect', () => resolve()));
await kiosk.subscribeAsync('callboard/demo/devices/kiosk-1/commands', { qos: 1 });
await sleep(1500); // the bridge connects and the reader opens

const rows: string[] = [];
for (const every of [2, 3, 4]) {
  reader.setFaults({ corruptEvery: every });
  const times: number[] = [];
  for (let i = 0; i < TAPS; i++) {
    const from = results.length;
    const t0 = Date.now();
    reader.place(CARDS[i % CARDS.length] as string);
    let got: number | undefined;
    while (Date.now() - t0 < TAP_LIMIT_MS) {
      const hit = results.slice(from).find((r) => r.msg.type === 'card-result' && r.msg.ok);
      if (hit) {
        got = hit.at - t0;
        break;
      }
      await sleep(10);
    }
    if (got !== undefined) times.push(got);
    reader.lift();
    await sleep(2000); // past the bounce window
  }
  times.sort((a, b) => a - b);
  const median = times.length === 0 ? NaN : (times[Math.floor((times.length - 1) / 2)] as number);
  const row = `| 1 in ${every} | ${times.length} of ${TAPS} | ${Number.isNaN(median) ? '—' : `${(median / 1000).toFixed(2)} s`} | ${times.length ? `${((times[times.length - 1] as number) / 1000).toFixed(2)} s` : '—'} |`;
  rows.push(row);
  process.stdout.write(`${row}\n`);
}

process.stdout.write(
  `\n| corrupted replies | taps read | median time to ticket | slowest |\n| --- | --- | --- | --- |\n${rows.join('\n')}\n`,
);
kiosk.end(true);
await bridge.stop();
await reader.stop();
await printer.stop();
await rp.close();
await pp.close();
await hub.close();
process.exit(0);
