/** ESC/POS printer (serial, tcp:// or a device path): prints jobs; paper and cover show in the status. */
import type { PeripheralStatus, PrintJob } from '@callboard/hub/protocol';
import type { Peripheral } from '../config';
import { PrinterDriver, type PrinterDriverOptions, type PrintResult } from '../drivers/printer-escpos/driver';
import { type AdapterContext, DriverAdapter, type PeripheralAdapter } from './types';

type PrinterConfig = Extract<Peripheral, { kind: 'printer-escpos' }>;

/** The one target the configuration names (config.ts checks there is exactly one). */
function target(p: PrinterConfig): PrinterDriverOptions['target'] {
  if (p.port) return { serial: p.port, ...(p.baudRate ? { baudRate: p.baudRate } : {}) };
  if (p.tcp) return { tcp: p.tcp };
  if (p.device) return { device: p.device };
  throw new Error(`printer "${p.id}" has no port, tcp or device`);
}

export class PrinterAdapter extends DriverAdapter<PrinterDriver> implements PeripheralAdapter {
  readonly kind = 'printer-escpos' as const;

  constructor(config: PrinterConfig, ctx: AdapterContext) {
    super(
      config.id,
      new PrinterDriver({
        target: target(config),
        log: ctx.log,
        ...(ctx.binding ? { binding: ctx.binding } : {}),
        ...(config.pollMs ? { pollMs: config.pollMs } : {}),
        ...(config.width ? { width: config.width } : {}),
      }),
      ctx,
    );
    this.driver.on('status', () => ctx.statusChanged());
  }

  readonly print = (jobId: string, job: PrintJob, hooks: { onSend?: () => void }): Promise<PrintResult> =>
    this.driver.print(jobId, job, hooks);

  status(): PeripheralStatus {
    return {
      id: this.id,
      kind: this.kind,
      connected: this.connected,
      port: this.driver.transport.describe,
      printer: this.driver.state,
    };
  }
}
