/** Barcode/QR scanner: each code becomes a `scan` event. */
import type { PeripheralStatus } from '@callboard/hub/protocol';
import type { Peripheral } from '../config';
import { ScannerDriver } from '../drivers/scanner/driver';
import { type AdapterContext, DriverAdapter, eventBase, type PeripheralAdapter, serialLine } from './types';

type ScannerConfig = Extract<Peripheral, { kind: 'scanner' }>;

export class ScannerAdapter extends DriverAdapter<ScannerDriver> implements PeripheralAdapter {
  readonly kind = 'scanner' as const;

  constructor(
    private readonly config: ScannerConfig,
    ctx: AdapterContext,
  ) {
    super(
      config.id,
      new ScannerDriver({
        ...serialLine(config, ctx),
        terminator: config.terminator ?? 'CR',
        aimPrefix: config.aimPrefix ?? false,
        encoding: config.encoding ?? 'utf8',
        ...(config.interByteMs ? { interByteMs: config.interByteMs } : {}),
      }),
      ctx,
    );
    this.driver.on('scan', (s) =>
      ctx.send({
        ...eventBase(this.id),
        type: 'scan',
        code: s.code,
        ...(s.symbology ? { symbology: s.symbology } : {}),
        ...(ctx.kioskId ? { kioskId: ctx.kioskId } : {}),
      }),
    );
  }

  status(): PeripheralStatus {
    return { id: this.id, kind: this.kind, connected: this.connected, port: this.config.port };
  }
}
