/**
 * `callboard-bridge --emulate`: no hardware needed. For every configured peripheral a socat
 * pty pair is created under `emulate.dir` (`<id>` for the driver, `<id>.emu` for the
 * emulator), the config is rewritten to use the driver ends, and an emulator speaking the
 * real bytes is started on the other end. A printer configured as tcp:// or a device path is
 * emulated on a pty too.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { BridgeConfig, Peripheral } from './config';
import { type EmulatorSet, startControlServer } from './emulators/control';
import { IdCardEmulator } from './emulators/idcard-sam/emulator';
import { LedCounterEmulator } from './emulators/led-counter/emulator';
import { PrinterEmulator } from './emulators/printer-escpos/emulator';
import { openPtyPair, type PtyPair } from './emulators/pty';
import { RatingPadEmulator } from './emulators/rating-pad/emulator';
import { ScannerEmulator } from './emulators/scanner/emulator';
import type { Logger } from './log';

export interface Emulation {
  config: BridgeConfig;
  emulators: EmulatorSet;
  pairs: PtyPair[];
  controlPort: number;
  close(): Promise<void>;
}

export async function startEmulation(config: BridgeConfig, log: Logger, socat = 'socat'): Promise<Emulation> {
  const dir = config.emulate.dir;
  mkdirSync(dir, { recursive: true });
  const pairs: PtyPair[] = [];
  const emulators: EmulatorSet = {};
  const peripherals: Peripheral[] = [];
  const stoppers: (() => Promise<void>)[] = [];
  try {
    for (const p of config.peripherals) {
      const host = path.join(dir, p.id);
      const device = path.join(dir, `${p.id}.emu`);
      // Stale links from a killed run would make socat fail.
      rmSync(host, { force: true });
      rmSync(device, { force: true });
      pairs.push(await openPtyPair(host, device, socat));
      const elog = log.child(`emu:${p.id}`);
      const baudRate = 'baudRate' in p && p.baudRate ? { baudRate: p.baudRate } : {};
      switch (p.kind) {
        case 'idcard-sam': {
          const e = new IdCardEmulator({ path: device, log: elog, ...baudRate });
          emulators.idcard ??= e;
          e.start();
          stoppers.push(() => e.stop());
          peripherals.push({ ...p, port: host });
          break;
        }
        case 'scanner': {
          const e = new ScannerEmulator({
            path: device,
            log: elog,
            terminator: p.terminator ?? 'CR',
            aimPrefix: p.aimPrefix ?? false,
            encoding: p.encoding ?? 'utf8',
            ...baudRate,
          });
          emulators.scanner ??= e;
          e.start();
          stoppers.push(() => e.stop());
          peripherals.push({ ...p, port: host });
          break;
        }
        case 'printer-escpos': {
          const e = new PrinterEmulator({ path: device, dataDir: config.emulate.dataDir, log: elog, ...baudRate });
          emulators.printer ??= e;
          e.start();
          stoppers.push(() => e.stop());
          const { tcp: _tcp, device: _device, ...rest } = p;
          peripherals.push({ ...rest, port: host });
          break;
        }
        case 'rating-pad': {
          const e = new RatingPadEmulator({
            path: device,
            log: elog,
            ...baudRate,
            ...(p.lineEnding ? { lineEnding: p.lineEnding } : {}),
          });
          emulators.rating ??= e;
          e.start();
          stoppers.push(() => e.stop());
          peripherals.push({ ...p, port: host });
          break;
        }
        case 'led-counter': {
          const e = new LedCounterEmulator({
            path: device,
            log: elog,
            ...baudRate,
            ...(p.lineEnding ? { lineEnding: p.lineEnding } : {}),
            ...(p.encoding ? { encoding: p.encoding } : {}),
          });
          emulators.led ??= e;
          e.start();
          stoppers.push(() => e.stop());
          peripherals.push({ ...p, port: host });
          break;
        }
      }
    }
    const control = await startControlServer(emulators, config.emulate.controlPort, config.emulate.controlHost);
    log.info('emulators ready', {
      control: `http://${config.emulate.controlHost}:${control.port}`,
      printerDir: config.emulate.dataDir,
    });
    return {
      config: { ...config, peripherals },
      emulators,
      pairs,
      controlPort: control.port,
      async close() {
        await new Promise<void>((resolve) => control.server.close(() => resolve()));
        await Promise.all(stoppers.map((s) => s()));
        await Promise.all(pairs.map((p) => p.close()));
      },
    };
  } catch (err) {
    await Promise.all(stoppers.map((s) => s().catch(() => undefined)));
    await Promise.all(pairs.map((p) => p.close()));
    throw err;
  }
}
