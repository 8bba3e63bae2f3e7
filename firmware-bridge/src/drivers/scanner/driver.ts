/** Scanner driver: owns the serial link; emits each decoded code. Scanners only talk, never answer. */
import { EventEmitter } from 'node:events';
import type { Logger } from '../../log';
import type { SerialBinding } from '../../serial/binding';
import { SerialLink } from '../../serial/link';
import { decodeCode, type ScannedCode, type ScannerCodecOptions } from './codec';
import { DEFAULT_BAUD, DEFAULT_INTER_BYTE_MS } from './constants';
import { ScanParser } from './parser';

export interface ScannerDriverOptions extends ScannerCodecOptions {
  path: string;
  baudRate?: number;
  binding?: SerialBinding;
  interByteMs?: number;
  log: Logger;
}

interface DriverEvents {
  scan: [ScannedCode];
  connection: [boolean];
}

export class ScannerDriver extends EventEmitter<DriverEvents> {
  readonly link: SerialLink;
  private readonly parser: ScanParser;

  constructor(private readonly options: ScannerDriverOptions) {
    super();
    this.link = new SerialLink({
      path: options.path,
      baudRate: options.baudRate ?? DEFAULT_BAUD,
      log: options.log,
      ...(options.binding ? { binding: options.binding } : {}),
    });
    this.parser = new ScanParser(options.terminator, options.interByteMs ?? DEFAULT_INTER_BYTE_MS);
    this.link.on('data', (chunk) => this.parser.write(chunk));
    this.link.on('open', () => {
      this.parser.reset();
      this.emit('connection', true);
    });
    this.link.on('close', () => this.emit('connection', false));
    this.parser.on('data', (bytes: Buffer) => {
      const scanned = decodeCode(bytes, this.options);
      if (!scanned) return;
      // The code itself may be an identity (insurance voucher): log its length, not its content.
      this.options.log.info('code scanned', { length: scanned.code.length, symbology: scanned.symbology });
      this.emit('scan', scanned);
    });
  }

  get connected(): boolean {
    return this.link.isOpen;
  }

  start(): void {
    this.link.start();
  }

  async stop(): Promise<void> {
    this.parser.reset();
    await this.link.stop();
  }
}
