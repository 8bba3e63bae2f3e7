/** The adapter for a configured peripheral: one class per kind. */
import type { Peripheral } from '../config';
import { IdCardAdapter } from './idcard';
import { LedAdapter } from './led';
import { PrinterAdapter } from './printer';
import { RatingPadAdapter } from './rating-pad';
import { ScannerAdapter } from './scanner';
import { SmsModemAdapter } from './sms-modem';
import type { AdapterContext, PeripheralAdapter } from './types';

export type { AdapterContext, Capabilities, PeripheralAdapter } from './types';

export function createAdapter(p: Peripheral, ctx: AdapterContext): PeripheralAdapter {
  switch (p.kind) {
    case 'idcard-sam':
      return new IdCardAdapter(p, ctx);
    case 'scanner':
      return new ScannerAdapter(p, ctx);
    case 'printer-escpos':
      return new PrinterAdapter(p, ctx);
    case 'rating-pad':
      return new RatingPadAdapter(p, ctx);
    case 'led-counter':
      return new LedAdapter(p, ctx);
    case 'sms-modem':
      return new SmsModemAdapter(p, ctx);
  }
}
