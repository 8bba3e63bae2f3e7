/** Emulated serial scanner: writes a code with the configured terminator/prefix when told to scan. */
import { encodeCode, type ScannerCodecOptions } from '../../drivers/scanner/codec';
import { DEFAULT_BAUD } from '../../drivers/scanner/constants';
import type { Logger } from '../../log';
import type { SerialBinding } from '../../serial/binding';
import { SerialLink } from '../../serial/link';

export interface ScannerEmulatorOptions extends ScannerCodecOptions {
  path: string;
  /** The serialport binding (default: the real one, for a pty); in-process links pass theirs. */
  binding?: SerialBinding;
  baudRate?: number;
  log: Logger;
}

export class ScannerEmulator {
  readonly link: SerialLink;

  constructor(private readonly options: ScannerEmulatorOptions) {
    this.link = new SerialLink({
      path: options.path,
      baudRate: options.baudRate ?? DEFAULT_BAUD,
      log: options.log,
      ...(options.binding ? { binding: options.binding } : {}),
    });
  }

  start(): void {
    this.link.start();
  }

  stop(): Promise<void> {
    return this.link.stop();
  }

  scan(code: string, symbology = ']Q1'): Promise<void> {
    this.options.log.info('scanning', { length: code.length });
    return this.link.write(encodeCode(code, this.options, symbology));
  }
}
