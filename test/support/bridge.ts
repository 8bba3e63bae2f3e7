/**
 * `callboard-bridge --emulate` as a child process for end-to-end tests, as a site runs it with no
 * hardware: socat pty pairs, emulated peripherals speaking real bytes, real MQTT to the hub, and
 * the emulators' HTTP control API (place a card, set the paper, read what was printed).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO, tempDir } from './hub';

export interface EmulatedBridge {
  child: ChildProcess;
  /** `http://127.0.0.1:<port>` of the emulators' control API. */
  control: string;
  output: () => string;
  /** POST to the control API; throws on a non-2xx answer. */
  post(pathname: string, body?: unknown): Promise<unknown>;
  get<T>(pathname: string): Promise<T>;
  stop(): Promise<void>;
}

export interface EmulatedBridgeOptions {
  hubBaseUrl: string;
  mqttPort: number;
  kioskId: string;
  deviceId?: string;
  token?: string;
  defaultServiceId?: string;
  /** Default: an ID card reader and a serial printer, polled fast. */
  peripherals?: object[];
}

export async function startEmulatedBridge(opts: EmulatedBridgeOptions): Promise<EmulatedBridge> {
  const work = tempDir('cb-emulate-');
  mkdirSync(work, { recursive: true });
  const config = path.join(work, 'bridge.json');
  writeFileSync(
    config,
    JSON.stringify({
      deviceId: opts.deviceId ?? 'bridge-1',
      token: opts.token ?? 'demo-bridge-1-token-0001',
      hubUrl: opts.hubBaseUrl,
      mqttUrl: `mqtt://127.0.0.1:${opts.mqttPort}`,
      kioskId: opts.kioskId,
      defaultServiceId: opts.defaultServiceId ?? 'A',
      peripherals: opts.peripherals ?? [
        { id: 'reader', kind: 'idcard-sam', port: '/dev/ttyUSB0', pollMs: 100 },
        { id: 'printer', kind: 'printer-escpos', port: '/dev/ttyUSB2', pollMs: 200 },
      ],
      emulate: { dir: path.join(work, 'pty'), dataDir: path.join(work, 'printer'), controlPort: 0 },
    }),
  );
  let out = '';
  const child = spawn(
    process.execPath,
    [path.join(REPO, 'firmware-bridge/bin/callboard-bridge.mjs'), '--config', config, '--emulate', '--no-stdin'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'info' } },
  );
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 20_000;
  let control: string | undefined;
  while (!control) {
    control = /control=(http:\/\/[\d.]+:\d+)/.exec(out)?.[1];
    if (control) break;
    if (child.exitCode !== null) throw new Error(`bridge exited with ${child.exitCode}:\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`bridge did not start its control API in 20 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const base = control;
  const call = async (method: string, pathname: string, body?: unknown) => {
    const res = await fetch(`${base}${pathname}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${pathname}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return {
    child,
    control: base,
    output: () => out,
    post: (pathname, body) => call('POST', pathname, body),
    get: (pathname) => call('GET', pathname),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
