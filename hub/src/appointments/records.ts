/**
 * The appointment book's records: the appointments in memory with their indexes (by reference,
 * slot and identity), the suspensions, the look-ups, the rules a booking must pass and how a
 * record changes. The service changes them only through its writer queue.
 */
import { randomUUID } from 'node:crypto';
import type { HubConfig } from '../config';
import {
  type Actor,
  APPOINTMENT_QR_PREFIX,
  type AppointmentChannel,
  type AppointmentEvent,
  type AppointmentEventType,
  type AppointmentView,
  CallboardError,
  type Lang,
  type Service,
  type SlotView,
  type StoredIdentity,
} from '../protocol';
import { windowFor } from '../queue';
import type { QueueService } from '../service/queue-service';
import type { AppointmentDoc, AppointmentRepository, SuspensionDoc } from '../store';
import { businessDate, isDate } from '../time';
import { type Booking, conflictFor, isActive, maskName, newRef, normaliseRef, noShowDeadline, remaining } from './rules';
import type { AppointmentSettings } from './settings';
import { type Closure, generateSlots, parseSlotId, type Slot, type SlotBook, slotsAhead } from './slots';

export interface RecordsDeps {
  config: HubConfig;
  records: AppointmentRepository;
  queue: QueueService;
  now: () => number;
}

export class AppointmentRecords {
  readonly docs = new Map<string, AppointmentDoc>();
  readonly byRef = new Map<string, string>();
  readonly bySlot = new Map<string, Set<string>>();
  readonly byIdentity = new Map<string, Set<string>>();
  /** The visitor's page tokens (`visitToken`) → appointment id. */
  readonly byToken = new Map<string, string>();
  /** The masked phone kept for an appointment's reminders, if any (set by the notifications). */
  phoneMasked: (appointmentId: string) => string | undefined = () => undefined;
  suspensions: SuspensionDoc[] = [];
  readonly slotBook: SlotBook;
  readonly tz: string;
  /** The site's day boundary ("HH:MM"): which business day "today" is. */
  readonly dayStartsAt: string;

  constructor(
    private readonly deps: RecordsDeps,
    readonly settings: AppointmentSettings,
  ) {
    this.slotBook = deps.config.appointments ?? {};
    this.tz = deps.config.site.timezone;
    this.dayStartsAt = deps.config.site.dayStartsAt;
  }

  /**
   * The business day an appointment falls in (the day its ticket is issued on): its calendar
   * date, except for a slot before the site's `dayStartsAt`, which belongs to the day before.
   */
  businessDayOf(doc: Pick<AppointmentDoc, 'start'>): string {
    return businessDate(doc.start, this.tz, this.dayStartsAt);
  }

  index(doc: AppointmentDoc): void {
    this.docs.set(doc._id, doc);
    this.byRef.set(doc.ref, doc._id);
    if (doc.visitToken) this.byToken.set(doc.visitToken, doc._id);
    let ids = this.byIdentity.get(doc.identity.hmac);
    if (!ids) {
      ids = new Set();
      this.byIdentity.set(doc.identity.hmac, ids);
    }
    ids.add(doc._id);
    if (isActive(doc)) {
      let slot = this.bySlot.get(doc.slotId);
      if (!slot) {
        slot = new Set();
        this.bySlot.set(doc.slotId, slot);
      }
      slot.add(doc._id);
    }
  }

  unindexSlot(doc: AppointmentDoc): void {
    this.bySlot.get(doc.slotId)?.delete(doc._id);
  }

  async replace(before: AppointmentDoc, after: AppointmentDoc): Promise<void> {
    await this.deps.records.replace(after);
    this.unindexSlot(before);
    this.index(after);
  }

  closures(): Closure[] {
    return this.suspensions.map((s) => ({
      serviceId: s.serviceId,
      from: s.from,
      to: s.to,
      ...(s.resource ? { resource: s.resource } : {}),
    }));
  }

  booked(slotId: string): number {
    return this.bySlot.get(slotId)?.size ?? 0;
  }

  bookingsOf(hmac: string): Booking[] {
    return [...(this.byIdentity.get(hmac) ?? [])].map((id) => toBooking(this.docs.get(id) as AppointmentDoc));
  }

  service(serviceId: string): Service {
    const service = this.deps.queue.services.get(serviceId);
    if (!service) throw new CallboardError('UNKNOWN_SERVICE', `no service "${serviceId}" at this site`);
    if (!service.appointments) throw new CallboardError('SERVICE_CLOSED', `service ${serviceId} takes no appointments`);
    return service;
  }

  /** The day's slots of a service with live remaining capacity. */
  slots(serviceId: string, date: string): SlotView[] {
    this.service(serviceId);
    if (!isDate(date)) throw new CallboardError('VALIDATION_FAILED', `"${date}" is not a calendar date`);
    return generateSlots(this.slotBook, serviceId, date, this.tz, this.closures()).map((s) => this.slotView(s));
  }

  slotView(s: Slot): SlotView {
    const booked = this.booked(s.id);
    return { ...s, booked, remaining: remaining(s.capacity, booked) };
  }

  findSlot(slotId: string): Slot {
    const parsed = parseSlotId(slotId);
    if (!parsed) throw new CallboardError('SLOT_NOT_FOUND', `"${slotId}" is not a slot id (take one from GET /slots)`);
    this.service(parsed.serviceId);
    const slot = generateSlots(this.slotBook, parsed.serviceId, parsed.date, this.tz, this.closures()).find(
      (s) => s.id === slotId,
    );
    if (!slot) throw new CallboardError('SLOT_NOT_FOUND', `no slot ${slotId} (not in the schedule, or suspended)`);
    return slot;
  }

  /** By booking reference (any case, dashes and spaces ignored) or by id. */
  get(refOrId: string): AppointmentDoc {
    const id = this.byRef.get(normaliseRef(refOrId)) ?? refOrId;
    const doc = this.docs.get(id);
    if (!doc) throw new CallboardError('APPOINTMENT_NOT_FOUND', 'no appointment with this reference');
    return doc;
  }

  view(doc: AppointmentDoc): AppointmentView {
    // The page token is a credential and the phone's hash personal data: neither leaves the hub.
    const { _id, identity, by: _by, visitToken: _t, phoneHmac: _p, reminded: _r, ...rest } = doc;
    const phoneMasked = this.phoneMasked(_id);
    return {
      id: _id,
      ...rest,
      qr: `${APPOINTMENT_QR_PREFIX}${doc.ref}`,
      identityKind: identity.kind,
      identityMasked: identity.masked,
      ...(phoneMasked ? { phoneMasked } : {}),
    };
  }

  list(serviceId: string | undefined, date: string): AppointmentView[] {
    return [...this.docs.values()]
      .filter((d) => d.date === date && (serviceId === undefined || d.serviceId === serviceId))
      .sort((a, b) => a.start - b.start || a.createdAt - b.createdAt)
      .map((d) => this.view(d));
  }

  assertFree(slot: Slot, hmac: string, excludeId?: string, extra: Booking[] = [], tentative = 0): void {
    const conflict = conflictFor(
      [...this.bookingsOf(hmac), ...extra],
      {
        serviceId: slot.serviceId,
        date: slot.date,
        start: slot.start,
        end: slot.end,
        identityHmac: hmac,
        ...(excludeId ? { excludeId } : {}),
      },
      this.settings.rules,
    );
    if (conflict) {
      const other = conflict.with;
      throw new CallboardError(
        'DUPLICATE_BOOKING',
        conflict.rule === 'same-service-day'
          ? `this person already holds an appointment for service ${other.serviceId} on ${other.date}`
          : 'this person already holds an appointment at an overlapping time',
        { rule: conflict.rule, serviceId: other.serviceId, date: other.date, start: other.start },
      );
    }
    if (this.booked(slot.id) + tentative >= slot.capacity)
      throw new CallboardError('SLOT_FULL', `slot ${slot.id} is fully booked`, { capacity: slot.capacity });
  }

  assertBookable(slot: Slot): void {
    if (slot.start <= this.deps.now())
      throw new CallboardError('VALIDATION_FAILED', `slot ${slot.id} has already started`, { slotId: slot.id });
  }

  newDoc(
    slot: Slot,
    identity: StoredIdentity,
    channel: AppointmentChannel,
    by: Actor,
    name?: string,
    lang?: Lang,
    extra: Pick<AppointmentDoc, 'visitToken' | 'phoneHmac'> = {},
  ) {
    let ref = newRef();
    while (this.byRef.has(ref)) ref = newRef();
    const at = this.deps.now();
    const doc: AppointmentDoc = {
      _id: randomUUID(),
      ref,
      serviceId: slot.serviceId,
      slotId: slot.id,
      date: slot.date,
      time: slot.time,
      start: slot.start,
      end: slot.end,
      ...(slot.resource ? { resource: slot.resource } : {}),
      status: 'booked',
      channel,
      identity,
      ...(name ? { nameMasked: maskName(name) } : {}),
      ...(lang ? { lang } : {}),
      createdAt: at,
      by,
      history: [{ at, action: 'booked', by }],
      ...extra,
    };
    return doc;
  }

  assertBooked(doc: AppointmentDoc): void {
    if (doc.status !== 'booked')
      throw new CallboardError('APPOINTMENT_NOT_ACTIVE', `the appointment is ${doc.status.replace('_', ' ')}`, {
        status: doc.status,
        ...(doc.ticketNumber ? { ticketNumber: doc.ticketNumber } : {}),
      });
  }

  change(
    doc: AppointmentDoc,
    fields: Partial<AppointmentDoc>,
    action: string,
    by: Actor,
    reason?: string,
    fromSlotId?: string,
  ): AppointmentDoc {
    const entry = { at: this.deps.now(), action, by, ...(reason ? { reason } : {}), ...(fromSlotId ? { fromSlotId } : {}) };
    return { ...doc, ...fields, history: [...doc.history, entry] };
  }

  moveTo(doc: AppointmentDoc, slot: Slot, action: string, by: Actor, reason?: string): AppointmentDoc {
    const { resource: _r, ...rest } = doc;
    return this.change(
      { ...rest, ...(slot.resource ? { resource: slot.resource } : {}) },
      { slotId: slot.id, date: slot.date, time: slot.time, start: slot.start, end: slot.end },
      action,
      by,
      reason,
      doc.slotId,
    );
  }

  deadline(doc: AppointmentDoc): number {
    return noShowDeadline(doc.start, windowFor(this.deps.config.queue.policy, doc.serviceId), this.settings.lateMs);
  }

  /** The first slot of the service after `doc`'s own with room and no conflict for its holder. */
  nextFree(doc: AppointmentDoc): Slot | undefined {
    const after = Math.max(doc.start, this.deps.now());
    for (const slot of slotsAhead(
      this.slotBook,
      doc.serviceId,
      doc.date,
      this.settings.moveSearchDays,
      this.tz,
      this.closures(),
    )) {
      if (slot.start <= after || slot.id === doc.slotId) continue;
      try {
        this.assertFree(slot, doc.identity.hmac, doc._id);
        return slot;
      } catch {
        // full, or the holder has something else then: try the next one
      }
    }
    return undefined;
  }

  /** The booked appointments of a service (and resource) that overlap [from, to), earliest first. */
  bookedWithin(serviceId: string, resource: string | undefined, from: number, to: number): AppointmentDoc[] {
    return [...this.docs.values()]
      .filter(
        (d) =>
          d.status === 'booked' &&
          d.serviceId === serviceId &&
          (resource === undefined || d.resource === resource) &&
          d.start < to &&
          d.end > from,
      )
      .sort((a, b) => a.start - b.start || a.createdAt - b.createdAt);
  }

  /** The event a change of `doc` sends (`from`: where a moved appointment was). */
  event(type: AppointmentEventType, doc: AppointmentDoc, reason?: string, from?: AppointmentDoc): AppointmentEvent {
    return {
      v: 1,
      id: randomUUID(),
      type,
      at: this.deps.now(),
      siteId: this.deps.config.site.id,
      appointment: this.view(doc),
      ...(reason ? { reason } : {}),
      ...(from ? { from: { slotId: from.slotId, start: from.start } } : {}),
    };
  }
}

function toBooking(d: AppointmentDoc): Booking {
  return {
    id: d._id,
    serviceId: d.serviceId,
    date: d.date,
    start: d.start,
    end: d.end,
    status: d.status,
    identityHmac: d.identity.hmac,
  };
}
