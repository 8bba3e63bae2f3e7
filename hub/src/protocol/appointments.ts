/**
 * The appointment book (docs/appointments.md): slots, bookings, check-in, suspensions, imports,
 * and the events the hub publishes on `callboard/<site>/appointments/events` and to webhooks.
 * Times are epoch ms; dates are the site's calendar dates ('YYYY-MM-DD').
 */
import { type Static, Type } from 'typebox';
import { Actor, EpochMs, Id, IdentityInput, IdentityKind, Lang } from './schemas';
import { Username } from './staff';

export const AppointmentChannel = Type.Union([
  Type.Literal('app'),
  Type.Literal('phone'),
  Type.Literal('window'),
  Type.Literal('kiosk'),
  Type.Literal('import'),
  Type.Literal('api'),
]);
export type AppointmentChannel = Static<typeof AppointmentChannel>;

export const AppointmentStatus = Type.Union([
  Type.Literal('booked'),
  Type.Literal('checked_in'),
  Type.Literal('no_show'),
  Type.Literal('cancelled'),
]);
export type AppointmentStatus = Static<typeof AppointmentStatus>;

export const CalendarDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'site calendar date YYYY-MM-DD' });
export const SlotId = Type.String({
  minLength: 1,
  maxLength: 160,
  description: 'opaque slot id from GET /slots (service, date, time and resource)',
});

export const SlotView = Type.Object({
  id: SlotId,
  serviceId: Type.String(),
  date: CalendarDate,
  /** Local wall-clock start, 'HH:MM'. */
  time: Type.String(),
  start: EpochMs,
  end: EpochMs,
  /** `counter:<id>` or `staff:<username>` when the slot belongs to one counter or clerk. */
  resource: Type.Optional(Type.String()),
  capacity: Type.Integer({ minimum: 0 }),
  booked: Type.Integer({ minimum: 0 }),
  remaining: Type.Integer({ minimum: 0 }),
  extra: Type.Optional(Type.Boolean()),
});
export type SlotView = Static<typeof SlotView>;

export const SlotsQuery = Type.Object({ service: Id, date: CalendarDate }, { additionalProperties: false });
export const SlotsReply = Type.Object({ serviceId: Type.String(), date: CalendarDate, slots: Type.Array(SlotView) });
export type SlotsReply = Static<typeof SlotsReply>;

export const AppointmentHistoryEntry = Type.Object({
  at: EpochMs,
  action: Type.String(),
  by: Actor,
  reason: Type.Optional(Type.String()),
  fromSlotId: Type.Optional(Type.String()),
});

/** An appointment as clients see it: the identity only masked, never its HMAC. */
export const AppointmentView = Type.Object({
  id: Type.String(),
  ref: Type.String({ description: 'booking reference code: short, unambiguous characters' }),
  qr: Type.String({ description: 'payload of the QR code to show at the kiosk scanner' }),
  serviceId: Type.String(),
  slotId: Type.String(),
  date: CalendarDate,
  time: Type.String(),
  start: EpochMs,
  end: EpochMs,
  resource: Type.Optional(Type.String()),
  status: AppointmentStatus,
  channel: AppointmentChannel,
  identityKind: IdentityKind,
  identityMasked: Type.String(),
  nameMasked: Type.Optional(Type.String()),
  lang: Type.Optional(Lang),
  createdAt: EpochMs,
  checkedInAt: Type.Optional(EpochMs),
  ticketId: Type.Optional(Type.String()),
  ticketNumber: Type.Optional(Type.String()),
  history: Type.Array(AppointmentHistoryEntry),
  /** The phone given for reminders, masked, while it is kept (erased after the appointment). */
  phoneMasked: Type.Optional(Type.String()),
});
export type AppointmentView = Static<typeof AppointmentView>;

export const BookAppointmentBody = Type.Object(
  {
    slotId: SlotId,
    identity: IdentityInput,
    channel: Type.Optional(AppointmentChannel),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    lang: Type.Optional(Lang),
    phone: Type.Optional(
      Type.String({
        minLength: 5,
        maxLength: 24,
        description:
          'a mobile number for the reminders (the day before, shortly before): sealed, shown masked, erased after the appointment',
      }),
    ),
  },
  { additionalProperties: false },
);
export type BookAppointmentBody = Static<typeof BookAppointmentBody>;

export const RescheduleBody = Type.Object(
  { slotId: SlotId, reason: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
export const CancelBody = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
export const AppointmentReply = Type.Object({ appointment: AppointmentView });
export type AppointmentReply = Static<typeof AppointmentReply>;

export const CheckInReply = Type.Object({
  appointment: AppointmentView,
  ticket: Type.Object({
    id: Type.String(),
    number: Type.String(),
    serviceId: Type.String(),
    position: Type.Integer(),
    estimatedWaitSec: Type.Integer(),
    trackUrl: Type.String(),
    appointmentAt: Type.Optional(EpochMs),
  }),
});
export type CheckInReply = Static<typeof CheckInReply>;

export const SuspensionRule = Type.Union([Type.Literal('cancel'), Type.Literal('move')]);
export type SuspensionRule = Static<typeof SuspensionRule>;

/** A service, or one counter or clerk of it, suspended for a period. */
export const SuspensionBody = Type.Object(
  {
    serviceId: Id,
    counterId: Type.Optional(Id),
    staff: Type.Optional(Username),
    from: EpochMs,
    to: EpochMs,
    rule: Type.Optional(SuspensionRule),
    reason: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type SuspensionBody = Static<typeof SuspensionBody>;

export const SuspensionReply = Type.Object({
  id: Type.String(),
  rule: SuspensionRule,
  moved: Type.Array(AppointmentView),
  cancelled: Type.Array(AppointmentView),
});
export type SuspensionReply = Static<typeof SuspensionReply>;

export const ImportJsonRow = Type.Object(
  {
    service: Type.String({ maxLength: 64 }),
    date: Type.String({ maxLength: 10 }),
    time: Type.String({ maxLength: 5 }),
    id_number: Type.Optional(Type.String({ maxLength: 32 })),
    phone: Type.Optional(Type.String({ maxLength: 32 })),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    channel: Type.Optional(Type.String({ maxLength: 16 })),
  },
  { additionalProperties: false },
);

/** CSV text (`csv`) or JSON rows (`rows`): exactly one of them. */
export const ImportBody = Type.Object(
  {
    csv: Type.Optional(Type.String({ minLength: 1, maxLength: 1_000_000 })),
    rows: Type.Optional(Type.Array(ImportJsonRow, { minItems: 1, maxItems: 10_000 })),
    dryRun: Type.Optional(Type.Boolean()),
    partial: Type.Optional(Type.Boolean({ description: 'book the valid rows even if some are invalid' })),
  },
  { additionalProperties: false },
);
export type ImportBody = Static<typeof ImportBody>;

export const ImportRowResult = Type.Object({
  line: Type.Integer({ description: 'line number in the file (the header is line 1)' }),
  ok: Type.Boolean(),
  field: Type.Optional(Type.String()),
  code: Type.Optional(Type.String()),
  reason: Type.Optional(Type.String()),
  ref: Type.Optional(Type.String()),
});
export type ImportRowResult = Static<typeof ImportRowResult>;

export const ImportReply = Type.Object({
  dryRun: Type.Boolean(),
  partial: Type.Boolean(),
  total: Type.Integer(),
  valid: Type.Integer(),
  invalid: Type.Integer(),
  imported: Type.Integer(),
  rows: Type.Array(ImportRowResult),
});
export type ImportReply = Static<typeof ImportReply>;

export const AppointmentEventType = Type.Union([
  Type.Literal('appointment.booked'),
  Type.Literal('appointment.rescheduled'),
  Type.Literal('appointment.moved'),
  Type.Literal('appointment.cancelled'),
  Type.Literal('appointment.checked_in'),
  Type.Literal('appointment.no_show'),
]);
export type AppointmentEventType = Static<typeof AppointmentEventType>;

/** One message per change on `callboard/<site>/appointments/events` (QoS 1, not retained) and to the webhook. */
export const AppointmentEvent = Type.Object({
  v: Type.Literal(1),
  id: Type.String({ description: 'event id (deliveries of the same event share it)' }),
  type: AppointmentEventType,
  at: EpochMs,
  siteId: Type.String(),
  appointment: AppointmentView,
  reason: Type.Optional(Type.String()),
  from: Type.Optional(Type.Object({ slotId: Type.String(), start: EpochMs })),
});
export type AppointmentEvent = Static<typeof AppointmentEvent>;

/** Prefix of the QR payload the booking shows; the kiosk scanner hands it to the hub. */
export const APPOINTMENT_QR_PREFIX = 'CBA1:';
/** Header carrying `sha256=<hex HMAC-SHA256 of the raw body>` on webhook deliveries. */
export const WEBHOOK_SIGNATURE_HEADER = 'x-callboard-signature';
/** Header an integration sends its API key in (booking channels `app`, `api`, `import`). */
export const API_KEY_HEADER = 'x-api-key';
