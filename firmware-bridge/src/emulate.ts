/**
 * `callboard-bridge --emulate`: no hardware needed. For every configured peripheral a socat
 * pty pair is created under `emulate.dir` (`<id>` for the driver, `<id>.emu` for the
 * emulator), the config is rewritten to use the driver ends, and an emulator speaking the
 * real bytes is started on the other end. A printer configured as tcp:// or a device path is
 * emulated on a pty too.
 *
 * Without socat (or with `--emulate=inproc`) the two ends are joined in memory instead
 * (`serial/memory-binding.ts`, paths `inproc:<id>` and `inproc:<id>.emu`): the same drivers,
 * parsers, codecs and emulators run, only the transport under the serial stream differs. The
 * bridge must then be started with `emulation.binding`.
 */
import { spawnSync } from 'node:child_process';
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
import { SmsModemEmulator } from './emulators/sms-modem/emulator';
import type { Logger } from './log';
import type { SerialBinding } from './serial/binding';
import { MemorySerialBinding } from './serial/memory-binding';

/** `pty`: socat pty pairs (real serial stack); `inproc`: in-memory links (no socat needed). */
export type EmulateTransport = 'pty' | 'inproc';

export const INPROC_NOTICE = 'emulated devices over in-process links: install socat for real serial ptys';

/** True when `socat` can be run (`socat -V`). */
export function socatAvailable(socat = 'socat'): boolean {
  const r = spawnSync(socat, ['-V'], { stdio: 'ignore', timeout: 5000 });
  return !r.error && r.status === 0;
}

/**
 * The transport for `--emulate[=pty|inproc|auto]`: `auto` (plain `--emulate`) picks socat ptys
 * when socat runs, else in-process links. Throws on an unknown mode.
 */
export function chooseEmulateTransport(mode: string | undefined, socat = 'socat'): EmulateTransport {
  const m = mode ?? 'auto';
  if (m === 'inproc' || m === 'pty') return m;
  if (m !== 'auto') throw new Error(`unknown --emulate mode "${m}" (use --emulate, --emulate=pty or --emulate=inproc)`);
  return socatAvailable(socat) ? 'pty' : 'inproc';
}

export interface EmulationOptions {
  /** Default `pty`. */
  transport?: EmulateTransport;
  /** The socat command for `pty`. */
  socat?: string;
  /** Start the HTTP control server on `emulate.controlPort` (default true). */
  control?: boolean;
}

export interface Emulation {
  config: BridgeConfig;
  emulators: EmulatorSet;
  transport: EmulateTransport;
  /** For `inproc`: the binding the bridge's drivers must use (`Bridge.start(config, { binding })`). */
  binding?: SerialBinding;
  pairs: PtyPair[];
  /** 0 when the control server was not started. */
  controlPort: number;
  close(): Promise<void>;
}

export async function startEmulation(
  config: BridgeConfig,
  log: Logger,
  options: EmulationOptions | string = {},
): Promise<Emulation> {
  const opts: EmulationOptions = typeof options === 'string' ? { socat: options } : options;
  const transport = opts.transport ?? 'pty';
  const socat = opts.socat ?? 'socat';
  const dir = config.emulate.dir;
  const memory = transport === 'inproc' ? new MemorySerialBinding() : null;
  const binding = memory ? { binding: memory.binding } : {};
  if (!memory) mkdirSync(dir, { recursive: true });
  const pairs: PtyPair[] = [];
  const emulators: EmulatorSet = {};
  const peripherals: Peripheral[] = [];
  const stoppers: (() => Promise<void>)[] = [];
  try {
    for (const p of config.peripherals) {
      let host: string;
      let device: string;
      if (memory) {
        host = `inproc:${p.id}`;
        device = `inproc:${p.id}.emu`;
        memory.pair(host, device);
      } else {
        host = path.join(dir, p.id);
        device = path.join(dir, `${p.id}.emu`);
        // Stale links from a killed run would make socat fail.
        rmSync(host, { force: true });
        rmSync(device, { force: true });
        pairs.push(await openPtyPair(host, device, socat));
      }
      const elog = log.child(`emu:${p.id}`);
      const linkOptions = { ...('baudRate' in p && p.baudRate ? { baudRate: p.baudRate } : {}), ...binding };
      switch (p.kind) {
        case 'idcard-sam': {
          const e = new IdCardEmulator({ path: device, log: elog, ...linkOptions });
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
            ...linkOptions,
          });
          emulators.scanner ??= e;
          e.start();
          stoppers.push(() => e.stop());
          peripherals.push({ ...p, port: host });
          break;
        }
        case 'printer-escpos': {
          const e = new PrinterEmulator({ path: device, dataDir: config.emulate.dataDir, log: elog, ...linkOptions });
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
            ...linkOptions,
            ...(p.lineEnding ? { lineEnding: p.lineEnding } : {}),
          });
          emulators.rating ??= e;
          e.start();
          stoppers.push(() => e.stop());
          peripherals.push({ ...p, port: host });
          break;
        }
        case 'sms-modem': {
          const e = new SmsModemEmulator({ path: device, log: elog, ...linkOptions });
          emulators.sms ??= e;
          e.start();
          stoppers.push(() => e.stop());
          peripherals.push({ ...p, port: host });
          break;
        }
        case 'led-counter': {
          const e = new LedCounterEmulator({
            path: device,
            log: elog,
            ...linkOptions,
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
    const control =
      opts.control === false ? null : await startControlServer(emulators, config.emulate.controlPort, config.emulate.controlHost);
    stoppers.push(async () => {
      if (control) await new Promise<void>((resolve) => control.server.close(() => resolve()));
    });
    log.info('emulators ready', {
      transport: memory ? 'in-process links' : `socat ptys under ${dir}`,
      ...(control ? { control: `http://${config.emulate.controlHost}:${control.port}` } : {}),
      printerDir: config.emulate.dataDir,
    });
    return {
      config: { ...config, peripherals },
      emulators,
      transport,
      ...(memory ? { binding: memory.binding } : {}),
      pairs,
      controlPort: control?.port ?? 0,
      async close() {
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
