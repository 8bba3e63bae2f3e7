/**
 * The hub's side of the firmware-bridge (ARCHITECTURE §4–5): listens to every device's status
 * and events on the bus, keeps the registry, and hands each event to the part that handles it.
 * Card taps, print jobs, LED screens, call pads, scans, rating pads and outgoing commands are
 * parts of their own (`card-taps.ts`, `print-jobs.ts`, `led-screens.ts`, `call-pads.ts`,
 * `scans.ts`, `rating-pads.ts`, `device-commands.ts`, `incoming.ts`).
 *
 * Privacy: a `card` event carries the raw document number; only the card-tap part reads it, and
 * nothing here logs an event's payload.
 */
import { Value } from 'typebox/value';
import type { Bus } from '../broker';
import type { HubConfig } from '../config';
import type { HubEvents } from '../events';
import {
  type CallboardError,
  DeviceEvent,
  DeviceStatusMessage,
  type IssuedTicket,
  KioskSelectEvent,
  type PrinterState,
  type PrintTicketReply,
  parseTopic,
  type ScreenLanguages,
  topics,
} from '../protocol';
import { deviceMaySend, statusAllowed } from '../security/capabilities';
import type { AuditLog } from '../service/audit-log';
import type { StaffPrincipal } from '../service/principals';
import type { QueueService } from '../service/queue-service';
import { CallPads } from './call-pads';
import { type CardCheckIn, type CardTaken, CardTaps } from './card-taps';
import { DeviceCommands } from './device-commands';
import { parsePayload, withinCapabilities } from './incoming';
import { LedScreens } from './led-screens';
import { PrintJobs } from './print-jobs';
import { recordRating } from './rating-pads';
import { type DeviceRecord, DeviceRegistry } from './registry';
import { type ScanHandler, Scans } from './scans';

export { type CardCheckIn, SELECTION_TTL_MS } from './card-taps';

export interface DeviceLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface DeviceServiceDeps {
  bus: Bus;
  /** The hub's own event bus: counter changes drive the LED screens. */
  events: HubEvents;
  audit: AuditLog;
  queue: QueueService;
  config: HubConfig;
  secret: string;
  /** Known devices (id, kind, name) from the store. */
  listDevices: () => Promise<DeviceRecord[]>;
  /** The staff member with this id as the queue's checks see them (undefined = unknown or disabled). */
  staffMember?: (id: string) => StaffPrincipal | undefined;
  /** The languages a device's screens show, from its settings (undefined = Chinese). */
  screenLanguages?: (deviceId: string) => Promise<ScreenLanguages | undefined>;
  log: DeviceLog;
  now?: () => number;
  /**
   * The kind of a paired device, undefined when none is paired under that id. Status and events
   * are accepted only within the kind's capabilities (security/capabilities.ts): this is what
   * holds on an external broker, whose ACL cannot tell a display from a bridge.
   */
  kindOf?: (deviceId: string) => string | undefined;
  /** A print job went out without its QR code, which would have pointed at localhost (site.publicUrl unset). */
  onLocalQr?: (bridgeId: string) => void;
}

export class DeviceService {
  readonly registry = new DeviceRegistry();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly now: () => number;
  private readonly siteId: string;
  readonly stats = { cardReads: 0, ticketsIssued: 0, ticketsReprinted: 0, printJobs: 0, badMessages: 0, refused: 0 };
  private readonly out: DeviceCommands;
  private readonly printJobs: PrintJobs;
  private readonly ledScreens: LedScreens;
  private readonly callPads: CallPads;
  private readonly scans: Scans;
  private readonly cardTaps: CardTaps;

  private constructor(private readonly deps: DeviceServiceDeps) {
    this.now = deps.now ?? Date.now;
    this.siteId = deps.config.site.id;
    const { registry, stats, now } = this;
    this.out = new DeviceCommands(deps, this.siteId, now);
    const parts = { ...deps, registry, stats, out: this.out, now };
    this.printJobs = new PrintJobs(parts);
    this.ledScreens = new LedScreens(parts);
    this.callPads = new CallPads(parts);
    this.scans = new Scans(parts);
    this.cardTaps = new CardTaps({ ...parts, printJobs: this.printJobs });
  }

  static async start(deps: DeviceServiceDeps): Promise<DeviceService> {
    const s = new DeviceService(deps);
    const site = deps.config.site.id;
    await deps.bus.subscribe(topics.deviceStatusWildcard(site), (topic, payload) => s.onStatus(topic, payload));
    await deps.bus.subscribe(topics.deviceEventsWildcard(site), (topic, payload) => s.onEvent(topic, payload));
    s.unsubscribe.push(deps.events.on('counter.changed', (e) => s.ledScreens.onCounterChanged(e.counterId)));
    return s;
  }

  onCardCheckIn(handler: CardCheckIn): void {
    this.cardTaps.checkIn = handler;
  }

  /** A reader armed for a supervisor's person request takes the next card instead of issuing a ticket. */
  onCardTaken(handler: CardTaken): void {
    this.cardTaps.taken = handler;
  }

  onScan(handler: ScanHandler): () => void {
    return this.scans.onScan(handler);
  }

  async list() {
    return (await this.deps.listDevices()).map((d) => this.registry.view(d));
  }

  async get(id: string) {
    const d = (await this.deps.listDevices()).find((x) => x.id === id);
    const view = d ? this.registry.view(d) : undefined;
    // A kiosk page prints at the bridge that serves it: its printer is that bridge's (the welcome
    // screen warns before a visitor takes a number that cannot be printed).
    if (view && view.kind === 'kiosk' && !view.printer) {
      const bridge = this.registry.bridgeForKiosk(id);
      const printer = bridge && this.registry.isOnline(bridge) ? this.registry.printer(bridge) : undefined;
      if (printer) view.printer = printer;
    }
    return view;
  }

  // ---------------- incoming ----------------

  private onStatus(topic: string, payload: Buffer): void {
    const t = parseTopic(topic);
    if (t?.kind !== 'device-status') return;
    const msg = parsePayload(payload);
    if (!Value.Check(DeviceStatusMessage, msg)) {
      this.stats.badMessages++;
      this.deps.log.warn({ device: t.deviceId }, 'device status does not match the protocol; ignored');
      return;
    }
    if (!withinCapabilities(this.deps, this.stats, t.deviceId, (kind) => statusAllowed(kind, msg), 'status')) return;
    const before = this.registry.status(t.deviceId, msg, this.now());
    this.deps.events.emit('device.status', { deviceId: t.deviceId, status: msg });
    if (before !== msg.state) this.deps.log.info({ device: t.deviceId, state: msg.state }, 'device status');
    const printer = this.registry.printer(t.deviceId);
    if (printer && printer.condition !== 'ok') this.deps.log.info({ device: t.deviceId, printer: printer.condition }, 'printer');
  }

  private onEvent(topic: string, payload: Buffer): void {
    const t = parseTopic(topic);
    if (t?.kind !== 'device-events') return;
    const deviceId = t.deviceId;
    const msg = parsePayload(payload);
    const type = (msg as { type?: unknown } | undefined)?.type;
    if (!withinCapabilities(this.deps, this.stats, deviceId, (kind) => deviceMaySend(kind, type), 'event')) return;
    this.registry.seen(deviceId, this.now());
    if (Value.Check(KioskSelectEvent, msg)) {
      this.cardTaps.select(deviceId, msg.serviceId);
      return;
    }
    if (!Value.Check(DeviceEvent, msg)) {
      this.stats.badMessages++;
      // Never log the payload: it may hold an ID number.
      this.deps.log.warn({ device: deviceId }, 'device event does not match the protocol; ignored');
      return;
    }
    switch (msg.type) {
      case 'card':
        void this.cardTaps
          .tapped(deviceId, msg)
          .catch((err: Error) => this.deps.log.warn({ device: deviceId, err: err.message }, 'card tap failed'));
        return;
      case 'card-error':
        this.cardTaps.unreadable(deviceId, msg);
        return;
      case 'scan':
        this.scans.received(deviceId, msg);
        return;
      case 'rating':
        void recordRating(this.deps, deviceId, msg.score, msg.counterId);
        return;
      case 'button':
        this.deps.log.info({ device: deviceId, button: msg.button, counter: msg.counterId }, 'device button');
        void this.onPadButton(deviceId, msg.peripheral, msg.button).catch((err: Error) =>
          this.deps.log.warn({ device: deviceId, button: msg.button, err: err.message }, 'call pad action failed'),
        );
        return;
      case 'print-result':
        this.printJobs.onResult(deviceId, msg.jobId, msg.ok, msg.reason);
        return;
    }
  }

  // ---------------- tickets printed at a bridge ----------------

  /** Tells a kiosk and its bridge the outcome of a check-in made elsewhere (a scanned booking QR). */
  deliverCheckIn(deviceId: string, kioskId: string | undefined, result: { ticket: IssuedTicket } | { error: CallboardError }) {
    this.cardTaps.deliverCheckIn(deviceId, kioskId, result);
  }

  /** Sends a ticket's print job to a bridge; the result comes back as a `print-result` event. */
  sendPrint(bridgeId: string, ticket: IssuedTicket, opts: { reprint?: boolean; kioskId?: string } = {}): PrintTicketReply {
    return this.printJobs.send(bridgeId, ticket, opts);
  }

  /** A kiosk page asks for a ticket it issued over REST to be printed at its bridge. */
  printForKiosk(kioskId: string, ticket: IssuedTicket): PrintTicketReply | null {
    const bridgeId = this.registry.bridgeForKiosk(kioskId);
    if (!bridgeId || !this.registry.isOnline(bridgeId)) return null;
    return this.sendPrint(bridgeId, ticket, { kioskId });
  }

  printerOf(deviceId: string): PrinterState | undefined {
    return this.registry.printer(deviceId);
  }

  // ---------------- hardware call pads (counters[].pad) ----------------

  /** The counter whose call pad this is (config `counters[].pad = {deviceId, padId}`). */
  padCounter(deviceId: string, padId: string): string | undefined {
    return this.callPads.counterOf(deviceId, padId);
  }

  /** A call pad key (see CallPads.press). */
  async onPadButton(deviceId: string, padId: string, button: string): Promise<void> {
    return this.callPads.press(deviceId, padId, button);
  }

  close(): void {
    for (const off of this.unsubscribe.splice(0)) off();
    this.scans.clear();
  }
}
