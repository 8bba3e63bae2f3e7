/**
 * The bridge process: configuration → one adapter per peripheral (adapters/) → MQTT. Each
 * adapter owns its driver and port and turns the driver's events into device events; this
 * module carries hub commands to the adapter that can do them, keeps the print journal, and
 * republishes the retained status when any peripheral's state changes.
 * Privacy: a card read leaves here as the document number and kind only (no name, no photo)
 * and is never logged.
 */
import path from 'node:path';
import type {
  BridgeStatusDetail,
  DeviceCommand,
  DeviceEvent,
  PrintCommand,
  SmsResultMessage,
  SmsSendMessage,
} from '@callboard/hub/protocol';
import { type Capabilities, createAdapter, type PeripheralAdapter } from './adapters';
import type { BridgeConfig } from './config';
import { HubLink } from './hub-link';
import { createLogger, type Logger } from './log';
import { type JournalEntry, PrintJournal } from './print-journal';
import type { SerialBinding } from './serial/binding';

export const BRIDGE_VERSION = '0.1.0';

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
  readonly peripherals = new Map<string, PeripheralAdapter>();
  readonly hub: HubLink;
  private readonly log: Logger;
  private statusTimer: NodeJS.Timeout | null = null;
  /** The last texts' outcomes, by message id (a text redelivered is reported, not sent again). */
  private readonly smsOutcomes = new Map<string, SmsResultMessage>();
  private readonly smsSending = new Set<string>();
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
    const smsOnly = config.peripherals.every((p) => p.kind === 'sms-modem');
    this.hub = new HubLink({
      url: config.mqttUrl,
      siteId,
      deviceId: config.deviceId,
      token: config.token,
      log: this.log.child('mqtt'),
      status: () => this.status(),
      // The bridge of an SMS modem is paired as an `sms-modem` device: it reads texts to send, not commands.
      commands: !smsOnly,
      sms: config.peripherals.some((p) => p.kind === 'sms-modem'),
    });
    this.hub.on('command', (cmd) => void this.onCommand(cmd));
    this.hub.on('sms', (msg) => void this.onSms(msg));
    // Outcomes the hub has not acknowledged (cut off by a restart, or by a hub outage) go now.
    this.hub.on('connection', (up) => {
      if (up) for (const e of this.journal.unreported()) this.sendResult(e);
    });
    for (const p of config.peripherals)
      this.peripherals.set(
        p.id,
        createAdapter(p, {
          log: this.log.child(p.id),
          ...(options.binding ? { binding: options.binding } : {}),
          ...(config.kioskId ? { kioskId: config.kioskId } : {}),
          ...(config.defaultServiceId ? { defaultServiceId: config.defaultServiceId } : {}),
          send: (event) => this.send(event),
          statusChanged: () => this.statusChanged(),
          deliveryReport: (ref, delivered) =>
            this.hub.publishSmsResult({ v: 1, type: 'delivery', ref, delivered, at: Date.now() }),
        }),
      );
  }

  static async start(config: BridgeConfig, options: BridgeOptions = {}): Promise<Bridge> {
    const log = options.log ?? createLogger('bridge');
    const siteId = config.siteId ?? (await discoverSiteId(config.hubUrl, log));
    const bridge = new Bridge(config, siteId, { ...options, log });
    for (const adapter of bridge.peripherals.values()) adapter.start();
    bridge.hub.start();
    log.info('bridge started', { deviceId: config.deviceId, siteId, peripherals: config.peripherals.length });
    return bridge;
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
    const peripherals = [...this.peripherals.values()].map((a) => a.status());
    return { version: BRIDGE_VERSION, ...(this.config.kioskId ? { kioskId: this.config.kioskId } : {}), peripherals };
  }

  /** The peripheral that can carry out `command` (the one named, or the first that can). */
  private able<K extends keyof Capabilities>(
    command: K,
    id?: string,
  ): { id: string; run: NonNullable<Capabilities[K]> } | undefined {
    for (const a of this.peripherals.values()) {
      if (id && a.id !== id) continue;
      const run = a[command];
      if (run) return { id: a.id, run };
    }
    return undefined;
  }

  private async onCommand(cmd: DeviceCommand): Promise<void> {
    try {
      if (cmd.type === 'print') await this.print(cmd);
      else if (cmd.type === 'led') {
        const led = this.able('showText', cmd.peripheral);
        if (!led) return this.log.warn('LED command but no LED screen here', { peripheral: cmd.peripheral });
        await led.run(cmd.text);
      } else if (cmd.type === 'beep') {
        // The persistent session replays what was sent while the bridge was away; a late beep means nothing to anyone.
        if (Date.now() - cmd.at > STALE_BEEP_MS) return this.log.debug('stale beep dropped', { ageMs: Date.now() - cmd.at });
        const pad = this.able('beep', cmd.peripheral);
        if (pad) await pad.run();
        else this.log.debug('beep: no rating pad here', { pattern: cmd.pattern });
      }
    } catch (err) {
      this.log.warn('command failed', { type: cmd.type, err: (err as Error).message });
    }
  }

  /**
   * Sends a text the hub handed us and reports the outcome. A text delivered twice (QoS 1 after
   * a reconnect) is not sent twice: its outcome is reported again.
   */
  private async onSms(msg: SmsSendMessage): Promise<void> {
    const report = (r: Omit<Extract<SmsResultMessage, { type: 'sent' }>, 'v' | 'type' | 'id' | 'at'>) => {
      const result: SmsResultMessage = { v: 1, type: 'sent', id: msg.id, at: Date.now(), ...r };
      this.smsOutcomes.set(msg.id, result);
      if (this.smsOutcomes.size > 500) this.smsOutcomes.delete(this.smsOutcomes.keys().next().value as string);
      this.hub.publishSmsResult(result);
    };
    const known = this.smsOutcomes.get(msg.id);
    if (known) {
      this.hub.publishSmsResult(known);
      return;
    }
    if (this.smsSending.has(msg.id)) return;
    this.smsSending.add(msg.id);
    try {
      await this.sendSms(msg, report);
    } finally {
      this.smsSending.delete(msg.id);
    }
  }

  private async sendSms(
    msg: SmsSendMessage,
    report: (r: Omit<Extract<SmsResultMessage, { type: 'sent' }>, 'v' | 'type' | 'id' | 'at'>) => void,
  ): Promise<void> {
    if (msg.expiresAt !== undefined && msg.expiresAt < Date.now())
      return report({ ok: false, reason: 'expired', permanent: true });
    const modem = this.able('sendSms');
    if (!modem) return report({ ok: false, reason: 'no SMS modem at this bridge', permanent: false });
    const r = await modem.run(msg.to, msg.text);
    report(r.ok ? { ok: true, refs: r.refs } : { ok: false, reason: r.reason.slice(0, 200), permanent: r.permanent });
  }

  private async print(cmd: PrintCommand): Promise<void> {
    if (this.journal.has(cmd.jobId)) {
      // A command delivered again (QoS 1): its outcome is known or on its way; never print twice.
      this.log.info('print job seen before; not printed again', { jobId: cmd.jobId });
      const e = this.journal.get(cmd.jobId);
      if (e?.state === 'done') this.sendResult(e);
      return;
    }
    const printer = this.able('print', cmd.peripheral);
    this.journal.received(cmd.jobId, printer?.id ?? cmd.peripheral ?? 'printer');
    const report = (ok: boolean, reason?: string) => {
      const e = this.journal.done(cmd.jobId, ok, reason);
      if (e) this.sendResult(e);
    };
    if (!printer) return report(false, 'no printer at this bridge');
    if (cmd.expiresAt !== undefined && cmd.expiresAt < Date.now())
      return report(false, 'job expired before it reached the printer');
    const result = await printer.run(cmd.jobId, cmd.job, {
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
    await Promise.all([...this.peripherals.values()].map((a) => a.stop()));
  }
}
