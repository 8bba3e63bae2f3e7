/** Codes scanned at a bridge, handed to the modules that understand them. */
import type { ScanEvent } from '../protocol';
import type { DeviceRegistry } from './registry';

/** Receives scans (appointment or insurance QR codes) for the module that understands them. */
export type ScanHandler = (scan: { deviceId: string; kioskId?: string; code: string; symbology?: string }) => void;

export class Scans {
  private readonly handlers = new Set<ScanHandler>();

  constructor(
    private readonly deps: {
      registry: DeviceRegistry;
      log: { info(obj: object, msg?: string): void };
    },
  ) {}

  onScan(handler: ScanHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  received(deviceId: string, msg: ScanEvent): void {
    const kioskId = msg.kioskId ?? this.deps.registry.kioskOf(deviceId);
    this.deps.log.info({ device: deviceId, length: msg.code.length, symbology: msg.symbology }, 'code scanned');
    for (const h of this.handlers)
      h({
        deviceId,
        code: msg.code,
        ...(kioskId ? { kioskId } : {}),
        ...(msg.symbology ? { symbology: msg.symbology } : {}),
      });
  }

  clear(): void {
    this.handlers.clear();
  }
}
