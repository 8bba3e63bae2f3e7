/** Rating pad (also a counter's call pad): faces and keys become `rating` / `button` events; it can beep. */
import type { PeripheralStatus } from '@callboard/hub/protocol';
import type { Peripheral } from '../config';
import { RatingPadDriver } from '../drivers/rating-pad/driver';
import { type AdapterContext, eventBase, type PeripheralAdapter } from './types';

type RatingPadConfig = Extract<Peripheral, { kind: 'rating-pad' }>;

export class RatingPadAdapter implements PeripheralAdapter {
  readonly kind = 'rating-pad' as const;
  readonly id: string;
  readonly driver: RatingPadDriver;

  constructor(
    private readonly config: RatingPadConfig,
    ctx: AdapterContext,
  ) {
    this.id = config.id;
    this.driver = new RatingPadDriver({
      path: config.port,
      log: ctx.log,
      ...(ctx.binding ? { binding: ctx.binding } : {}),
      ...(config.baudRate ? { baudRate: config.baudRate } : {}),
      ...(config.lineEnding ? { lineEnding: config.lineEnding } : {}),
    });
    const counter = config.counterId ? { counterId: config.counterId } : {};
    this.driver.on('rating', (score) => ctx.send({ ...eventBase(this.id), type: 'rating', score, ...counter }));
    this.driver.on('button', (button) => ctx.send({ ...eventBase(this.id), type: 'button', button, ...counter }));
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

  readonly beep = (): Promise<void> => this.driver.send({ t: 'beep' });

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
