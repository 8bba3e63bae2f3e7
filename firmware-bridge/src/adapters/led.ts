/** LED counter screen: shows the text the hub sends for its counter. */
import type { PeripheralStatus } from '@callboard/hub/protocol';
import type { Peripheral } from '../config';
import { LedCounterDriver } from '../drivers/led-counter/driver';
import { type AdapterContext, DriverAdapter, type PeripheralAdapter, serialLine } from './types';

type LedConfig = Extract<Peripheral, { kind: 'led-counter' }>;

export class LedAdapter extends DriverAdapter<LedCounterDriver> implements PeripheralAdapter {
  readonly kind = 'led-counter' as const;

  constructor(
    private readonly config: LedConfig,
    ctx: AdapterContext,
  ) {
    super(
      config.id,
      new LedCounterDriver({
        ...serialLine(config, ctx),
        ...(config.lineEnding ? { lineEnding: config.lineEnding } : {}),
        ...(config.encoding ? { encoding: config.encoding } : {}),
        ...(config.maxChars ? { maxChars: config.maxChars } : {}),
      }),
      ctx,
    );
  }

  readonly showText = (text: string): Promise<void> => this.driver.show(text);

  status(): PeripheralStatus {
    return {
      id: this.id,
      kind: this.kind,
      connected: this.connected,
      port: this.config.port,
      ...(this.config.counterId ? { counterId: this.config.counterId } : {}),
    };
  }
}
