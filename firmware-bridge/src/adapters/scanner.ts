/** Barcode/QR scanner: each code becomes a `scan` event. */
import type { PeripheralStatus } from '@callboard/hub/protocol';
import type { Peripheral } from '../config';
import { ScannerDriver } from '../drivers/scanner/driver';
import { type AdapterContext, eventBase, type PeripheralAdapter } from './types';

type ScannerConfig = Extract<Peripheral, { kind: 'scanner' }>;

export class ScannerAdapter implements PeripheralAdapter {
  readonly kind = 'scanner' as const;
  readonly id: string;
  readonly driver: ScannerDriver;

  constructor(
    private readonly config: ScannerConfig,
    ctx: AdapterContext,
  ) {
    this.id = config.id;
    this.driver = new ScannerDriver({
      path: config.port,
      log: ctx.log,
      ...(ctx.binding ? { binding: ctx.binding } : {}),
      terminator: config.terminator ?? 'CR',
      aimPrefix: config.aimPrefix ?? false,
      encoding: config.encoding ?? 'utf8',
      ...(config.baudRate ? { baudRate: config.baudRate } : {}),
      ...(config.interByteMs ? { interByteMs: config.interByteMs } : {}),
    });
    this.driver.on('scan', (s) =>
      ctx.send({
        ...eventBase(this.id),
        type: 'scan',
        code: s.code,
        ...(s.symbology ? { symbology: s.symbology } : {}),
        ...(ctx.kioskId ? { kioskId: ctx.kioskId } : {}),
      }),
    );
    this.driver.on('connection', () => ctx.statusChanged());
  }

  get connected(): boolean {
    return this.driver.connected;
  }

  start(): void {
    this.driver.start();
  }

  stop(): Promise<void> {
    return this.driver.stop();
  }

  status(): PeripheralStatus {
    return { id: this.id, kind: this.kind, connected: this.connected, port: this.config.port };
  }
}
