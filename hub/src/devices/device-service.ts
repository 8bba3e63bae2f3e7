/**
 * The hub's side of the firmware-bridge (ARCHITECTURE §4–5): listens to every device's status
 * and events on the bus, keeps the registry, turns a card tap into a ticket (issued, or the
 * one the visitor already holds) and sends its print job to the bridge, tells the kiosk page
 * the outcome. Print jobs, LED screens, call pads, scans, rating pads and outgoing commands are
 * parts of their own (`print-jobs.ts`, `led-screens.ts`, `call-pads.ts`, `scans.ts`,
 * `rating-pads.ts`, `device-commands.ts`, `incoming.ts`).
 *
 * Privacy: a `card` event carries the raw document number. It is turned into
 * `{ kind, hmac, masked }` at once; the raw value is only handed to QueueService.issue (which
 * hashes it again at its own edge) and is never logged, stored or republished here. Log lines
 * carry the masked form.
 */
import { Value } from 'typebox/value';
import type { Bus } from '../broker';
import type { HubConfig } from '../config';
import type { HubEvents } from '../events';
import {
  type CallboardError,
  type CardEvent,
  DeviceEvent,
  DeviceStatusMessage,
  type IdentityInput,
  type IssuedTicket,
  type KioskMessage,
  KioskSelectEvent,
  type PrinterState,
  type PrintTicketReply,
  parseTopic,
  type ScreenLanguages,
  type StoredIdentity,
  type Ticket,
  topics,
} from '../protocol';
import { protectIdentity } from '../security';
import { deviceMaySend, statusAllowed } from '../security/capabilities';
import type { AuditLog } from '../service/audit-log';
import { type Caller, callerFor } from '../service/caller';
import type { StaffPrincipal } from '../service/principals';
import type { QueueService } from '../service/queue-service';
import { CallPads } from './call-pads';
import { cardIdentityInput } from './card-identity';
import { DeviceCommands } from './device-commands';
import { parsePayload, withinCapabilities } from './incoming';
import { LedScreens } from './led-screens';
import { PrintJobs } from './print-jobs';
import { recordRating } from './rating-pads';
import { type DeviceRecord, DeviceRegistry } from './registry';
import { type ScanHandler, Scans } from './scans';

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

/** A kiosk's "which service" choice is used for a card tap within this long. */
export const SELECTION_TTL_MS = 90_000;

/**
 * Checks a card tap in against the appointment book first (hub/src/appointments): the ticket of
 * the visitor's appointment today (for `serviceId` when the kiosk had one chosen), or `undefined`.
 */
export type CardCheckIn = (tap: {
  deviceId: string;
  kioskId?: string;
  serviceId?: string;
  identity: StoredIdentity;
  input: IdentityInput;
  caller: Caller;
}) => Promise<IssuedTicket | undefined>;

export class DeviceService {
  readonly registry = new DeviceRegistry();
  private readonly selections = new Map<string, { serviceId: string; at: number }>();
  private readonly unsubscribe: (() => void)[] = [];
  private cardCheckIn: CardCheckIn | undefined;
  private cardTaken: ((deviceId: string, identity: StoredIdentity) => boolean) | undefined;
  private readonly now: () => number;
  private readonly siteId: string;
  readonly stats = { cardReads: 0, ticketsIssued: 0, ticketsReprinted: 0, printJobs: 0, badMessages: 0, refused: 0 };
  private readonly out: DeviceCommands;
  private readonly printJobs: PrintJobs;
  private readonly ledScreens: LedScreens;
  private readonly callPads: CallPads;
  private readonly scans: Scans;

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
    this.cardCheckIn = handler;
  }

  /** A reader armed for a supervisor's person request takes the next card instead of issuing a ticket. */
  onCardTaken(handler: (deviceId: string, identity: StoredIdentity) => boolean): void {
    this.cardTaken = handler;
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
      this.selections.set(deviceId, { serviceId: msg.serviceId, at: this.now() });
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
        void this.onCard(deviceId, msg).catch((err: Error) =>
          this.deps.log.warn({ device: deviceId, err: err.message }, 'card tap failed'),
        );
        return;
      case 'card-error': {
        const kioskId = msg.kioskId ?? this.registry.kioskOf(deviceId);
        this.deps.log.info({ device: deviceId, code: msg.code }, 'card not readable');
        if (kioskId)
          this.toKiosk(kioskId, {
            v: 1,
            type: 'card-result',
            at: this.now(),
            ok: false,
            error: { code: `CARD_${msg.code.toUpperCase()}`, message: msg.message },
          });
        return;
      }
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

  // ---------------- card tap → ticket → print ----------------

  private chooseService(kioskId: string | undefined, fallback: string | undefined): string | undefined {
    const sel = kioskId ? this.selections.get(kioskId) : undefined;
    if (sel && this.now() - sel.at <= SELECTION_TTL_MS && this.deps.queue.services.has(sel.serviceId)) return sel.serviceId;
    if (fallback && this.deps.queue.services.has(fallback)) return fallback;
    return [...this.deps.queue.services.values()].find((s) => s.walkIns)?.id;
  }

  private async onCard(deviceId: string, ev: CardEvent): Promise<void> {
    this.stats.cardReads++;
    const kioskId = ev.kioskId ?? this.registry.kioskOf(deviceId);
    const input = cardIdentityInput(ev.card);
    let identity: StoredIdentity;
    try {
      identity = protectIdentity(input, this.deps.secret);
    } catch (err) {
      this.refuse(deviceId, kioskId, err as CallboardError);
      return;
    }
    if (this.cardTaken?.(deviceId, identity)) {
      this.deps.log.info({ device: deviceId, card: ev.card.kind }, 'card tap: read for a person request');
      this.command(deviceId, { v: 1, type: 'beep', at: this.now(), pattern: 'ok' });
      return;
    }
    const serviceId = this.chooseService(kioskId, ev.serviceId);
    // Card events come only from bridges: the MQTT ACL lets no other device kind publish them.
    const caller = callerFor({ kind: 'device', id: deviceId, deviceKind: 'bridge' });
    const sel = kioskId ? this.selections.get(kioskId) : undefined;
    // Chosen on the kiosk's screen for this tap (a bridge's default service is no choice).
    const explicit = sel && this.now() - sel.at <= SELECTION_TTL_MS ? sel.serviceId : undefined;
    const chosen = explicit ?? ev.serviceId;
    let ticket: IssuedTicket;
    let existing = false;
    try {
      const tap = {
        deviceId,
        identity,
        input,
        caller,
        ...(kioskId ? { kioskId } : {}),
        ...(chosen ? { serviceId: chosen } : {}),
      };
      const booked = await this.cardCheckIn?.(tap);
      // One visitor, one ticket per tap session: the same card again, with no new choice on
      // screen, is the visitor asking for the ticket they hold, not for another one.
      const held = booked || explicit ? undefined : this.heldTicket(identity.hmac);
      if (held) {
        ticket = held;
        existing = true;
        this.stats.ticketsReprinted++;
      } else {
        if (!booked && !serviceId) {
          this.refuse(deviceId, kioskId, { code: 'UNKNOWN_SERVICE', message: 'no walk-in service to issue a ticket for' });
          return;
        }
        ticket = booked ?? (await this.deps.queue.issue({ serviceId: serviceId as string, identity: input }, caller));
        this.stats.ticketsIssued++;
      }
    } catch (err) {
      const e = err as CallboardError;
      const held = (e.details as { ticket?: IssuedTicket } | undefined)?.ticket;
      if (e.code !== 'ALREADY_WAITING' || !held) {
        this.refuse(deviceId, kioskId, e, identity);
        return;
      }
      ticket = held;
      existing = true;
      this.stats.ticketsReprinted++;
    }
    if (kioskId) this.selections.delete(kioskId);
    this.deps.log.info(
      { device: deviceId, card: ev.card.kind, identity: identity.masked, number: ticket.number, existing },
      existing ? 'card tap: visitor already holds a ticket' : 'card tap: ticket issued',
    );
    const job = this.sendPrint(deviceId, ticket, { reprint: existing, ...(kioskId ? { kioskId } : {}) });
    if (kioskId) {
      const service = this.deps.queue.services.get(ticket.serviceId);
      this.toKiosk(kioskId, {
        v: 1,
        type: 'card-result',
        at: this.now(),
        ok: true,
        existing,
        ticket,
        ...(service ? { serviceName: service.name } : {}),
        identityMasked: identity.masked,
        printing: job.printer === undefined || job.printer.condition === 'ok' || job.printer.condition === 'paper_near_end',
      });
    }
  }

  /** The ticket this visitor holds today and is still waiting on (waiting or called), the latest. */
  private heldTicket(hmac: string): IssuedTicket | undefined {
    let held: Ticket | undefined;
    for (const t of this.deps.queue.views.ticketsOfIdentity(hmac))
      if ((t.status === 'waiting' || t.status === 'called') && (!held || t.issuedAt > held.issuedAt)) held = t;
    return held ? this.deps.queue.views.issuedView(held) : undefined;
  }

  /** Tells a kiosk and its bridge the outcome of a check-in made elsewhere (a scanned booking QR). */
  deliverCheckIn(deviceId: string, kioskId: string | undefined, result: { ticket: IssuedTicket } | { error: CallboardError }) {
    if ('error' in result) {
      this.refuse(deviceId, kioskId, result.error);
      return;
    }
    const job = this.sendPrint(deviceId, result.ticket, kioskId ? { kioskId } : {});
    const service = this.deps.queue.services.get(result.ticket.serviceId);
    if (kioskId)
      this.toKiosk(kioskId, {
        v: 1,
        type: 'card-result',
        at: this.now(),
        ok: true,
        existing: false,
        ticket: result.ticket,
        ...(service ? { serviceName: service.name } : {}),
        printing: job.printer === undefined || job.printer.condition === 'ok' || job.printer.condition === 'paper_near_end',
      });
  }

  private refuse(
    deviceId: string,
    kioskId: string | undefined,
    err: { code?: string; message: string },
    identity?: StoredIdentity,
  ): void {
    const code = err.code ?? 'INTERNAL';
    this.deps.log.info({ device: deviceId, code, ...(identity ? { identity: identity.masked } : {}) }, 'card tap refused');
    this.command(deviceId, { v: 1, type: 'beep', at: this.now(), pattern: 'error' });
    if (kioskId)
      this.toKiosk(kioskId, { v: 1, type: 'card-result', at: this.now(), ok: false, error: { code, message: err.message } });
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

  // ---------------- outgoing ----------------

  private command(deviceId: string, payload: object): void {
    this.out.send(deviceId, payload);
  }

  private toKiosk(kioskId: string, msg: KioskMessage): void {
    this.out.toKiosk(kioskId, msg);
  }

  close(): void {
    for (const off of this.unsubscribe.splice(0)) off();
    this.scans.clear();
  }
}
