/** LED counter screen: shows the text the hub sends for its counter. */
import type { PeripheralStatus } from '@callboard/hub/protocol';
import type { Peripheral } from '../config';
import { LedCounterDriver } from '../drivers/led-counter/driver';
import type { AdapterContext, PeripheralAdapter } from './types';

type LedConfig = Extract<Peripheral, { kind: 'led-counter' }>;

export class LedAdapter implements PeripheralAdapter {
  readonly kind = 'led-counter' as const;
  readonly id: string;
  readonly driver: LedCounterDriver;

  constructor(
    private readonly config: LedConfig,
    ctx: AdapterContext,
  ) {
    this.id = config.id;
    this.driver = new LedCounterDriver({
      path: config.port,
      log: ctx.log,
      ...(ctx.binding ? { binding: ctx.binding } : {}),
      ...(config.baudRate ? { baudRate: config.baudRate } : {}),
      ...(config.lineEnding ? { lineEnding: config.lineEnding } : {}),
      ...(config.encoding ? { encoding: config.encoding } : {}),
      ...(config.maxChars ? { maxChars: config.maxChars } : {}),
    });
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
