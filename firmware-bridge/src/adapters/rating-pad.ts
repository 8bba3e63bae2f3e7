/** Rating pad (also a counter's call pad): faces and keys become `rating` / `button` events; it can beep. */
import type { PeripheralStatus } from '@callboard/hub/protocol';
import type { Peripheral } from '../config';
import { RatingPadDriver } from '../drivers/rating-pad/driver';
import { type AdapterContext, DriverAdapter, eventBase, type PeripheralAdapter, serialLine } from './types';

type RatingPadConfig = Extract<Peripheral, { kind: 'rating-pad' }>;

export class RatingPadAdapter extends DriverAdapter<RatingPadDriver> implements PeripheralAdapter {
  readonly kind = 'rating-pad' as const;

  constructor(
    private readonly config: RatingPadConfig,
    ctx: AdapterContext,
  ) {
    super(
      config.id,
      new RatingPadDriver({
        ...serialLine(config, ctx),
        ...(config.lineEnding ? { lineEnding: config.lineEnding } : {}),
      }),
      ctx,
    );
    const counter = config.counterId ? { counterId: config.counterId } : {};
    this.driver.on('rating', (score) => ctx.send({ ...eventBase(this.id), type: 'rating', score, ...counter }));
    this.driver.on('button', (button) => ctx.send({ ...eventBase(this.id), type: 'button', button, ...counter }));
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
