/**
 * A card tap at a bridge's reader: the visitor's ticket (their appointment's, one issued for the
 * service chosen on the kiosk's screen, or the one they already hold), its print job, and the
 * outcome on the kiosk's screen. A reader armed for a person request takes the card instead.
 *
 * Privacy: a `card` event carries the raw document number. It is turned into
 * `{ kind, hmac, masked }` at once; the raw value is only handed to QueueService.issue (which
 * hashes it again at its own edge) and is never logged, stored or republished here. Log lines
 * carry the masked form.
 */
import type {
  CallboardError,
  CardErrorEvent,
  CardEvent,
  IdentityInput,
  IssuedTicket,
  PrintTicketReply,
  StoredIdentity,
  Ticket,
} from '../protocol';
import { protectIdentity } from '../security';
import { type Caller, callerFor } from '../service/caller';
import type { QueueService } from '../service/queue-service';
import { cardIdentityInput } from './card-identity';
import type { DeviceCommands } from './device-commands';
import type { PrintJobs } from './print-jobs';
import type { DeviceRegistry } from './registry';

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

/**
 * A reader armed for a supervisor's person request takes the card: true when it did. The input is
 * there for the group pseudonym (`uplink.groupKey`) an erasure sends head office; it is not kept.
 */
export type CardTaken = (deviceId: string, identity: StoredIdentity, input: IdentityInput) => boolean;

export class CardTaps {
  /** Each kiosk's latest "which service" choice on its screen. */
  private readonly selections = new Map<string, { serviceId: string; at: number }>();
  checkIn: CardCheckIn | undefined;
  taken: CardTaken | undefined;

  constructor(
    private readonly deps: {
      queue: QueueService;
      registry: DeviceRegistry;
      out: DeviceCommands;
      printJobs: PrintJobs;
      secret: string;
      stats: { cardReads: number; ticketsIssued: number; ticketsReprinted: number };
      log: { info(obj: object, msg?: string): void };
      now: () => number;
    },
  ) {}

  /** A kiosk's screen says which service the visitor chose (`kiosk-select`). */
  select(kioskId: string, serviceId: string): void {
    this.selections.set(kioskId, { serviceId, at: this.deps.now() });
  }

  /** The reader could not read the card: the kiosk's screen says so. */
  unreadable(deviceId: string, msg: CardErrorEvent): void {
    const kioskId = msg.kioskId ?? this.deps.registry.kioskOf(deviceId);
    this.deps.log.info({ device: deviceId, code: msg.code }, 'card not readable');
    if (kioskId) this.showError(kioskId, `CARD_${msg.code.toUpperCase()}`, msg.message);
  }

  private chooseService(kioskId: string | undefined, fallback: string | undefined): string | undefined {
    const sel = kioskId ? this.selections.get(kioskId) : undefined;
    if (sel && this.deps.now() - sel.at <= SELECTION_TTL_MS && this.deps.queue.services.has(sel.serviceId)) return sel.serviceId;
    if (fallback && this.deps.queue.services.has(fallback)) return fallback;
    return [...this.deps.queue.services.values()].find((s) => s.walkIns)?.id;
  }

  /** A card read at a bridge (`card` event). */
  async tapped(deviceId: string, ev: CardEvent): Promise<void> {
    this.deps.stats.cardReads++;
    const kioskId = ev.kioskId ?? this.deps.registry.kioskOf(deviceId);
    const input = cardIdentityInput(ev.card);
    let identity: StoredIdentity;
    try {
      identity = protectIdentity(input, this.deps.secret);
    } catch (err) {
      this.refuse(deviceId, kioskId, err as CallboardError);
      return;
    }
    if (this.taken?.(deviceId, identity, input)) {
      this.deps.log.info({ device: deviceId, card: ev.card.kind }, 'card tap: read for a person request');
      this.deps.out.send(deviceId, { v: 1, type: 'beep', at: this.deps.now(), pattern: 'ok' });
      return;
    }
    const serviceId = this.chooseService(kioskId, ev.serviceId);
    // Card events come only from bridges: the MQTT ACL lets no other device kind publish them.
    const caller = callerFor({ kind: 'device', id: deviceId, deviceKind: 'bridge' });
    const sel = kioskId ? this.selections.get(kioskId) : undefined;
    // Chosen on the kiosk's screen for this tap (a bridge's default service is no choice).
    const explicit = sel && this.deps.now() - sel.at <= SELECTION_TTL_MS ? sel.serviceId : undefined;
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
      const booked = await this.checkIn?.(tap);
      // One visitor, one ticket per tap session: the same card again, with no new choice on
      // screen, is the visitor asking for the ticket they hold, not for another one.
      const held = booked || explicit ? undefined : this.heldTicket(identity.hmac);
      if (held) {
        ticket = held;
        existing = true;
        this.deps.stats.ticketsReprinted++;
      } else {
        if (!booked && !serviceId) {
          this.refuse(deviceId, kioskId, { code: 'UNKNOWN_SERVICE', message: 'no walk-in service to issue a ticket for' });
          return;
        }
        ticket = booked ?? (await this.deps.queue.issue({ serviceId: serviceId as string, identity: input }, caller));
        this.deps.stats.ticketsIssued++;
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
      this.deps.stats.ticketsReprinted++;
    }
    if (kioskId) this.selections.delete(kioskId);
    // The masked name (张*三) for services that show names: in memory for the day only (screen-names.ts).
    if (ev.card.nameMasked) this.deps.queue.names.remember(ticket.id, ev.card.nameMasked, this.deps.queue.businessDate);
    this.deps.log.info(
      { device: deviceId, card: ev.card.kind, identity: identity.masked, number: ticket.number, existing },
      existing ? 'card tap: visitor already holds a ticket' : 'card tap: ticket issued',
    );
    const job = this.deps.printJobs.send(deviceId, ticket, { reprint: existing, ...(kioskId ? { kioskId } : {}) });
    if (kioskId) this.showTicket(kioskId, ticket, job, { existing, identityMasked: identity.masked });
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
    const job = this.deps.printJobs.send(deviceId, result.ticket, kioskId ? { kioskId } : {});
    if (kioskId) this.showTicket(kioskId, result.ticket, job, { existing: false });
  }

  private refuse(
    deviceId: string,
    kioskId: string | undefined,
    err: { code?: string; message: string },
    identity?: StoredIdentity,
  ): void {
    const code = err.code ?? 'INTERNAL';
    this.deps.log.info({ device: deviceId, code, ...(identity ? { identity: identity.masked } : {}) }, 'card tap refused');
    this.deps.out.send(deviceId, { v: 1, type: 'beep', at: this.deps.now(), pattern: 'error' });
    if (kioskId) this.showError(kioskId, code, err.message);
  }

  /** The kiosk's screen shows the visitor's ticket, and whether its printer can print it now. */
  private showTicket(
    kioskId: string,
    ticket: IssuedTicket,
    job: PrintTicketReply,
    shown: { existing: boolean; identityMasked?: string },
  ): void {
    const service = this.deps.queue.services.get(ticket.serviceId);
    this.deps.out.toKiosk(kioskId, {
      v: 1,
      type: 'card-result',
      at: this.deps.now(),
      ok: true,
      existing: shown.existing,
      ticket,
      ...(service ? { serviceName: service.name } : {}),
      ...(shown.identityMasked !== undefined ? { identityMasked: shown.identityMasked } : {}),
      printing: job.printer === undefined || job.printer.condition === 'ok' || job.printer.condition === 'paper_near_end',
    });
  }

  /** The kiosk's screen says why the tap gave no ticket. */
  private showError(kioskId: string, code: string, message: string): void {
    this.deps.out.toKiosk(kioskId, { v: 1, type: 'card-result', at: this.deps.now(), ok: false, error: { code, message } });
  }
}
