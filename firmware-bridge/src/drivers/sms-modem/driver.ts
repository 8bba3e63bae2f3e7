/**
 * SMS modem driver: owns the serial line, sets the modem up (echo off, PDU mode, delivery
 * reports as `+CDS`) every time the port opens, and sends a text as one or more PDUs:
 * `AT+CMGS=<len>` → `> ` → PDU + Ctrl-Z → `+CMGS: <ref>` `OK`. One command at a time. A part
 * the modem answers with `ERROR`, or not at all, is tried once more after the modem is set up
 * again; `+CMS ERROR: n` is reported with its code (permanent for the codes in PERMANENT_CMS).
 * Delivery reports arrive on their own (`+CDS: <len>` then the PDU) and are emitted.
 * Privacy: numbers and texts are never logged.
 */
import { EventEmitter } from 'node:events';
import type { Logger } from '../../log';
import type { SerialBinding } from '../../serial/binding';
import { SerialLink } from '../../serial/link';
import { COMMAND_TIMEOUT_MS, CTRL_Z, DEFAULT_BAUD, ESC, PERMANENT_CMS, SEND_TIMEOUT_MS } from './constants';
import { type AtEvent, AtParser, type FinalResult, finalResult } from './parser';
import { decodeStatusReport, encodeSubmit, type StatusReport } from './pdu';

export interface SmsModemDriverOptions {
  path: string;
  baudRate?: number;
  binding?: SerialBinding;
  log: Logger;
  /** Ask the network for delivery reports (default true). */
  deliveryReports?: boolean;
  commandTimeoutMs?: number;
  sendTimeoutMs?: number;
}

export type SmsSendResult = { ok: true; refs: number[] } | { ok: false; reason: string; permanent: boolean };

interface DriverEvents {
  connection: [boolean];
  delivery: [StatusReport];
}

interface Waiter {
  accept: (ev: AtEvent) => boolean;
  resolve: (ev: AtEvent | null) => void;
  timer: NodeJS.Timeout;
}

export class SmsModemDriver extends EventEmitter<DriverEvents> {
  readonly link: SerialLink;
  private readonly parser = new AtParser();
  private waiter: Waiter | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private ready = false;
  /** The next line is the PDU of a `+CDS` delivery report. */
  private reportPending = false;
  private nextRef = Math.floor(Math.random() * 256);
  readonly stats = { sent: 0, failed: 0, retries: 0, reports: 0, unsolicited: 0 };

  constructor(private readonly options: SmsModemDriverOptions) {
    super();
    this.link = new SerialLink({
      path: options.path,
      baudRate: options.baudRate ?? DEFAULT_BAUD,
      log: options.log,
      ...(options.binding ? { binding: options.binding } : {}),
    });
    this.link.on('data', (chunk) => {
      for (const ev of this.parser.push(chunk)) this.onEvent(ev);
    });
    this.link.on('open', () => {
      this.parser.reset();
      this.ready = false;
      this.emit('connection', true);
      void this.exclusive(() => this.setUp()).catch(() => undefined);
    });
    this.link.on('close', () => {
      this.ready = false;
      this.settle(null);
      this.emit('connection', false);
    });
  }

  get connected(): boolean {
    return this.link.isOpen;
  }

  start(): void {
    this.link.start();
  }

  stop(): Promise<void> {
    this.settle(null);
    return this.link.stop();
  }

  /** Sends `text` to `to` (digits, `+` for international); resolves with the modem's references or why not. */
  send(to: string, text: string): Promise<SmsSendResult> {
    return this.exclusive(async () => {
      let pdus: ReturnType<typeof encodeSubmit>;
      try {
        pdus = encodeSubmit(to, text, { ref: this.nextRef++ & 0xff, statusReport: this.options.deliveryReports !== false });
      } catch (err) {
        return { ok: false, reason: (err as Error).message, permanent: true };
      }
      const refs: number[] = [];
      for (const pdu of pdus) {
        let outcome = await this.sendPart(pdu);
        if (!outcome.ok && !outcome.permanent && outcome.retry) {
          // ERROR or silence: the modem may have lost its settings (a reset, a SIM hiccup); set it up and try once more.
          this.stats.retries++;
          this.options.log.warn('modem did not take a part; setting it up again and retrying', { reason: outcome.reason });
          this.ready = false;
          outcome = await this.sendPart(pdu);
        }
        if (!outcome.ok) {
          this.stats.failed++;
          return { ok: false, reason: outcome.reason, permanent: outcome.permanent };
        }
        refs.push(outcome.ref);
      }
      this.stats.sent++;
      return { ok: true, refs };
    });
  }

  private async sendPart(pdu: {
    hex: string;
    tpduLength: number;
  }): Promise<{ ok: true; ref: number } | { ok: false; reason: string; permanent: boolean; retry: boolean }> {
    if (!this.link.isOpen) return { ok: false, reason: 'the modem port is not open', permanent: false, retry: false };
    if (!this.ready && !(await this.setUp()))
      return { ok: false, reason: 'the modem does not answer AT', permanent: false, retry: false };
    const prompt = await this.expect(
      () => this.link.write(Buffer.from(`AT+CMGS=${pdu.tpduLength}\r`, 'latin1')),
      (ev) => ev.t === 'prompt' || (ev.t === 'line' && finalResult(ev.text) !== null),
      this.options.commandTimeoutMs ?? COMMAND_TIMEOUT_MS,
    );
    if (!prompt) return this.abandon('no prompt after AT+CMGS');
    if (prompt.t === 'line') return this.refused(finalResult(prompt.text) as FinalResult);
    let ref: number | undefined;
    const final = await this.expect(
      () => this.link.write(Buffer.concat([Buffer.from(pdu.hex, 'latin1'), Buffer.from([CTRL_Z])])),
      (ev) => {
        if (ev.t !== 'line') return false;
        const m = /^\+CMGS:\s*(\d+)/.exec(ev.text);
        if (m) ref = Number(m[1]);
        return finalResult(ev.text) !== null;
      },
      this.options.sendTimeoutMs ?? SEND_TIMEOUT_MS,
    );
    if (final?.t !== 'line') return this.abandon('no answer to the PDU');
    const result = finalResult(final.text) as FinalResult;
    if (!result.ok) return this.refused(result);
    return { ok: true, ref: ref ?? 0 };
  }

  /** The modem went quiet mid-command: cancel any PDU it is still waiting for, and set it up again next time. */
  private async abandon(reason: string) {
    this.ready = false;
    await this.link.write(Buffer.from([ESC])).catch(() => undefined);
    return { ok: false as const, reason, permanent: false, retry: true };
  }

  private refused(result: FinalResult) {
    if (result.ok) return { ok: false as const, reason: 'unexpected OK', permanent: false, retry: true };
    const permanent = result.cms !== undefined && PERMANENT_CMS.has(result.cms);
    return { ok: false as const, reason: result.error, permanent, retry: result.cms === undefined };
  }

  /** Echo off, PDU mode, delivery reports routed to us as `+CDS`. */
  private async setUp(): Promise<boolean> {
    for (const cmd of ['ATE0', 'AT', 'AT+CMGF=0']) {
      const r = await this.command(cmd);
      if (!r?.ok) {
        this.options.log.warn('modem refused set-up', { cmd, answer: r && !r.ok ? r.error : 'no answer' });
        return false;
      }
    }
    if (this.options.deliveryReports !== false) {
      const r = await this.command('AT+CNMI=2,1,0,1,0');
      if (!r?.ok) this.options.log.info('modem gives no delivery reports (AT+CNMI refused)');
    }
    this.ready = true;
    return true;
  }

  private async command(cmd: string): Promise<FinalResult | null> {
    const ev = await this.expect(
      () => this.link.write(Buffer.from(`${cmd}\r`, 'latin1')),
      (e) => e.t === 'line' && finalResult(e.text) !== null,
      this.options.commandTimeoutMs ?? COMMAND_TIMEOUT_MS,
    );
    return ev && ev.t === 'line' ? finalResult(ev.text) : null;
  }

  private expect(send: () => Promise<void>, accept: (ev: AtEvent) => boolean, ms: number): Promise<AtEvent | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settle(null), ms);
      this.waiter = { accept, resolve, timer };
      send().catch(() => this.settle(null));
    });
  }

  private settle(ev: AtEvent | null): void {
    const w = this.waiter;
    if (!w) return;
    this.waiter = null;
    clearTimeout(w.timer);
    w.resolve(ev);
  }

  private onEvent(ev: AtEvent): void {
    if (ev.t === 'line' && this.reportPending) {
      this.reportPending = false;
      const report = decodeStatusReport(ev.text);
      if (report) {
        this.stats.reports++;
        this.emit('delivery', report);
        return;
      }
    }
    if (ev.t === 'line' && /^\+CDS:\s*\d+/.test(ev.text)) {
      this.reportPending = true;
      return;
    }
    if (this.waiter?.accept(ev)) {
      this.settle(ev);
      return;
    }
    if (!this.waiter || ev.t === 'prompt') this.stats.unsolicited++;
  }

  private exclusive<R>(fn: () => Promise<R>): Promise<R> {
    const result = this.chain.then(fn, fn);
    this.chain = result.catch(() => undefined);
    return result;
  }
}
