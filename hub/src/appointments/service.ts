/**
 * The appointment book: one pool of slots for every channel (docs/appointments.md).
 *
 * Every change (book, cancel, reschedule, check-in, no-show, suspension, import) runs through
 * one in-memory writer queue before its persisted write, so the capacity and identity checks
 * and the write that depends on them can never interleave: capacity is never exceeded, and one
 * identity cannot win two conflicting bookings in a race. The book is small (a few thousand
 * appointments) and each write is one NeDB append, so one queue is both simple and fast enough.
 */
import type { Bus } from '../broker';
import type { HubConfig } from '../config';
import type { HubEvents } from '../events';
import {
  APPOINTMENT_QR_PREFIX,
  type AppointmentChannel,
  type AppointmentEventType,
  type AppointmentView,
  CallboardError,
  type IdentityInput,
  type ImportReply,
  type IssuedTicket,
  type Lang,
  type SlotView,
  type StoredIdentity,
  type SuspensionBody,
  type SuspensionReply,
} from '../protocol';
import { MINUTE_MS, windowFor } from '../queue';
import { protectIdentity } from '../security';
import type { AuditLog } from '../service/audit-log';
import { callerFor, SYSTEM } from '../service/caller';
import type { Caller, QueueService } from '../service/queue-service';
import type { AppointmentDoc, AppointmentRepository } from '../store';
import { addDays, businessDate } from '../time';
import { forgetAppointmentsOf } from './erasure';
import type { ImportJsonRow } from './import-plan';
import { runImport } from './import-run';
import { publishAppointmentEvents } from './outputs';
import type { AppointmentPhones } from './phones';
import { AppointmentRecords } from './records';
import { dueNoShows, isRef, normaliseRef } from './rules';
import { type AppointmentSettings, appointmentSettings } from './settings';
import { Suspensions } from './suspensions';
import { newVisitToken } from './visit-token';
import { WebhookSender } from './webhook';

export interface AppointmentDeps {
  config: HubConfig;
  /** The book's documents and the suspensions, as stored. */
  records: AppointmentRepository;
  queue: QueueService;
  bus: Bus;
  /** The hub's event bus: appointment events go out on it; MQTT and the webhook subscribe. */
  events: HubEvents;
  audit: AuditLog;
  secret: string;
  now: () => number;
  log: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
}

export interface BookInput {
  slotId: string;
  identity: IdentityInput;
  channel: AppointmentChannel;
  name?: string;
  lang?: Lang;
  /** A mobile number for reminders (kept sealed by the notifications until after the appointment). */
  phone?: string;
}

export interface CheckInResult {
  appointment: AppointmentView;
  ticket: IssuedTicket;
}

/** How long appointments stay in memory after their day (no-show sweep after a long outage, look-ups). */
const KEEP_DAYS = 7;

export class AppointmentService {
  readonly settings: AppointmentSettings;
  readonly webhook: WebhookSender | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  private readonly unsubscribe: (() => void)[] = [];

  private readonly records: AppointmentRecords;
  private readonly suspensions: Suspensions;
  private phones: AppointmentPhones | undefined;

  private constructor(private readonly deps: AppointmentDeps) {
    this.settings = appointmentSettings(deps.config);
    this.records = new AppointmentRecords(deps, this.settings);
    this.suspensions = new Suspensions({
      queue: deps.queue,
      store: deps.records,
      records: this.records,
      settings: this.settings,
      now: deps.now,
      audit: (caller, action, doc, details) => this.audit(caller, action, doc, details),
      emit: (type, doc, reason, from) => this.emit(type, doc, reason, from),
    });
    const w = deps.config.appointments?.webhook;
    this.webhook = w ? new WebhookSender({ ...w, log: deps.log }) : undefined;
  }

  static async start(deps: AppointmentDeps): Promise<AppointmentService> {
    const s = new AppointmentService(deps);
    const since = addDays(businessDate(deps.now(), s.records.tz, s.records.dayStartsAt), -KEEP_DAYS);
    for (const doc of await deps.records.from(since)) s.records.index(doc);
    s.records.suspensions = await deps.records.suspensionsEndingAfter(deps.now() - KEEP_DAYS * 24 * 60 * MINUTE_MS);
    s.unsubscribe.push(...publishAppointmentEvents(deps, s.webhook));
    return s;
  }

  /** The notifications keep the phones given at booking (none: a booking with a phone is refused). */
  usePhones(phones: AppointmentPhones): void {
    this.phones = phones;
    this.records.phoneMasked = (id) => phones.masked(id);
  }

  close(): void {
    for (const off of this.unsubscribe.splice(0)) off();
    this.webhook?.close();
  }

  /** Runs `fn` after every change queued before it (the writer queue). */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  // ---------------- look-ups ----------------

  /** The day's slots of a service with live remaining capacity. */
  slots(serviceId: string, date: string): SlotView[] {
    return this.records.slots(serviceId, date);
  }

  /** By booking reference (any case, dashes and spaces ignored) or by id. */
  get(refOrId: string): AppointmentDoc {
    return this.records.get(refOrId);
  }

  view(doc: AppointmentDoc): AppointmentView {
    return this.records.view(doc);
  }

  list(serviceId: string | undefined, date: string): AppointmentView[] {
    return this.records.list(serviceId, date);
  }

  /** The appointment whose visitor page token this is; 404 naming nothing otherwise. */
  byToken(token: string): AppointmentDoc {
    const id = this.records.byToken.get(token);
    const doc = id === undefined ? undefined : this.records.docs.get(id);
    if (!doc || doc.visitToken !== token) throw new CallboardError('NOT_FOUND', 'no such appointment page');
    return doc;
  }

  /** Booked appointments with a reminder phone, starting after `after` (the reminders' worklist). */
  withPhones(after: number): AppointmentDoc[] {
    return [...this.records.docs.values()].filter((d) => d.status === 'booked' && d.phoneHmac !== undefined && d.start > after);
  }

  /**
   * Records, durably, that reminder `key` of an appointment was queued; false when it already was
   * (or the appointment is gone or no longer booked): the reminder must then not go.
   */
  noteReminder(id: string, key: string): Promise<boolean> {
    return this.serial(async () => {
      const doc = this.records.docs.get(id);
      if (!doc || doc.status !== 'booked' || doc.reminded?.includes(key)) return false;
      await this.records.replace(doc, { ...doc, reminded: [...(doc.reminded ?? []), key] });
      return true;
    });
  }

  /** A person's erasure: their appointments lose their holder (refused while one is still booked). */
  forgetIdentity(hmac: string): Promise<number> {
    return this.serial(() => forgetAppointmentsOf(this.records, this.deps.records, hmac));
  }

  // ---------------- booking ----------------

  book(input: BookInput, caller: Caller): Promise<AppointmentView> {
    return this.serial(async () => {
      const slot = this.records.findSlot(input.slotId);
      this.records.assertBookable(slot);
      const identity = protectIdentity(input.identity, this.deps.secret);
      this.records.assertFree(slot, identity.hmac);
      if (input.phone !== undefined && !this.phones)
        throw new CallboardError('VALIDATION_FAILED', 'this site sends no text messages: book without a phone number');
      const doc = this.records.newDoc(slot, identity, input.channel, caller.actor, input.name, input.lang, {
        visitToken: newVisitToken(),
      });
      if (input.phone !== undefined && this.phones) {
        const kept = this.phones.keep(doc._id, input.phone, doc.end);
        doc.phoneHmac = kept.hmac;
        await kept.written;
      }
      await this.deps.records.add(doc);
      this.records.index(doc);
      await this.audit(caller, 'appointment.book', doc, { channel: doc.channel, slotId: slot.id });
      this.emit('appointment.booked', doc);
      return this.records.view(doc);
    });
  }

  cancel(refOrId: string, caller: Caller, reason?: string): Promise<AppointmentView> {
    return this.serial(async () => {
      const doc = this.records.get(refOrId);
      this.records.assertBooked(doc);
      const next = this.records.change(doc, { status: 'cancelled' }, 'cancelled', caller.actor, reason);
      await this.records.replace(doc, next);
      await this.audit(caller, 'appointment.cancel', next, reason ? { reason } : undefined);
      this.emit('appointment.cancelled', next, reason);
      return this.records.view(next);
    });
  }

  reschedule(refOrId: string, slotId: string, caller: Caller, reason?: string): Promise<AppointmentView> {
    return this.serial(async () => {
      const doc = this.records.get(refOrId);
      this.records.assertBooked(doc);
      const slot = this.records.findSlot(slotId);
      if (slot.serviceId !== doc.serviceId)
        throw new CallboardError('VALIDATION_FAILED', 'an appointment moves within its service; cancel and book anew instead');
      if (slot.id === doc.slotId) return this.records.view(doc);
      this.records.assertBookable(slot);
      this.records.assertFree(slot, doc.identity.hmac, doc._id);
      const next = this.records.moveTo(doc, slot, 'rescheduled', caller.actor, reason);
      await this.records.replace(doc, next);
      await this.audit(caller, 'appointment.reschedule', next, { fromSlotId: doc.slotId, slotId: slot.id });
      this.emit('appointment.rescheduled', next, reason, doc);
      return this.records.view(next);
    });
  }

  // ---------------- check-in ----------------

  /** Check-in by reference (kiosk or counter): a ticket carrying the appointment time. */
  checkIn(refOrId: string, caller: Caller): Promise<CheckInResult> {
    return this.serial(() => this.checkInDoc(this.records.get(refOrId), caller));
  }

  /**
   * Check-in by ID card: the identity's appointment of today that is still open (for `serviceId`
   * when the kiosk had one chosen), earliest first. `undefined` when there is none.
   */
  checkInByIdentity(
    identity: StoredIdentity,
    input: IdentityInput,
    serviceId: string | undefined,
    caller: Caller,
  ): Promise<CheckInResult | undefined> {
    return this.serial(async () => {
      const now = this.deps.now();
      const today = businessDate(now, this.records.tz, this.records.dayStartsAt);
      const doc = [...(this.records.byIdentity.get(identity.hmac) ?? [])]
        .map((id) => this.records.docs.get(id) as AppointmentDoc)
        .filter(
          (d) =>
            d.status === 'booked' &&
            this.records.businessDayOf(d) === today &&
            (serviceId === undefined || d.serviceId === serviceId) &&
            now <= this.records.deadline(d),
        )
        .sort((a, b) => a.start - b.start)[0];
      return doc ? this.checkInDoc(doc, caller, input) : undefined;
    });
  }

  /** A scanned booking QR (`CBA1:<ref>`) → its reference; `undefined` for codes that are not ours. */
  refFromScan(code: string): string | undefined {
    const text = code.trim();
    if (!text.startsWith(APPOINTMENT_QR_PREFIX)) return undefined;
    const ref = normaliseRef(text.slice(APPOINTMENT_QR_PREFIX.length));
    return isRef(ref) ? ref : undefined;
  }

  private async checkInDoc(doc: AppointmentDoc, caller: Caller, input?: IdentityInput): Promise<CheckInResult> {
    this.records.assertBooked(doc);
    const now = this.deps.now();
    const today = businessDate(now, this.records.tz, this.records.dayStartsAt);
    // An appointment of a later day is refused; one of an earlier day may still be checked in
    // while its window and late check-in last (a 23:45 slot at 00:05), and is a no-show after.
    if (this.records.businessDayOf(doc) > today)
      throw new CallboardError('CHECK_IN_CLOSED', `the appointment is for ${doc.date} ${doc.time}, not today`, {
        date: doc.date,
        time: doc.time,
      });
    if (now > this.records.deadline(doc)) {
      await this.markNoShow(doc);
      throw new CallboardError('CHECK_IN_CLOSED', `the appointment at ${doc.time} was missed; please take a ticket`, {
        status: 'no_show',
      });
    }
    // The book vouches for the appointment time, so the ticket's source is `appointment` whoever
    // checks in (a kiosk device would otherwise be recorded as `kiosk`); the audit keeps the real actor.
    const issuer = callerFor({ kind: 'appointment-desk', via: caller.principal }, caller.ip);
    const ticket = await this.deps.queue.issue(
      {
        serviceId: doc.serviceId,
        source: 'appointment',
        appointment: { at: doc.start, id: doc.ref },
        ...(input ? { identity: input } : {}),
        ...(doc.lang ? { lang: doc.lang } : {}),
      },
      issuer,
    );
    const next = this.records.change(
      doc,
      { status: 'checked_in', checkedInAt: now, ticketId: ticket.id, ticketNumber: ticket.number },
      'checked_in',
      caller.actor,
    );
    await this.records.replace(doc, next);
    await this.audit(caller, 'appointment.check_in', next, { ticketId: ticket.id, number: ticket.number });
    this.emit('appointment.checked_in', next);
    return { appointment: this.records.view(next), ticket };
  }

  // ---------------- no-shows ----------------

  /** Marks every appointment whose window (plus late check-in time) has passed; at start-up and on a timer. */
  sweep(): Promise<number> {
    return this.serial(async () => {
      const due = dueNoShows(
        [...this.records.docs.values()],
        this.deps.now(),
        (id) => windowFor(this.deps.config.queue.policy, id),
        this.settings.lateMs,
      );
      for (const doc of due) await this.markNoShow(doc);
      if (due.length > 0) this.deps.log.info({ count: due.length }, 'appointments marked no-show');
      return due.length;
    });
  }

  private async markNoShow(doc: AppointmentDoc): Promise<void> {
    const system = SYSTEM;
    const next = this.records.change(doc, { status: 'no_show' }, 'no_show', system.actor);
    await this.records.replace(doc, next);
    await this.audit(system, 'appointment.no_show', next);
    this.emit('appointment.no_show', next);
  }

  // ---------------- suspensions ----------------

  suspend(body: SuspensionBody, caller: Caller): Promise<SuspensionReply> {
    return this.serial(() => this.suspensions.suspend(body, caller));
  }

  // ---------------- import ----------------

  /**
   * Imports CSV text (header on line 1) or JSON rows (line = position in the array, from 1).
   * Every row is checked like a booking, also against the rows before it; all or nothing unless `partial`.
   */
  import(
    source: { csv: string } | { rows: ImportJsonRow[] },
    opts: { dryRun: boolean; partial: boolean },
    caller: Caller,
  ): Promise<ImportReply> {
    return this.serial(() =>
      runImport(
        {
          store: this.deps.records,
          records: this.records,
          secret: this.deps.secret,
          audit: (c, action, doc, details) => this.audit(c, action, doc, details),
          emit: (type, doc) => this.emit(type, doc),
        },
        source,
        opts,
        caller,
      ),
    );
  }

  // ---------------- events ----------------

  private emit(type: AppointmentEventType, doc: AppointmentDoc, reason?: string, from?: AppointmentDoc): void {
    this.deps.events.emit('appointment.changed', this.records.event(type, doc, reason, from));
  }

  private audit(caller: Caller, action: string, doc: AppointmentDoc | undefined, details?: Record<string, unknown>) {
    return this.deps.audit.record(caller, action, doc?._id, {
      ...(doc ? { ref: doc.ref, serviceId: doc.serviceId, slotId: doc.slotId } : {}),
      ...details,
    });
  }
}
