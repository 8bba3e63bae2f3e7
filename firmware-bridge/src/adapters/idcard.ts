/** ID card reader: card reads and refusals become `card` / `card-error` events; its health shows in the status. */
import { maskName, type PeripheralStatus } from '@callboard/hub/protocol';
import type { Peripheral } from '../config';
import { IdCardDriver } from '../drivers/idcard-sam/driver';
import { type AdapterContext, DriverAdapter, eventBase, type PeripheralAdapter, serialLine } from './types';

type IdCardConfig = Extract<Peripheral, { kind: 'idcard-sam' }>;

export class IdCardAdapter extends DriverAdapter<IdCardDriver> implements PeripheralAdapter {
  readonly kind = 'idcard-sam' as const;

  constructor(
    private readonly config: IdCardConfig,
    ctx: AdapterContext,
  ) {
    super(
      config.id,
      new IdCardDriver({
        ...serialLine(config, ctx),
        ...(config.pollMs ? { pollMs: config.pollMs } : {}),
        ...(config.repeatAfterMs ? { repeatAfterMs: config.repeatAfterMs } : {}),
      }),
      ctx,
    );
    const kiosk = ctx.kioskId ? { kioskId: ctx.kioskId } : {};
    // Only what matching needs leaves the bridge: the number and kind, never the photo, and the
    // name only masked (张*三, for services that show names on screens: docs/personal-data.md).
    this.driver.on('card', (card) => {
      const nameMasked = card.name ? maskName(card.name) : '';
      ctx.send({
        ...eventBase(this.id),
        type: 'card',
        card: { kind: card.kind, idNumber: card.idNumber, validTo: card.validTo, ...(nameMasked ? { nameMasked } : {}) },
        ...kiosk,
        ...(ctx.defaultServiceId ? { serviceId: ctx.defaultServiceId } : {}),
      });
    });
    this.driver.on('card-error', (e) =>
      ctx.send({ ...eventBase(this.id), type: 'card-error', code: e.code, message: e.message, ...kiosk }),
    );
    this.driver.on('health', () => ctx.statusChanged());
  }

  status(): PeripheralStatus {
    return {
      id: this.id,
      kind: this.kind,
      connected: this.connected,
      port: this.config.port,
      ...(this.driver.degraded ? { degraded: true } : {}),
    };
  }
}
