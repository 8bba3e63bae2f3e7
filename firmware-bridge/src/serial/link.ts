/**
 * A serial port that stays wanted: the link opens its path, and when the port disappears
 * (USB cable pulled, pty closed) it keeps trying to open the same path again with a capped
 * backoff, so the bridge recovers without a restart. Drivers see `open`, `data` and `close`
 * and reset their parsers on every `open`. The binding is injectable (a mock in unit tests;
 * the real one, also for socat ptys, everywhere else).
 */
import { EventEmitter } from 'node:events';
import { SerialPortStream } from '@serialport/stream';
import { SerialPort } from 'serialport';
import type { Logger } from '../log';
import type { SerialBinding } from './binding';

export interface SerialLinkOptions {
  path: string;
  baudRate: number;
  binding?: SerialBinding;
  log: Logger;
  /** First retry delay after a failed open or a lost port; doubles up to `retryMaxMs`. */
  retryMinMs?: number;
  retryMaxMs?: number;
}

interface LinkEvents {
  open: [];
  close: [Error | null];
  data: [Buffer];
}

export class SerialLink extends EventEmitter<LinkEvents> {
  private port: SerialPortStream | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private failures = 0;
  private readonly binding: SerialBinding;
  private readonly retryMinMs: number;
  private readonly retryMaxMs: number;

  constructor(private readonly options: SerialLinkOptions) {
    super();
    this.binding = options.binding ?? (SerialPort.binding as unknown as SerialBinding);
    this.retryMinMs = options.retryMinMs ?? 200;
    this.retryMaxMs = options.retryMaxMs ?? 5000;
  }

  get path(): string {
    return this.options.path;
  }

  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.tryOpen();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  /** Writes and waits until the OS has taken the bytes; rejects when the port is not open. */
  write(bytes: Buffer): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) return Promise.reject(new Error(`serial port ${this.options.path} is not open`));
    return new Promise((resolve, reject) => {
      port.write(bytes, (err) => {
        if (err) return reject(err);
        port.drain((e) => (e ? reject(e) : resolve()));
      });
    });
  }

  private schedule(): void {
    if (this.stopped || this.timer) return;
    const delay = Math.min(this.retryMaxMs, this.retryMinMs * 2 ** Math.min(this.failures, 10));
    this.timer = setTimeout(() => {
      this.timer = null;
      this.tryOpen();
    }, delay);
  }

  private tryOpen(): void {
    if (this.stopped) return;
    const { path, baudRate, log } = this.options;
    const port = new SerialPortStream({ binding: this.binding, path, baudRate, autoOpen: false });
    // Errors after open (a failed write, a read error) are followed by `close`; log them only.
    port.on('error', (err) => log.debug('serial port error', { path, err: err.message }));
    port.open((err) => {
      if (err) {
        // The first failure is worth a warning; the retries every few seconds are not.
        if (this.failures === 0) log.warn('cannot open serial port; will keep trying', { path, err: err.message });
        this.failures++;
        this.schedule();
        return;
      }
      if (this.stopped) {
        port.close();
        return;
      }
      this.failures = 0;
      this.port = port;
      port.on('data', (chunk: Buffer) => this.emit('data', chunk));
      port.once('close', (closeErr: Error | null) => {
        if (this.port === port) this.port = null;
        if (this.stopped) return;
        log.warn('serial port lost; reopening', { path, err: closeErr?.message });
        this.emit('close', closeErr ?? null);
        this.schedule();
      });
      log.info('serial port open', { path, baudRate });
      this.emit('open');
    });
  }
}
