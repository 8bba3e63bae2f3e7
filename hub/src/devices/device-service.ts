/**
 * The hub's side of the firmware-bridge (ARCHITECTURE §4–5): listens to every device's status
 * and events on the bus, keeps the registry, turns a card tap into a ticket (issued, or the
 * one the visitor already holds) and sends its print job to the bridge, tells the kiosk page
 * the outcome, puts counter calls on LED screens, and records ratings.
 *
 * Privacy: a `card` event carries the raw document number. It is turned into
 * `{ kind, hmac, masked }` at once; the raw value is only handed to QueueService.issue (which
 * hashes it again at its own edge) and is never logged, stored or republished here. Log lines
 * carry the masked form.
 */
import { randomUUID } from 'node:crypto';
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
  type LedCommand,
  type PrintCommand,
  type PrinterState,
  type PrintTicketReply,
  parseTopic,
  type ScanEvent,
  type ScreenLanguages,
  type StoredIdentity,
  type Ticket,
  topics,
} from '../protocol';
import { protectIdentity } from '../security';
import { deviceMaySend, statusAllowed } from '../security/capabilities';
import { withoutLocalQr } from '../security/public-url';
import type { AuditLog } from '../service/audit-log';
import { type Caller, callerFor } from '../service/caller';
import { may, type StaffPrincipal } from '../service/principals';
import type { QueueService } from '../service/queue-service';
import { cardIdentityInput } from './card-identity';
import { ledText } from './led-text';
import { type DeviceRecord, DeviceRegistry } from './registry';
import { renderTicketJob } from './ticket-layout';

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
/** A print job not delivered by then is reported failed by the bridge, not printed late. */
export const PRINT_JOB_TTL_MS = 60_000;

interface PendingJob {
  bridgeId: string;
  ticketId: string;
  number: string;
  kioskId?: string;
  at: number;
}

/** Receives scans (appointment or insurance QR codes) for the module that understands them. */
export type ScanHandler = (scan: { deviceId: string; kioskId?: string; code: string; symbology?: string }) => void;

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
  private readonly jobs = new Map<string, PendingJob>();
  /** Last text sent to each LED screen (`device/peripheral`), so an unchanged counter sends nothing. */
  private readonly ledShown = new Map<string, string>();
  /** LED updates in the order the counters changed (each looks up its screen's languages first). */
  private ledQueue: Promise<void> = Promise.resolve();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly scanHandlers = new Set<ScanHandler>();
  private cardCheckIn: CardCheckIn | undefined;
  private readonly now: () => number;
  private readonly siteId: string;
  readonly stats = { cardReads: 0, ticketsIssued: 0, ticketsReprinted: 0, printJobs: 0, badMessages: 0, refused: 0 };

  private constructor(private readonly deps: DeviceServiceDeps) {
    this.now = deps.now ?? Date.now;
    this.siteId = deps.config.site.id;
  }

  static async start(deps: DeviceServiceDeps): Promise<DeviceService> {
    const s = new DeviceService(deps);
    const site = deps.config.site.id;
    await deps.bus.subscribe(topics.deviceStatusWildcard(site), (topic, payload) => s.onStatus(topic, payload));
    await deps.bus.subscribe(topics.deviceEventsWildcard(site), (topic, payload) => s.onEvent(topic, payload));
    s.unsubscribe.push(deps.events.on('counter.changed', (e) => s.onCounterChanged(e.counterId)));
    return s;
  }

  onCardCheckIn(handler: CardCheckIn): void {
    this.cardCheckIn = handler;
  }

  onScan(handler: ScanHandler): () => void {
    this.scanHandlers.add(handler);
    return () => this.scanHandlers.delete(handler);
  }

  async list() {
    return (await this.deps.listDevices()).map((d) => this.registry.view(d));
  }

  async get(id: string) {
    const d = (await this.deps.listDevices()).find((x) => x.id === id);
    return d ? this.registry.view(d) : undefined;
  }

  // ---------------- incoming ----------------

  private parse(payload: Buffer): unknown {
    try {
      return JSON.parse(payload.toString('utf8'));
    } catch {
      return undefined;
    }
  }

  private onStatus(topic: string, payload: Buffer): void {
    const t = parseTopic(topic);
    if (t?.kind !== 'device-status') return;
    const msg = this.parse(payload);
    if (!Value.Check(DeviceStatusMessage, msg)) {
      this.stats.badMessages++;
      this.deps.log.warn({ device: t.deviceId }, 'device status does not match the protocol; ignored');
      return;
    }
    if (!this.allowed(t.deviceId, (kind) => statusAllowed(kind, msg), 'status')) return;
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
    const msg = this.parse(payload);
    const type = (msg as { type?: unknown } | undefined)?.type;
    if (!this.allowed(deviceId, (kind) => deviceMaySend(kind, type), 'event')) return;
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
        this.onScanEvent(deviceId, msg);
        return;
      case 'rating':
        void this.onRating(deviceId, msg.score, msg.counterId);
        return;
      case 'button':
        this.deps.log.info({ device: deviceId, button: msg.button, counter: msg.counterId }, 'device button');
        void this.onPadButton(deviceId, msg.peripheral, msg.button).catch((err: Error) =>
          this.deps.log.warn({ device: deviceId, button: msg.button, err: err.message }, 'call pad action failed'),
        );
        return;
      case 'print-result':
        this.onPrintResult(deviceId, msg.jobId, msg.ok, msg.reason);
        return;
    }
  }

  /** Whether a paired device of this kind may send this; refusals are counted and logged (never the payload). */
  private allowed(deviceId: string, check: (kind: string | undefined) => boolean, what: string): boolean {
    if (!this.deps.kindOf) return true;
    const kind = this.deps.kindOf(deviceId);
    if (check(kind)) return true;
    this.stats.refused++;
    this.deps.log.warn(
      { device: deviceId, kind: kind ?? 'not paired' },
      `device ${what} outside its kind's capabilities; ignored`,
    );
    return false;
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
    const service = this.deps.queue.services.get(ticket.serviceId);
    const at = this.now();
    const { job, removed } = withoutLocalQr(
      renderTicketJob({
        siteName: this.deps.config.site.name,
        serviceName: service?.name ?? { zh: ticket.serviceId, en: ticket.serviceId },
        ticket,
        timezone: this.deps.config.site.timezone,
        reprint: opts.reprint ?? false,
        at,
      }),
    );
    if (removed) {
      this.deps.log.warn(
        { device: bridgeId, number: ticket.number },
        'ticket printed without its QR code: site.publicUrl is local',
      );
      this.deps.onLocalQr?.(bridgeId);
    }
    const jobId = randomUUID();
    const cmd: PrintCommand = { v: 1, type: 'print', at, jobId, expiresAt: at + PRINT_JOB_TTL_MS, job };
    this.pruneJobs(at);
    this.jobs.set(jobId, {
      bridgeId,
      ticketId: ticket.id,
      number: ticket.number,
      at,
      ...(opts.kioskId ? { kioskId: opts.kioskId } : {}),
    });
    this.stats.printJobs++;
    this.command(bridgeId, cmd);
    const printer = this.registry.printer(bridgeId);
    return { jobId, bridgeId, ...(printer ? { printer } : {}) };
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

  private onPrintResult(deviceId: string, jobId: string, ok: boolean, reason?: string): void {
    this.registry.printResult(deviceId, { jobId, ok, ...(reason ? { reason } : {}) }, this.now());
    const job = this.jobs.get(jobId);
    this.jobs.delete(jobId);
    this.deps.log.info({ device: deviceId, jobId, ok, reason, number: job?.number }, 'print result');
    if (job?.kioskId)
      this.toKiosk(job.kioskId, {
        v: 1,
        type: 'print-result',
        at: this.now(),
        jobId,
        ticketId: job.ticketId,
        number: job.number,
        ok,
        ...(reason ? { reason } : {}),
      });
  }

  private pruneJobs(at: number): void {
    for (const [id, j] of this.jobs) if (at - j.at > 5 * PRINT_JOB_TTL_MS) this.jobs.delete(id);
  }

  // ---------------- scans, ratings, LED screens ----------------

  private onScanEvent(deviceId: string, msg: ScanEvent): void {
    const kioskId = msg.kioskId ?? this.registry.kioskOf(deviceId);
    this.deps.log.info({ device: deviceId, length: msg.code.length, symbology: msg.symbology }, 'code scanned');
    for (const h of this.scanHandlers)
      h({
        deviceId,
        code: msg.code,
        ...(kioskId ? { kioskId } : {}),
        ...(msg.symbology ? { symbology: msg.symbology } : {}),
      });
  }

  private async onRating(deviceId: string, score: number, counterId?: string): Promise<void> {
    // The rating goes on the ticket (the counter's current one, or the visit it just ended:
    // queue/rating.ts); the audit entry `ticket.rating` is written either way.
    const rated = await this.deps.queue
      .ratePad(counterId, score, callerFor({ kind: 'device', id: deviceId, deviceKind: 'bridge' }))
      .catch((err: Error) => {
        this.deps.log.warn({ err: err.message }, 'rating not recorded');
        return undefined;
      });
    this.deps.log.info({ device: deviceId, score, counter: counterId, ticketId: rated?.id }, 'rating');
  }

  // ---------------- hardware call pads (counters[].pad) ----------------

  /** The counter whose call pad this is (config `counters[].pad = {deviceId, padId}`). */
  padCounter(deviceId: string, padId: string): string | undefined {
    return this.deps.config.counters.find((c) => c.pad?.deviceId === deviceId && c.pad.padId === padId)?.id;
  }

  /**
   * A call pad key: `call`/`next` calls the next visitor, `recall` calls the current one again,
   * `finish` ends the current visit (starting it first if the visitor was only called). The pad
   * acts for the staff member signed in at its counter, with their own role and skills; with
   * nobody signed in it may do nothing, and the press is refused and audited as the device
   * (`pad.refused`).
   */
  async onPadButton(deviceId: string, padId: string, button: string): Promise<void> {
    const counterId = this.padCounter(deviceId, padId);
    if (!counterId) return;
    const { queue } = this.deps;
    const counter = queue.counters.get(counterId);
    if (!counter) return;
    const action = button === 'call' || button === 'next' ? 'next' : button === 'recall' || button === 'finish' ? button : null;
    if (!action) return;
    const staffId = counter.state.state === 'closed' ? undefined : counter.state.staffId;
    const signedIn = staffId ? this.deps.staffMember?.(staffId) : undefined;
    const pad = callerFor({ kind: 'call-pad', deviceId, padId, counterId, ...(signedIn ? { for: signedIn } : {}) });
    const allowed = may(pad.principal, action === 'next' ? 'call-next' : action);
    if (!allowed.ok) {
      await this.deps.audit.record(pad, 'pad.refused', counterId, { button, padId, reason: allowed.reason });
      this.beep(deviceId, padId);
      return;
    }
    await this.deps.audit.record(pad, 'pad.press', counterId, { button, deviceId, padId });
    try {
      const currentId = counter.state.currentTicketId;
      if (action === 'next') await queue.callNext(counterId, pad);
      else if (currentId && action === 'recall') await queue.recall(currentId, pad);
      else if (currentId && action === 'finish') {
        if (queue.ticket(currentId).status === 'called') await queue.start(currentId, pad);
        await queue.finish(currentId, pad, 'resolved', 'finished on the call pad');
      }
    } catch (err) {
      // QUEUE_EMPTY, paused counter, recall limit …: the clerk hears a beep, the log says why.
      this.beep(deviceId, padId);
      this.deps.log.info({ device: deviceId, counter: counterId, button, err: (err as CallboardError).code }, 'call pad refused');
    }
  }

  private beep(deviceId: string, peripheral: string): void {
    this.command(deviceId, { v: 1, type: 'beep', at: this.now(), peripheral, pattern: 'error' });
  }

  private onCounterChanged(counterId: string): void {
    if (!this.deps.queue.counters.has(counterId)) return; // removed by a new set-up
    const leds = this.registry.ledsForCounter(counterId);
    if (leds.length === 0) return;
    const msg = this.deps.queue.views.counterMessage(counterId);
    this.ledQueue = this.ledQueue
      .then(async () => {
        for (const led of leds) {
          const text = ledText(msg, await this.deps.screenLanguages?.(led.deviceId));
          const key = `${led.deviceId}/${led.peripheral}`;
          if (this.ledShown.get(key) === text) continue;
          this.ledShown.set(key, text);
          const cmd: LedCommand = { v: 1, type: 'led', at: this.now(), peripheral: led.peripheral, text };
          this.command(led.deviceId, cmd);
        }
      })
      .catch((err: Error) => this.deps.log.warn({ counter: counterId, err: err.message }, 'LED text not sent'));
  }

  // ---------------- outgoing ----------------

  private command(deviceId: string, payload: object): void {
    this.deps.bus
      .publish(topics.deviceCommands(this.siteId, deviceId), payload, { qos: 1, retain: false })
      .catch((err: Error) => this.deps.log.warn({ device: deviceId, err: err.message }, 'device command not published'));
  }

  private toKiosk(kioskId: string, msg: KioskMessage): void {
    this.command(kioskId, msg);
  }

  close(): void {
    for (const off of this.unsubscribe.splice(0)) off();
    this.scanHandlers.clear();
  }
}
