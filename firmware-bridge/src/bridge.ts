/**
 * The bridge process: configuration → drivers → MQTT. Each peripheral's driver owns its port;
 * this module only translates: driver events become device events for the hub, hub commands
 * become driver calls, and any change of a peripheral's state republishes the retained status.
 * Privacy: a card read leaves here as the document number and kind only (no name, no photo)
 * and is never logged.
 */
import path from 'node:path';
import type { BridgeStatusDetail, DeviceCommand, DeviceEvent, PeripheralStatus, PrintCommand } from '@callboard/hub/protocol';
import type { BridgeConfig, Peripheral } from './config';
import { IdCardDriver } from './drivers/idcard-sam/driver';
import { LedCounterDriver } from './drivers/led-counter/driver';
import { PrinterDriver } from './drivers/printer-escpos/driver';
import { RatingPadDriver } from './drivers/rating-pad/driver';
import { ScannerDriver } from './drivers/scanner/driver';
import { HubLink } from './hub-link';
import { createLogger, type Logger } from './log';
import { type JournalEntry, PrintJournal } from './print-journal';
import type { SerialBinding } from './serial/binding';

export const BRIDGE_VERSION = '0.1.0';

type Driver = IdCardDriver | ScannerDriver | PrinterDriver | RatingPadDriver | LedCounterDriver;

interface Attached {
  config: Peripheral;
  driver: Driver;
  /** Where it is connected (port path or tcp:// address), for the status. */
  port: string;
}

export interface BridgeOptions {
  binding?: SerialBinding;
  log?: Logger;
  /** Where the print journal lives (default: `config.stateDir`, else `$STATE_DIRECTORY`, else memory only). */
  stateDir?: string;
}

/** Asks the hub for its site id when the config does not say it (GET /api/v1/health). */
export async function discoverSiteId(hubUrl: string, log: Logger, signal?: AbortSignal): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(`${hubUrl}/api/v1/health`, { signal: AbortSignal.timeout(3000) });
      const body = (await res.json()) as { siteId?: unknown };
      if (typeof body.siteId === 'string') return body.siteId;
    } catch (err) {
      if (attempt === 0)
        log.warn('cannot reach the hub yet to learn its site id; retrying', { hubUrl, err: (err as Error).message });
    }
    if (signal?.aborted) throw new Error('stopped');
    await new Promise((r) => setTimeout(r, Math.min(10_000, 500 * 2 ** Math.min(attempt, 5))));
  }
}

/** A beep command older than this (replayed after an outage) is dropped. */
const STALE_BEEP_MS = 10_000;

export class Bridge {
  readonly peripherals = new Map<string, Attached>();
  readonly hub: HubLink;
  private readonly log: Logger;
  private statusTimer: NodeJS.Timeout | null = null;
  /** Every print job's outcome until the hub has it (print-journal.ts). */
  readonly journal: PrintJournal;

  private constructor(
    readonly config: BridgeConfig,
    readonly siteId: string,
    options: BridgeOptions,
  ) {
    this.log = options.log ?? createLogger('bridge');
    const stateDir = options.stateDir ?? config.stateDir ?? process.env.STATE_DIRECTORY;
    this.journal = new PrintJournal(
      stateDir ? path.join(stateDir, `print-jobs-${config.deviceId}.json`) : null,
      this.log.child('journal'),
    );
    if (!stateDir) this.log.info('no stateDir: a print job cut off by a bridge restart cannot be reported to the hub afterwards');
    this.hub = new HubLink({
      url: config.mqttUrl,
      siteId,
      deviceId: config.deviceId,
      token: config.token,
      log: this.log.child('mqtt'),
      status: () => this.status(),
    });
    this.hub.on('command', (cmd) => void this.onCommand(cmd));
    // Outcomes the hub has not acknowledged (cut off by a restart, or by a hub outage) go now.
    this.hub.on('connection', (up) => {
      if (up) for (const e of this.journal.unreported()) this.sendResult(e);
    });
    for (const p of config.peripherals) this.attach(p, options.binding);
  }

  static async start(config: BridgeConfig, options: BridgeOptions = {}): Promise<Bridge> {
    const log = options.log ?? createLogger('bridge');
    const siteId = config.siteId ?? (await discoverSiteId(config.hubUrl, log));
    const bridge = new Bridge(config, siteId, { ...options, log });
    for (const { driver } of bridge.peripherals.values()) driver.start();
    bridge.hub.start();
    log.info('bridge started', { deviceId: config.deviceId, siteId, peripherals: config.peripherals.length });
    return bridge;
  }

  private attach(p: Peripheral, binding?: SerialBinding): void {
    const log = this.log.child(p.id);
    const bind = binding ? { binding } : {};
    let driver: Driver;
    let port: string;
    switch (p.kind) {
      case 'idcard-sam': {
        const d = new IdCardDriver({
          path: p.port,
          log,
          ...bind,
          ...(p.baudRate ? { baudRate: p.baudRate } : {}),
          ...(p.pollMs ? { pollMs: p.pollMs } : {}),
          ...(p.repeatAfterMs ? { repeatAfterMs: p.repeatAfterMs } : {}),
        });
        d.on('card', (card) =>
          this.send({
            v: 1,
            type: 'card',
            peripheral: p.id,
            at: Date.now(),
            card: { kind: card.kind, idNumber: card.idNumber, validTo: card.validTo },
            ...(this.config.kioskId ? { kioskId: this.config.kioskId } : {}),
            ...(this.config.defaultServiceId ? { serviceId: this.config.defaultServiceId } : {}),
          }),
        );
        d.on('card-error', (e) =>
          this.send({
            v: 1,
            type: 'card-error',
            peripheral: p.id,
            at: Date.now(),
            code: e.code,
            message: e.message,
            ...(this.config.kioskId ? { kioskId: this.config.kioskId } : {}),
          }),
        );
        driver = d;
        port = p.port;
        break;
      }
      case 'scanner': {
        const d = new ScannerDriver({
          path: p.port,
          log,
          ...bind,
          terminator: p.terminator ?? 'CR',
          aimPrefix: p.aimPrefix ?? false,
          encoding: p.encoding ?? 'utf8',
          ...(p.baudRate ? { baudRate: p.baudRate } : {}),
          ...(p.interByteMs ? { interByteMs: p.interByteMs } : {}),
        });
        d.on('scan', (s) =>
          this.send({
            v: 1,
            type: 'scan',
            peripheral: p.id,
            at: Date.now(),
            code: s.code,
            ...(s.symbology ? { symbology: s.symbology } : {}),
            ...(this.config.kioskId ? { kioskId: this.config.kioskId } : {}),
          }),
        );
        driver = d;
        port = p.port;
        break;
      }
      case 'printer-escpos': {
        const target = p.port
          ? { serial: p.port, ...(p.baudRate ? { baudRate: p.baudRate } : {}) }
          : p.tcp
            ? { tcp: p.tcp }
            : { device: p.device as string };
        const d = new PrinterDriver({
          target,
          log,
          ...bind,
          ...(p.pollMs ? { pollMs: p.pollMs } : {}),
          ...(p.width ? { width: p.width } : {}),
        });
        d.on('status', () => this.statusChanged());
        driver = d;
        port = d.transport.describe;
        break;
      }
      case 'rating-pad': {
        const d = new RatingPadDriver({
          path: p.port,
          log,
          ...bind,
          ...(p.baudRate ? { baudRate: p.baudRate } : {}),
          ...(p.lineEnding ? { lineEnding: p.lineEnding } : {}),
        });
        const counter = p.counterId ? { counterId: p.counterId } : {};
        d.on('rating', (score) => this.send({ v: 1, type: 'rating', peripheral: p.id, at: Date.now(), score, ...counter }));
        d.on('button', (button) => this.send({ v: 1, type: 'button', peripheral: p.id, at: Date.now(), button, ...counter }));
        driver = d;
        port = p.port;
        break;
      }
      case 'led-counter': {
        driver = new LedCounterDriver({
          path: p.port,
          log,
          ...bind,
          ...(p.baudRate ? { baudRate: p.baudRate } : {}),
          ...(p.lineEnding ? { lineEnding: p.lineEnding } : {}),
          ...(p.encoding ? { encoding: p.encoding } : {}),
          ...(p.maxChars ? { maxChars: p.maxChars } : {}),
        });
        port = p.port;
        break;
      }
    }
    driver.on('connection', () => this.statusChanged());
    this.peripherals.set(p.id, { config: p, driver, port });
  }

  private send(event: DeviceEvent): void {
    this.hub.publishEvent(event);
  }

  /** Coalesces bursts (a port flapping, three status bits at once) into one status message. */
  private statusChanged(): void {
    if (this.statusTimer) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = null;
      this.hub.publishStatus();
    }, 50);
  }

  status(): BridgeStatusDetail {
    const peripherals: PeripheralStatus[] = [];
    for (const { config, driver, port } of this.peripherals.values()) {
      const entry: PeripheralStatus = { id: config.id, kind: config.kind, connected: driver.connected, port };
      if (driver instanceof PrinterDriver) entry.printer = driver.state;
      if ((config.kind === 'rating-pad' || config.kind === 'led-counter') && config.counterId) entry.counterId = config.counterId;
      peripherals.push(entry);
    }
    return { version: BRIDGE_VERSION, ...(this.config.kioskId ? { kioskId: this.config.kioskId } : {}), peripherals };
  }

  private find<K extends Peripheral['kind']>(kind: K, id?: string): Attached | undefined {
    if (id) {
      const p = this.peripherals.get(id);
      return p?.config.kind === kind ? p : undefined;
    }
    return [...this.peripherals.values()].find((p) => p.config.kind === kind);
  }

  private async onCommand(cmd: DeviceCommand): Promise<void> {
    try {
      if (cmd.type === 'print') await this.print(cmd);
      else if (cmd.type === 'led') {
        const led = this.find('led-counter', cmd.peripheral);
        if (!led) return this.log.warn('LED command but no LED screen here', { peripheral: cmd.peripheral });
        await (led.driver as LedCounterDriver).show(cmd.text);
      } else if (cmd.type === 'beep') {
        // The persistent session replays what was sent while the bridge was away; a late beep means nothing to anyone.
        if (Date.now() - cmd.at > STALE_BEEP_MS) return this.log.debug('stale beep dropped', { ageMs: Date.now() - cmd.at });
        const pad = this.find('rating-pad', cmd.peripheral);
        if (pad) await (pad.driver as RatingPadDriver).send({ t: 'beep' });
        else this.log.debug('beep: no rating pad here', { pattern: cmd.pattern });
      }
    } catch (err) {
      this.log.warn('command failed', { type: cmd.type, err: (err as Error).message });
    }
  }

  private async print(cmd: PrintCommand): Promise<void> {
    if (this.journal.has(cmd.jobId)) {
      // A command delivered again (QoS 1): its outcome is known or on its way; never print twice.
      this.log.info('print job seen before; not printed again', { jobId: cmd.jobId });
      const e = this.journal.get(cmd.jobId);
      if (e?.state === 'done') this.sendResult(e);
      return;
    }
    const printer = this.find('printer-escpos', cmd.peripheral);
    this.journal.received(cmd.jobId, printer?.config.id ?? cmd.peripheral ?? 'printer');
    const report = (ok: boolean, reason?: string) => {
      const e = this.journal.done(cmd.jobId, ok, reason);
      if (e) this.sendResult(e);
    };
    if (!printer) return report(false, 'no printer at this bridge');
    if (cmd.expiresAt !== undefined && cmd.expiresAt < Date.now())
      return report(false, 'job expired before it reached the printer');
    const result = await (printer.driver as PrinterDriver).print(cmd.jobId, cmd.job, {
      onSend: () => this.journal.sending(cmd.jobId),
    });
    report(result.ok, result.reason);
  }

  /** Sends a job's outcome; it stays in the journal (and goes again on reconnect) until acknowledged. */
  private sendResult(e: JournalEntry): void {
    const event: DeviceEvent = {
      v: 1,
      type: 'print-result',
      peripheral: e.peripheral,
      at: Date.now(),
      jobId: e.jobId,
      ok: e.ok ?? false,
      ...(e.reason ? { reason: e.reason } : {}),
    };
    this.hub.publishEvent(event, (err) => {
      if (!err) this.journal.reported(e.jobId);
    });
  }

  async stop(): Promise<void> {
    if (this.statusTimer) clearTimeout(this.statusTimer);
    this.statusTimer = null;
    await this.hub.stop();
    await Promise.all([...this.peripherals.values()].map((p) => p.driver.stop()));
  }
}
