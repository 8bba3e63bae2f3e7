/**
 * ESC/POS printer driver: polls real-time status (DLE EOT 1, 2, [3], 4) so paper end, near
 * end and an open cover reach the hub within a poll or two, and prints jobs the hub rendered.
 * A job is refused up front when the printer cannot print it, and the result (printed /
 * failed with reason) goes back to the hub; a job is never queued for later.
 */
import { EventEmitter } from 'node:events';
import type { PrinterState, PrintJob } from '@callboard/hub/protocol';
import type { Logger } from '../../log';
import type { SerialBinding } from '../../serial/binding';
import { applyStatus, blocksPrinting, noFlags, type StatusFlags, summarise } from './codec';
import { DEFAULT_POLL_MS, StatusRequest } from './constants';
import { createPrinter, renderJob } from './layout';
import { DevicePathPrinterTransport, type PrinterTransport, SerialPrinterTransport, TcpPrinterTransport } from './transport';

export interface PrinterDriverOptions {
  /** A serial port path, `tcp://host:9100`, or a device path with `device: true`. */
  target: { serial: string; baudRate?: number } | { tcp: string } | { device: string };
  binding?: SerialBinding;
  pollMs?: number;
  width?: number;
  log: Logger;
}

export interface PrintResult {
  ok: boolean;
  reason?: string;
}

interface DriverEvents {
  status: [PrinterState];
  connection: [boolean];
}

const sameState = (a: PrinterState, b: PrinterState) => JSON.stringify(a) === JSON.stringify(b);

export class PrinterDriver extends EventEmitter<DriverEvents> {
  readonly transport: PrinterTransport;
  private flags: StatusFlags = noFlags;
  private current: PrinterState;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  readonly stats = { polls: 0, printed: 0, failed: 0 };

  constructor(private readonly options: PrinterDriverOptions) {
    super();
    const t = options.target;
    this.transport =
      'serial' in t
        ? new SerialPrinterTransport(t.serial, t.baudRate, options.log, options.binding)
        : 'tcp' in t
          ? new TcpPrinterTransport(t.tcp, options.log)
          : new DevicePathPrinterTransport(t.device);
    this.current = summarise(noFlags, false, false);
    this.transport.on('connection', (up) => {
      this.emit('connection', up);
      if (up) this.schedule(0);
      else this.update(this.flags, false);
    });
  }

  get state(): PrinterState {
    return this.current;
  }

  get connected(): boolean {
    return this.transport.isOpen;
  }

  start(): void {
    this.running = true;
    this.transport.start();
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.transport.stop();
  }

  /** One status cycle; resolves with the new state (also emitted on change). */
  async pollStatus(): Promise<PrinterState> {
    this.stats.polls++;
    if (!this.transport.canQueryStatus) return this.update(noFlags, this.transport.isOpen, false);
    try {
      let flags = applyStatus(this.flags, 1, await this.transport.query(StatusRequest.printer));
      flags = applyStatus(flags, 2, await this.transport.query(StatusRequest.offlineCause));
      flags = flags.error
        ? applyStatus(flags, 3, await this.transport.query(StatusRequest.errorCause))
        : { ...flags, cutterError: false, unrecoverable: false };
      flags = applyStatus(flags, 4, await this.transport.query(StatusRequest.paperSensor));
      return this.update(flags, true);
    } catch (err) {
      this.options.log.debug('status poll failed', { err: (err as Error).message });
      return this.update(this.flags, false);
    }
  }

  /** `hooks.onSend` runs just before the job's first byte goes to the printer. */
  async print(jobId: string, job: PrintJob, hooks: { onSend?: () => void } = {}): Promise<PrintResult> {
    const before = this.transport.canQueryStatus ? await this.pollStatus() : this.current;
    const blocked = this.transport.canQueryStatus ? blocksPrinting(before) : this.transport.isOpen ? null : 'printer offline';
    if (blocked) return this.fail(jobId, blocked);
    try {
      await this.transport.exclusive(async () => {
        hooks.onSend?.();
        const printer = createPrinter(this.transport.printerInterface(), this.options.width ?? 48);
        renderJob(printer, job);
        await printer.execute();
      });
    } catch (err) {
      return this.fail(jobId, `could not send the job: ${(err as Error).message}`);
    }
    this.stats.printed++;
    this.options.log.info('job printed', { jobId });
    if (this.transport.canQueryStatus) void this.pollStatus();
    return { ok: true };
  }

  private fail(jobId: string, reason: string): PrintResult {
    this.stats.failed++;
    this.options.log.warn('job not printed', { jobId, reason });
    return { ok: false, reason };
  }

  private update(flags: StatusFlags, online: boolean, paperKnown = true): PrinterState {
    this.flags = flags;
    const next = summarise(flags, online, paperKnown);
    if (!sameState(next, this.current)) {
      this.current = next;
      this.options.log.info('printer status', { condition: next.condition, paper: next.paper });
      this.emit('status', next);
    }
    return next;
  }

  private schedule(ms: number): void {
    if (!this.running || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pollStatus().finally(() => this.schedule(this.options.pollMs ?? DEFAULT_POLL_MS));
    }, ms);
  }
}
