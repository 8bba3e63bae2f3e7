/**
 * Where printer bytes go: a serial port (owned here, with status polling), a network printer
 * (`tcp://host:9100`, node-thermal-printer's own network interface for jobs, a short socket
 * per status query), or a device path such as /dev/usb/lp0 (node-thermal-printer's file
 * interface; write-only, so paper state stays `unknown`).
 */
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import type { Logger } from '../../log';
import type { SerialBinding } from '../../serial/binding';
import { SerialLink } from '../../serial/link';
import { Waitress } from '../../serial/waitress';
import { isStatusByte, statusRequest } from './codec';
import { DEFAULT_BAUD, STATUS_TIMEOUT_MS, type StatusRequestN } from './constants';
import type { PrinterInterface } from './layout';

interface TransportEvents {
  connection: [boolean];
}

export interface PrinterTransport extends EventEmitter<TransportEvents> {
  readonly describe: string;
  readonly canQueryStatus: boolean;
  readonly isOpen: boolean;
  start(): void;
  stop(): Promise<void>;
  /** What node-thermal-printer is given as its `interface`. */
  printerInterface(): string | PrinterInterface;
  /** `DLE EOT n` → the one status byte; rejects on timeout. */
  query(n: StatusRequestN): Promise<number>;
  /** Runs `fn` with the line to itself (no status poll in between). */
  exclusive<R>(fn: () => Promise<R>): Promise<R>;
}

export class SerialPrinterTransport extends EventEmitter<TransportEvents> implements PrinterTransport {
  readonly canQueryStatus = true;
  readonly link: SerialLink;
  private readonly waitress = new Waitress<number>();

  constructor(path: string, baudRate: number | undefined, log: Logger, binding?: SerialBinding) {
    super();
    this.link = new SerialLink({ path, baudRate: baudRate ?? DEFAULT_BAUD, log, ...(binding ? { binding } : {}) });
    this.link.on('open', () => this.emit('connection', true));
    this.link.on('close', () => {
      this.waitress.cancel(new Error('serial port closed'));
      this.emit('connection', false);
    });
    this.link.on('data', (chunk) => {
      for (const b of chunk) if (!isStatusByte(b) || !this.waitress.offer(b)) log.debug('unexpected printer byte', { b });
    });
  }

  get describe(): string {
    return this.link.path;
  }

  get isOpen(): boolean {
    return this.link.isOpen;
  }

  start(): void {
    this.link.start();
  }

  stop(): Promise<void> {
    this.waitress.cancel(new Error('printer stopped'));
    return this.link.stop();
  }

  printerInterface(): PrinterInterface {
    return { execute: (buffer) => this.link.write(buffer), isPrinterConnected: async () => this.link.isOpen };
  }

  query(n: StatusRequestN): Promise<number> {
    return this.waitress.request(`DLE EOT ${n}`, () => this.link.write(statusRequest(n)), isStatusByte, STATUS_TIMEOUT_MS);
  }

  exclusive<R>(fn: () => Promise<R>): Promise<R> {
    return this.waitress.exclusive(fn);
  }
}

export class TcpPrinterTransport extends EventEmitter<TransportEvents> implements PrinterTransport {
  readonly canQueryStatus = true;
  private open = false;
  private readonly waitress = new Waitress<number>();

  constructor(
    private readonly uri: string,
    private readonly log: Logger,
  ) {
    super();
  }

  get describe(): string {
    return this.uri;
  }

  get isOpen(): boolean {
    return this.open;
  }

  start(): void {}

  async stop(): Promise<void> {}

  printerInterface(): string {
    return this.uri;
  }

  query(n: StatusRequestN): Promise<number> {
    return this.waitress.exclusive(
      () =>
        new Promise<number>((resolve, reject) => {
          const url = new URL(this.uri);
          const socket = connect({ host: url.hostname, port: Number(url.port || 9100) });
          const done = (err: Error | null, b?: number) => {
            clearTimeout(timer);
            socket.destroy();
            this.setOpen(err === null);
            if (err) reject(err);
            else resolve(b as number);
          };
          const timer = setTimeout(() => done(new Error(`no status from ${this.uri}`)), STATUS_TIMEOUT_MS * 3);
          socket.on('connect', () => socket.write(statusRequest(n)));
          socket.on('data', (chunk) => {
            const b = [...chunk].find(isStatusByte);
            if (b !== undefined) done(null, b);
          });
          socket.on('error', (err) => done(err));
        }),
    );
  }

  exclusive<R>(fn: () => Promise<R>): Promise<R> {
    return this.waitress.exclusive(fn);
  }

  private setOpen(open: boolean): void {
    if (open === this.open) return;
    this.open = open;
    this.log.info(open ? 'network printer reachable' : 'network printer unreachable', { uri: this.uri });
    this.emit('connection', open);
  }
}

export class DevicePathPrinterTransport extends EventEmitter<TransportEvents> implements PrinterTransport {
  readonly canQueryStatus = false;
  private readonly waitress = new Waitress<number>();

  constructor(private readonly path: string) {
    super();
  }

  get describe(): string {
    return this.path;
  }

  get isOpen(): boolean {
    return existsSync(this.path);
  }

  start(): void {}

  async stop(): Promise<void> {}

  printerInterface(): string {
    return this.path;
  }

  query(): Promise<number> {
    return Promise.reject(new Error(`${this.path} is write-only: no status`));
  }

  exclusive<R>(fn: () => Promise<R>): Promise<R> {
    return this.waitress.exclusive(fn);
  }
}
