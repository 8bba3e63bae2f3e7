/**
 * Emulated SMS modem on the far side of a pty: answers the AT commands a modem driver uses,
 * takes PDUs after `AT+CMGS=<n>` and its `> ` prompt, decodes them (UCS-2 and GSM 7-bit,
 * concatenated parts joined), so tests compare the text a phone would show; sends a delivery
 * report (`+CDS`) when asked for one. `setFaults` makes it misbehave as modems do: `ERROR`,
 * `+CMS ERROR: n`, silence, garbage on the line.
 */
import { EventEmitter } from 'node:events';
import { CTRL_Z, DEFAULT_BAUD, ESC } from '../../drivers/sms-modem/constants';
import { type DecodedSubmit, decodeSubmit, encodeStatusReport } from '../../drivers/sms-modem/pdu';
import type { Logger } from '../../log';
import type { SerialBinding } from '../../serial/binding';
import { SerialLink } from '../../serial/link';

export interface SmsModemEmulatorOptions {
  path: string;
  binding?: SerialBinding;
  baudRate?: number;
  log: Logger;
}

export interface ModemFaults {
  /** Answer each send with `ERROR` or `+CMS ERROR: <code>`. */
  error?: 'ERROR' | number;
  /** Answer nothing at all (a hung modem, a pulled antenna). */
  silent?: boolean;
  /** Put noise on the line before every reply. */
  garbage?: boolean;
  /** How many sends the fault hits before the modem is well again (default: until cleared). */
  times?: number;
  /** The TP-ST of delivery reports (0 = delivered, 0x41 = failed). */
  reportStatus?: number;
}

/** A whole text as it would reach the phone. */
export interface ReceivedSms {
  to: string;
  text: string;
  parts: number;
  refs: number[];
}

export class SmsModemEmulator extends EventEmitter<{ sms: [ReceivedSms] }> {
  readonly link: SerialLink;
  readonly received: ReceivedSms[] = [];
  readonly stats = { commands: 0, pdus: 0, refused: 0, reports: 0 };
  private buf = Buffer.alloc(0);
  /** Waiting for the PDU of `AT+CMGS=<n>`. */
  private pduLength: number | null = null;
  private faults: ModemFaults = {};
  private reportsOn = false;
  private mr = 0;
  private readonly parts = new Map<string, { part: DecodedSubmit; ref: number }[]>();

  constructor(private readonly options: SmsModemEmulatorOptions) {
    super();
    this.link = new SerialLink({
      path: options.path,
      baudRate: options.baudRate ?? DEFAULT_BAUD,
      log: options.log,
      ...(options.binding ? { binding: options.binding } : {}),
    });
    this.link.on('open', () => {
      this.buf = Buffer.alloc(0);
      this.pduLength = null;
    });
    this.link.on('data', (chunk) => this.onData(chunk));
  }

  start(): void {
    this.link.start();
  }

  stop(): Promise<void> {
    return this.link.stop();
  }

  setFaults(faults: ModemFaults): void {
    this.faults = { ...faults };
  }

  /** The next text to arrive (tests). */
  next(timeoutMs = 30_000): Promise<ReceivedSms> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no SMS reached the emulated modem within ${timeoutMs} ms`)), timeoutMs);
      this.once('sms', (sms) => {
        clearTimeout(timer);
        resolve(sms);
      });
    });
  }

  private onData(chunk: Buffer): void {
    this.buf = Buffer.concat([this.buf, chunk]);
    for (;;) {
      if (this.pduLength !== null) {
        const end = this.buf.findIndex((b) => b === CTRL_Z || b === ESC);
        if (end < 0) return;
        const hex = this.buf.subarray(0, end).toString('latin1').trim();
        const cancelled = this.buf[end] === ESC;
        this.buf = this.buf.subarray(end + 1);
        const length = this.pduLength;
        this.pduLength = null;
        if (!cancelled) this.onPdu(hex, length);
        continue;
      }
      const end = this.buf.indexOf(0x0d);
      if (end < 0) return;
      const line = this.buf.subarray(0, end).toString('latin1').replace(/\n/g, '').trim();
      this.buf = this.buf.subarray(end + 1);
      if (line) this.onCommand(line);
    }
  }

  private onCommand(cmd: string): void {
    this.stats.commands++;
    if (this.faults.silent) return;
    const upper = cmd.toUpperCase();
    const cmgs = /^AT\+CMGS=(\d+)$/.exec(upper);
    if (cmgs) {
      this.pduLength = Number(cmgs[1]);
      this.reply('\r\n> ');
      return;
    }
    if (upper.startsWith('AT+CNMI=')) this.reportsOn = /^AT\+CNMI=\d,\d,\d,1/.test(upper);
    const known = upper === 'AT' || upper === 'ATE0' || upper === 'AT+CMGF=0' || upper.startsWith('AT+CNMI=');
    this.reply(known ? '\r\nOK\r\n' : '\r\nERROR\r\n');
  }

  private onPdu(hex: string, length: number): void {
    this.stats.pdus++;
    if (this.faults.silent) return;
    if (this.faults.error !== undefined) {
      this.stats.refused++;
      const error = this.faults.error;
      if (this.faults.times !== undefined && --this.faults.times <= 0) this.faults = {};
      this.reply(error === 'ERROR' ? '\r\nERROR\r\n' : `\r\n+CMS ERROR: ${error}\r\n`);
      return;
    }
    const part = decodeSubmit(hex);
    if (!part || hex.length / 2 - 1 !== length) {
      this.reply('\r\n+CMS ERROR: 304\r\n');
      return;
    }
    const ref = this.mr++ & 0xff;
    this.reply(`\r\n+CMGS: ${ref}\r\n\r\nOK\r\n`);
    this.collect(part, ref);
    if (part.statusReport && this.reportsOn) {
      const status = this.faults.reportStatus ?? 0;
      setTimeout(() => {
        const report = encodeStatusReport(ref, part.to, status);
        this.stats.reports++;
        this.reply(`\r\n+CDS: ${report.length / 2 - 1}\r\n${report}\r\n`);
      }, 20);
    }
  }

  /** Joins the parts of a concatenated text; a whole text is recorded and announced. */
  private collect(part: DecodedSubmit, ref: number): void {
    if (!part.concat) {
      this.deliver({ to: part.to, text: part.text, parts: 1, refs: [ref] });
      return;
    }
    const key = `${part.to}/${part.concat.ref}`;
    const got = this.parts.get(key) ?? [];
    got.push({ part, ref });
    this.parts.set(key, got);
    if (got.length < part.concat.total) return;
    this.parts.delete(key);
    got.sort((a, b) => (a.part.concat?.seq ?? 0) - (b.part.concat?.seq ?? 0));
    this.deliver({ to: part.to, text: got.map((g) => g.part.text).join(''), parts: got.length, refs: got.map((g) => g.ref) });
  }

  private deliver(sms: ReceivedSms): void {
    this.received.push(sms);
    this.options.log.info('emulated modem sent a text', { parts: sms.parts, chars: sms.text.length });
    this.emit('sms', sms);
  }

  private reply(text: string): void {
    const noise = this.faults.garbage ? Buffer.from([0xff, 0xfe, 0x00, 0x13, 0x0d, 0x0a]) : Buffer.alloc(0);
    this.link.write(Buffer.concat([noise, Buffer.from(text, 'latin1')])).catch(() => undefined);
  }
}
