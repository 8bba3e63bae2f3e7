/**
 * SMS modem: sends the texts the hub hands this bridge (`devices/<id>/sms`, the one topic with
 * clear phone numbers) and passes the network's delivery reports back. The bridge of an SMS
 * modem is paired as its own device of kind `sms-modem` (docs/notifications.md).
 */
import type { PeripheralStatus } from '@callboard/hub/protocol';
import type { Peripheral } from '../config';
import { SmsModemDriver, type SmsSendResult } from '../drivers/sms-modem/driver';
import { type AdapterContext, DriverAdapter, type PeripheralAdapter, serialLine } from './types';

type SmsModemConfig = Extract<Peripheral, { kind: 'sms-modem' }>;

export class SmsModemAdapter extends DriverAdapter<SmsModemDriver> implements PeripheralAdapter {
  readonly kind = 'sms-modem' as const;

  constructor(
    private readonly config: SmsModemConfig,
    ctx: AdapterContext,
  ) {
    super(
      config.id,
      new SmsModemDriver({
        ...serialLine(config, ctx),
        ...(config.deliveryReports !== undefined ? { deliveryReports: config.deliveryReports } : {}),
        ...(config.sendTimeoutMs ? { sendTimeoutMs: config.sendTimeoutMs } : {}),
      }),
      ctx,
    );
    this.driver.on('delivery', (r) => {
      // A report that the network is still trying is not news for the hub.
      if (r.final) ctx.deliveryReport?.(r.ref, r.delivered);
    });
  }

  readonly sendSms = (to: string, text: string): Promise<SmsSendResult> => this.driver.send(to, text);

  status(): PeripheralStatus {
    return { id: this.id, kind: this.kind, connected: this.connected, port: this.config.port };
  }
}
