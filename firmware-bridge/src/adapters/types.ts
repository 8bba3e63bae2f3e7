/**
 * One adapter per peripheral kind: it builds the kind's driver from its configuration, turns the
 * driver's events into device events for the hub, says what the bridge status shows of it, and
 * offers the commands the kind can carry out. The bridge only holds adapters; it never needs to
 * know which kind it is talking to, and never casts.
 */
import type { DeviceEvent, PeripheralKind, PeripheralStatus, PrintJob } from '@callboard/hub/protocol';
import type { PrintResult } from '../drivers/printer-escpos/driver';
import type { SmsSendResult } from '../drivers/sms-modem/driver';
import type { Logger } from '../log';
import type { SerialBinding } from '../serial/binding';

/** What an adapter may use from the bridge. */
export interface AdapterContext {
  log: Logger;
  binding?: SerialBinding;
  /** The kiosk page this bridge serves, and the service a card tap is for when it has no choice. */
  kioskId?: string;
  defaultServiceId?: string;
  /** Publishes an event to the hub (dropped while the hub is unreachable). */
  send(event: DeviceEvent): void;
  /** Something the bridge status shows has changed (connection, paper, reader health). */
  statusChanged(): void;
  /** An SMS modem's delivery report (final), by the reference the modem gave the part. */
  deliveryReport?(ref: number, delivered: boolean): void;
}

/** Commands from the hub, each offered only by the kinds that can do it. */
export interface Capabilities {
  print?: (jobId: string, job: PrintJob, hooks: { onSend?: () => void }) => Promise<PrintResult>;
  showText?: (text: string) => Promise<void>;
  beep?: () => Promise<void>;
  /** An SMS modem: send a text (the clear number is used for this call only, never kept or logged). */
  sendSms?: (to: string, text: string) => Promise<SmsSendResult>;
}

export interface PeripheralAdapter extends Capabilities {
  readonly id: string;
  readonly kind: PeripheralKind;
  readonly connected: boolean;
  start(): void;
  stop(): Promise<void>;
  /** This peripheral's entry in the bridge's retained status. */
  status(): PeripheralStatus;
}

/** The fields every event shares. */
export function eventBase(peripheral: string) {
  return { v: 1 as const, peripheral, at: Date.now() };
}

/** What every driver offers its adapter: a link it keeps up by itself, and word when it changes. */
export interface AdapterDriver {
  readonly connected: boolean;
  start(): void;
  stop(): Promise<void>;
  on(event: 'connection', listener: (connected: boolean) => void): unknown;
}

/**
 * The part every adapter shares: it owns one driver, starts and stops it, and tells the bridge
 * when the driver's link comes and goes (the status shows it).
 */
export abstract class DriverAdapter<D extends AdapterDriver> {
  constructor(
    readonly id: string,
    readonly driver: D,
    ctx: AdapterContext,
  ) {
    driver.on('connection', () => ctx.statusChanged());
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
}

/** The options every serial-line driver takes from its peripheral's configuration and the bridge. */
export function serialLine(config: { port: string; baudRate?: number | undefined }, ctx: AdapterContext) {
  return {
    path: config.port,
    log: ctx.log,
    ...(ctx.binding ? { binding: ctx.binding } : {}),
    ...(config.baudRate ? { baudRate: config.baudRate } : {}),
  };
}
