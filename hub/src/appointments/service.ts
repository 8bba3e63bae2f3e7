/**
 * The appointment book: one pool of slots for every channel (docs/appointments.md).
 *
 * Every change (book, cancel, reschedule, check-in, no-show, suspension, import) runs through
 * one in-memory writer queue before its persisted write, so the capacity and identity checks
 * and the write that depends on them can never interleave: capacity is never exceeded, and one
 * identity cannot win two conflicting bookings in a race. The book is small (a few thousand
 * appointments) and each write is one NeDB append, so one queue is both simple and fast enough.
 */
import { randomUUID } from 'node:crypto';
import type { Bus } from '../broker';
import type { HubConfig } from '../config';
import type { HubEvents } from '../events';
import {
  type Actor,
  APPOINTMENT_QR_PREFIX,
  type AppointmentChannel,
  type AppointmentEvent,
  type AppointmentEventType,
  type AppointmentView,
  CallboardError,
  type IdentityInput,
  type ImportReply,
  type ImportRowResult,
  type IssuedTicket,
  type Lang,
  type Service,
  type SlotView,
  type StoredIdentity,
  type SuspensionBody,
  type SuspensionReply,
  type SuspensionRule,
  topics,
} from '../protocol';
import { businessDate, MINUTE_MS, windowFor } from '../queue';
import { protectIdentity } from '../security';
import type { AuditLog } from '../service/audit-log';
import { callerFor, SYSTEM } from '../service/caller';
import type { Caller, QueueService } from '../service/queue-service';
import type { AppointmentDoc, Store, SuspensionDoc } from '../store';
import { isRowError, parseCsv, readHeader, readRow } from './csv';
import {
  type Booking,
  conflictFor,
  dueNoShows,
  type IdentityRules,
  isActive,
  isRef,
  maskName,
  newRef,
  normaliseRef,
  noShowDeadline,
  remaining,
} from './rules';
import { type Closure, generateSlots, parseSlotId, resourceOf, type Slot, type SlotBook, slotsAhead } from './slots';
import { addDays, isDate } from './time';
import { WebhookSender } from './webhook';

export interface AppointmentSettings {
  rules: IdentityRules;
  suspension: SuspensionRule;
  moveSearchDays: number;
  lateMs: number;
  sweepIntervalMs: number;
  apiKeys: { id: string; key: string }[];
}

export function appointmentSettings(config: HubConfig): AppointmentSettings {
  const a = config.appointments ?? {};
  return {
    rules: { onePerServicePerDay: a.onePerServicePerDay ?? true, noOverlap: a.noOverlap ?? true },
    suspension: a.suspension ?? 'move',
    moveSearchDays: a.moveSearchDays ?? 14,
    lateMs: (a.noShowAfterMin ?? 30) * MINUTE_MS,
    sweepIntervalMs: (a.sweepIntervalSec ?? 60) * 1000,
    apiKeys: a.apiKeys ?? [],
  };
}

export interface AppointmentDeps {
  config: HubConfig;
  store: Store;
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
}

export interface CheckInResult {
  appointment: AppointmentView;
  ticket: IssuedTicket;
}

/** One row of a JSON import: the CSV columns as fields. */
export type ImportJsonRow = Partial<Record<(typeof JSON_FIELDS)[number], string>>;
const JSON_FIELDS = ['service', 'date', 'time', 'id_number', 'phone', 'name', 'channel'] as const;

/** How long appointments stay in memory after their day (no-show sweep after a long outage, look-ups). */
const KEEP_DAYS = 7;

export class AppointmentService {
  readonly settings: AppointmentSettings;
  readonly webhook: WebhookSender | undefined;
  private readonly docs = new Map<string, AppointmentDoc>();
  private readonly byRef = new Map<string, string>();
  private readonly bySlot = new Map<string, Set<string>>();
  private readonly byIdentity = new Map<string, Set<string>>();
  private suspensions: SuspensionDoc[] = [];
  private tail: Promise<unknown> = Promise.resolve();
  private readonly slotBook: SlotBook;
  private readonly tz: string;
  private readonly unsubscribe: (() => void)[] = [];

  private constructor(private readonly deps: AppointmentDeps) {
    this.settings = appointmentSettings(deps.config);
    this.slotBook = deps.config.appointments ?? {};
    this.tz = deps.config.site.timezone;
    const w = deps.config.appointments?.webhook;
    this.webhook = w ? new WebhookSender({ ...w, log: deps.log }) : undefined;
  }

  static async start(deps: AppointmentDeps): Promise<AppointmentService> {
    const s = new AppointmentService(deps);
    const since = addDays(businessDate(deps.now(), s.tz), -KEEP_DAYS);
    for (const doc of await deps.store.appointments.findAsync({ date: { $gte: since } })) s.index(doc);
    s.suspensions = await deps.store.suspensions.findAsync({ to: { $gt: deps.now() - KEEP_DAYS * 24 * 60 * MINUTE_MS } });
    const topic = topics.appointmentEvents(deps.config.site.id);
    s.unsubscribe.push(
      deps.events.on('appointment.changed', (event) => {
        deps.bus
          .publish(topic, event, { qos: 1, retain: false })
          .catch((err: Error) => deps.log.warn({ err: err.message, type: event.type }, 'appointment event not published'));
      }),
    );
    const webhook = s.webhook;
    if (webhook) s.unsubscribe.push(deps.events.on('appointment.changed', (event) => webhook.send(event.type, event)));
    return s;
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

  // ---------------- indexes ----------------

  private index(doc: AppointmentDoc): void {
    this.docs.set(doc._id, doc);
    this.byRef.set(doc.ref, doc._id);
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

  private unindexSlot(doc: AppointmentDoc): void {
    this.bySlot.get(doc.slotId)?.delete(doc._id);
  }

  private async replace(before: AppointmentDoc, after: AppointmentDoc): Promise<void> {
    await this.deps.store.appointments.updateAsync({ _id: after._id }, after, {});
    this.unindexSlot(before);
    this.index(after);
  }

  private closures(): Closure[] {
    return this.suspensions.map((s) => ({
      serviceId: s.serviceId,
      from: s.from,
      to: s.to,
      ...(s.resource ? { resource: s.resource } : {}),
    }));
  }

  private booked(slotId: string): number {
    return this.bySlot.get(slotId)?.size ?? 0;
  }

  private bookingsOf(hmac: string): Booking[] {
    return [...(this.byIdentity.get(hmac) ?? [])].map((id) => toBooking(this.docs.get(id) as AppointmentDoc));
  }

  // ---------------- look-ups ----------------

  private service(serviceId: string): Service {
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

  private slotView(s: Slot): SlotView {
    const booked = this.booked(s.id);
    return { ...s, booked, remaining: remaining(s.capacity, booked) };
  }

  private findSlot(slotId: string): Slot {
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
    const { _id, identity, by: _by, ...rest } = doc;
    return {
      id: _id,
      ...rest,
      qr: `${APPOINTMENT_QR_PREFIX}${doc.ref}`,
      identityKind: identity.kind,
      identityMasked: identity.masked,
    };
  }

  list(serviceId: string | undefined, date: string): AppointmentView[] {
    return [...this.docs.values()]
      .filter((d) => d.date === date && (serviceId === undefined || d.serviceId === serviceId))
      .sort((a, b) => a.start - b.start || a.createdAt - b.createdAt)
      .map((d) => this.view(d));
  }

  // ---------------- booking ----------------

  private assertFree(slot: Slot, hmac: string, excludeId?: string, extra: Booking[] = [], tentative = 0): void {
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

  private assertBookable(slot: Slot): void {
    if (slot.start <= this.deps.now())
      throw new CallboardError('VALIDATION_FAILED', `slot ${slot.id} has already started`, { slotId: slot.id });
  }

  private newDoc(slot: Slot, identity: StoredIdentity, channel: AppointmentChannel, by: Actor, name?: string, lang?: Lang) {
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
    };
    return doc;
  }

  book(input: BookInput, caller: Caller): Promise<AppointmentView> {
    return this.serial(async () => {
      const slot = this.findSlot(input.slotId);
      this.assertBookable(slot);
      const identity = protectIdentity(input.identity, this.deps.secret);
      this.assertFree(slot, identity.hmac);
      const doc = this.newDoc(slot, identity, input.channel, caller.actor, input.name, input.lang);
      await this.deps.store.appointments.insertAsync(doc);
      this.index(doc);
      await this.audit(caller, 'appointment.book', doc, { channel: doc.channel, slotId: slot.id });
      this.emit('appointment.booked', doc);
      return this.view(doc);
    });
  }

  cancel(refOrId: string, caller: Caller, reason?: string): Promise<AppointmentView> {
    return this.serial(async () => {
      const doc = this.get(refOrId);
      this.assertBooked(doc);
      const next = this.change(doc, { status: 'cancelled' }, 'cancelled', caller.actor, reason);
      await this.replace(doc, next);
      await this.audit(caller, 'appointment.cancel', next, reason ? { reason } : undefined);
      this.emit('appointment.cancelled', next, reason);
      return this.view(next);
    });
  }

  reschedule(refOrId: string, slotId: string, caller: Caller, reason?: string): Promise<AppointmentView> {
    return this.serial(async () => {
      const doc = this.get(refOrId);
      this.assertBooked(doc);
      const slot = this.findSlot(slotId);
      if (slot.serviceId !== doc.serviceId)
        throw new CallboardError('VALIDATION_FAILED', 'an appointment moves within its service; cancel and book anew instead');
      if (slot.id === doc.slotId) return this.view(doc);
      this.assertBookable(slot);
      this.assertFree(slot, doc.identity.hmac, doc._id);
      const next = this.moveTo(doc, slot, 'rescheduled', caller.actor, reason);
      await this.replace(doc, next);
      await this.audit(caller, 'appointment.reschedule', next, { fromSlotId: doc.slotId, slotId: slot.id });
      this.emit('appointment.rescheduled', next, reason, doc);
      return this.view(next);
    });
  }

  private assertBooked(doc: AppointmentDoc): void {
    if (doc.status !== 'booked')
      throw new CallboardError('APPOINTMENT_NOT_ACTIVE', `the appointment is ${doc.status.replace('_', ' ')}`, {
        status: doc.status,
        ...(doc.ticketNumber ? { ticketNumber: doc.ticketNumber } : {}),
      });
  }

  private change(
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

  private moveTo(doc: AppointmentDoc, slot: Slot, action: string, by: Actor, reason?: string): AppointmentDoc {
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

  // ---------------- check-in ----------------

  /** Check-in by reference (kiosk or counter): a ticket carrying the appointment time. */
  checkIn(refOrId: string, caller: Caller): Promise<CheckInResult> {
    return this.serial(() => this.checkInDoc(this.get(refOrId), caller));
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
      const today = businessDate(now, this.tz);
      const doc = [...(this.byIdentity.get(identity.hmac) ?? [])]
        .map((id) => this.docs.get(id) as AppointmentDoc)
        .filter(
          (d) =>
            d.status === 'booked' &&
            d.date === today &&
            (serviceId === undefined || d.serviceId === serviceId) &&
            now <= this.deadline(d),
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

  private deadline(doc: AppointmentDoc): number {
    return noShowDeadline(doc.start, windowFor(this.deps.config.queue.policy, doc.serviceId), this.settings.lateMs);
  }

  private async checkInDoc(doc: AppointmentDoc, caller: Caller, input?: IdentityInput): Promise<CheckInResult> {
    this.assertBooked(doc);
    const now = this.deps.now();
    const today = businessDate(now, this.tz);
    if (doc.date !== today)
      throw new CallboardError('CHECK_IN_CLOSED', `the appointment is for ${doc.date} ${doc.time}, not today`, {
        date: doc.date,
        time: doc.time,
      });
    if (now > this.deadline(doc)) {
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
    const next = this.change(
      doc,
      { status: 'checked_in', checkedInAt: now, ticketId: ticket.id, ticketNumber: ticket.number },
      'checked_in',
      caller.actor,
    );
    await this.replace(doc, next);
    await this.audit(caller, 'appointment.check_in', next, { ticketId: ticket.id, number: ticket.number });
    this.emit('appointment.checked_in', next);
    return { appointment: this.view(next), ticket };
  }

  // ---------------- no-shows ----------------

  /** Marks every appointment whose window (plus late check-in time) has passed; at start-up and on a timer. */
  sweep(): Promise<number> {
    return this.serial(async () => {
      const due = dueNoShows(
        [...this.docs.values()],
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
    const next = this.change(doc, { status: 'no_show' }, 'no_show', system.actor);
    await this.replace(doc, next);
    await this.audit(system, 'appointment.no_show', next);
    this.emit('appointment.no_show', next);
  }

  // ---------------- suspensions ----------------

  suspend(body: SuspensionBody, caller: Caller): Promise<SuspensionReply> {
    return this.serial(async () => {
      this.service(body.serviceId);
      if (body.to <= body.from) throw new CallboardError('VALIDATION_FAILED', '"to" must be after "from"');
      if (body.counterId !== undefined && body.staff !== undefined)
        throw new CallboardError('VALIDATION_FAILED', 'suspend a counter or a clerk, not both at once');
      if (body.counterId !== undefined && !this.deps.queue.counters.has(body.counterId))
        throw new CallboardError('COUNTER_NOT_FOUND', `no counter "${body.counterId}"`);
      const resource = resourceOf(body);
      const rule = body.rule ?? this.settings.suspension;
      const doc: SuspensionDoc = {
        _id: randomUUID(),
        serviceId: body.serviceId,
        ...(resource ? { resource } : {}),
        from: body.from,
        to: body.to,
        rule,
        ...(body.reason ? { reason: body.reason } : {}),
        at: this.deps.now(),
        by: caller.actor,
      };
      await this.deps.store.suspensions.insertAsync(doc);
      this.suspensions.push(doc);
      await this.audit(caller, 'appointment.suspend', undefined, {
        suspensionId: doc._id,
        serviceId: doc.serviceId,
        resource,
        rule,
      });
      const affected = [...this.docs.values()]
        .filter(
          (d) =>
            d.status === 'booked' &&
            d.serviceId === body.serviceId &&
            (resource === undefined || d.resource === resource) &&
            d.start < body.to &&
            d.end > body.from,
        )
        .sort((a, b) => a.start - b.start || a.createdAt - b.createdAt);
      const moved: AppointmentView[] = [];
      const cancelled: AppointmentView[] = [];
      const reason = body.reason ?? 'suspended';
      for (const d of affected) {
        const target = rule === 'move' ? this.nextFree(d) : undefined;
        if (target) {
          const next = this.moveTo(d, target, 'moved', caller.actor, reason);
          await this.replace(d, next);
          await this.audit(caller, 'appointment.move', next, { fromSlotId: d.slotId, slotId: target.id });
          this.emit('appointment.moved', next, reason, d);
          moved.push(this.view(next));
        } else {
          const why = rule === 'move' ? `${reason} (no free slot to move to)` : reason;
          const next = this.change(d, { status: 'cancelled' }, 'cancelled', caller.actor, why);
          await this.replace(d, next);
          await this.audit(caller, 'appointment.cancel', next, { reason: why });
          this.emit('appointment.cancelled', next, why);
          cancelled.push(this.view(next));
        }
      }
      return { id: doc._id, rule, moved, cancelled };
    });
  }

  /** The first slot of the service after `doc`'s own with room and no conflict for its holder. */
  private nextFree(doc: AppointmentDoc): Slot | undefined {
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
    return this.serial(async () => {
      let records: { line: number; fields: string[] }[];
      let columns: Map<string, number>;
      if ('csv' in source) {
        const parsed = parseCsv(source.csv);
        const header = parsed[0];
        if (!header) throw new CallboardError('VALIDATION_FAILED', 'the file is empty');
        const h = readHeader(header.fields);
        if (h.missing.length > 0)
          throw new CallboardError('VALIDATION_FAILED', `the header lacks the column(s): ${h.missing.join(', ')}`, {
            missing: h.missing,
          });
        columns = h.columns;
        records = parsed.slice(1);
      } else {
        columns = readHeader([...JSON_FIELDS]).columns;
        records = source.rows.map((r, i) => ({ line: i + 1, fields: JSON_FIELDS.map((f) => r[f] ?? '') }));
      }
      const results: ImportRowResult[] = [];
      const plan: {
        result: ImportRowResult;
        slot: Slot;
        identity: StoredIdentity;
        channel: AppointmentChannel;
        name?: string;
      }[] = [];
      const tentative = new Map<string, number>();
      const tentativeBookings: Booking[] = [];
      for (const rec of records) {
        const row = readRow(rec.line, rec.fields, columns);
        if (isRowError(row)) {
          results.push({ line: row.line, ok: false, field: row.field, code: row.code, reason: row.reason });
          continue;
        }
        const fail = (field: string, err: unknown) => {
          const e = err as CallboardError;
          results.push({ line: row.line, ok: false, field, code: e.code ?? 'INTERNAL', reason: e.message });
        };
        try {
          this.service(row.serviceId);
        } catch (err) {
          fail('service', err);
          continue;
        }
        const candidates = generateSlots(this.slotBook, row.serviceId, row.date, this.tz, this.closures()).filter(
          (s) => s.time === row.time,
        );
        if (candidates.length === 0) {
          fail('time', new CallboardError('SLOT_NOT_FOUND', `no slot of ${row.serviceId} at ${row.date} ${row.time}`));
          continue;
        }
        let identity: StoredIdentity;
        try {
          identity = protectIdentity(row.identity, this.deps.secret);
        } catch (err) {
          fail(row.identity.kind === 'id-card' ? 'id_number' : 'phone', err);
          continue;
        }
        let chosen: Slot | undefined;
        let lastErr: unknown;
        for (const slot of candidates) {
          try {
            this.assertBookable(slot);
            this.assertFree(slot, identity.hmac, undefined, tentativeBookings, tentative.get(slot.id) ?? 0);
            chosen = slot;
            break;
          } catch (err) {
            lastErr = err;
          }
        }
        if (!chosen) {
          const code = (lastErr as CallboardError).code;
          fail(code === 'DUPLICATE_BOOKING' ? (row.identity.kind === 'id-card' ? 'id_number' : 'phone') : 'time', lastErr);
          continue;
        }
        tentative.set(chosen.id, (tentative.get(chosen.id) ?? 0) + 1);
        tentativeBookings.push({
          id: `line-${row.line}`,
          serviceId: chosen.serviceId,
          date: chosen.date,
          start: chosen.start,
          end: chosen.end,
          status: 'booked',
          identityHmac: identity.hmac,
        });
        const result: ImportRowResult = { line: row.line, ok: true };
        results.push(result);
        plan.push({ result, slot: chosen, identity, channel: row.channel, ...(row.name ? { name: row.name } : {}) });
      }
      const invalid = results.filter((r) => !r.ok).length;
      const commit = !opts.dryRun && (opts.partial || invalid === 0);
      let imported = 0;
      if (commit) {
        for (const p of plan) {
          const doc = this.newDoc(p.slot, p.identity, p.channel, caller.actor, p.name);
          await this.deps.store.appointments.insertAsync(doc);
          this.index(doc);
          p.result.ref = doc.ref;
          imported++;
          this.emit('appointment.booked', doc);
        }
      }
      await this.audit(caller, 'appointment.import', undefined, {
        dryRun: opts.dryRun,
        partial: opts.partial,
        total: results.length,
        invalid,
        imported,
      });
      return {
        dryRun: opts.dryRun,
        partial: opts.partial,
        total: results.length,
        valid: results.length - invalid,
        invalid,
        imported,
        rows: results,
      };
    });
  }

  // ---------------- events ----------------

  private emit(type: AppointmentEventType, doc: AppointmentDoc, reason?: string, from?: AppointmentDoc): void {
    const event: AppointmentEvent = {
      v: 1,
      id: randomUUID(),
      type,
      at: this.deps.now(),
      siteId: this.deps.config.site.id,
      appointment: this.view(doc),
      ...(reason ? { reason } : {}),
      ...(from ? { from: { slotId: from.slotId, start: from.start } } : {}),
    };
    this.deps.events.emit('appointment.changed', event);
  }

  private audit(caller: Caller, action: string, doc: AppointmentDoc | undefined, details?: Record<string, unknown>) {
    return this.deps.audit.record(caller, action, doc?._id, {
      ...(doc ? { ref: doc.ref, serviceId: doc.serviceId, slotId: doc.slotId } : {}),
      ...details,
    });
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
