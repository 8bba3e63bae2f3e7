/**
 * Entity and message schemas. With TypeBox the schema *is* the type: routes validate with
 * these, OpenAPI is generated from them, and TypeScript types are derived with `Static`.
 * Times are epoch milliseconds (numbers) everywhere: store, REST and MQTT.
 */
import { type Static, Type } from 'typebox';

export const Id = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'identifier: letters, digits, _ and -' });
export const EpochMs = Type.Integer({ minimum: 0, description: 'time, epoch milliseconds' });
export const Localized = Type.Object(
  { zh: Type.String({ minLength: 1, maxLength: 100 }), en: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);
export type Localized = Static<typeof Localized>;

export const Lang = Type.Union([Type.Literal('zh'), Type.Literal('en')]);
export type Lang = Static<typeof Lang>;

export const TicketStatus = Type.Union([
  Type.Literal('waiting'),
  Type.Literal('called'),
  Type.Literal('serving'),
  Type.Literal('done'),
  Type.Literal('no_show'),
  Type.Literal('cancelled'),
  Type.Literal('transferred'),
]);
export type TicketStatus = Static<typeof TicketStatus>;

export const TicketSource = Type.Union([
  Type.Literal('kiosk'),
  Type.Literal('staff'),
  Type.Literal('appointment'),
  Type.Literal('api'),
]);
export type TicketSource = Static<typeof TicketSource>;

/** Priority class names are configurable; `normal` always exists. */
export const PriorityClass = Type.String({ pattern: '^[a-z][a-z0-9_-]{0,31}$' });

export const IdentityKind = Type.Union([Type.Literal('id-card'), Type.Literal('qr'), Type.Literal('phone')]);
export type IdentityKind = Static<typeof IdentityKind>;

/** What a client sends: the raw value. The hub turns it into a StoredIdentity at once. */
export const IdentityInput = Type.Object(
  { kind: IdentityKind, value: Type.String({ minLength: 1, maxLength: 128 }) },
  { additionalProperties: false },
);
export type IdentityInput = Static<typeof IdentityInput>;

/** What is stored: a keyed HMAC (for matching) and a masked form (for humans). Never the raw value. */
export const StoredIdentity = Type.Object({ kind: IdentityKind, hmac: Type.String(), masked: Type.String() });
export type StoredIdentity = Static<typeof StoredIdentity>;

export const Actor = Type.Object({
  type: Type.Union([Type.Literal('staff'), Type.Literal('device'), Type.Literal('anonymous'), Type.Literal('system')]),
  id: Type.Optional(Type.String()),
});
export type Actor = Static<typeof Actor>;

export const TicketEventType = Type.Union([
  Type.Literal('issued'),
  Type.Literal('called'),
  Type.Literal('recalled'),
  Type.Literal('started'),
  Type.Literal('finished'),
  Type.Literal('no_show'),
  Type.Literal('cancelled'),
  Type.Literal('transferred'),
  Type.Literal('requeued'),
]);
export type TicketEventType = Static<typeof TicketEventType>;

export const TicketEvent = Type.Object({
  type: TicketEventType,
  at: EpochMs,
  by: Type.Optional(Actor),
  counterId: Type.Optional(Type.String()),
  note: Type.Optional(Type.String()),
});
export type TicketEvent = Static<typeof TicketEvent>;

export const Outcome = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'resolved, follow_up, referred, or a topic from the service list',
});

/**
 * A visitor's satisfaction rating of the visit (1 = poor … 5 = very good): from the counter's
 * rating pad (`pad`) or the visitor's phone track page (`screen`). At most one per ticket.
 */
export const TicketRating = Type.Object(
  {
    score: Type.Integer({ minimum: 1, maximum: 5 }),
    at: EpochMs,
    source: Type.Union([Type.Literal('pad'), Type.Literal('screen')]),
    counterId: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type TicketRating = Static<typeof TicketRating>;

export const Ticket = Type.Object({
  id: Type.String(),
  number: Type.String({ description: 'prefix + zero-padded sequence, e.g. A023' }),
  seq: Type.Integer(),
  serviceId: Type.String(),
  businessDate: Type.String({ description: 'YYYY-MM-DD in the site time zone' }),
  status: TicketStatus,
  source: TicketSource,
  priority: Type.String(),
  lang: Lang,
  identity: Type.Optional(StoredIdentity),
  appointmentId: Type.Optional(Type.String()),
  /** Appointment start, for tickets of visitors with an appointment (ranks them inside its window). */
  appointmentAt: Type.Optional(EpochMs),
  /** Set on a transfer continuation placed at the head of its new line (transfer mode `head`). */
  atHead: Type.Optional(Type.Boolean()),
  issuedAt: EpochMs,
  /** Arrival time used for ordering; a transfer keeps the original visitor's arrival. */
  arrivalAt: EpochMs,
  counterId: Type.Optional(Type.String()),
  staffId: Type.Optional(Type.String()),
  recalls: Type.Integer({ minimum: 0 }),
  outcome: Type.Optional(Outcome),
  transferredFrom: Type.Optional(Type.String()),
  transferredTo: Type.Optional(Type.String()),
  trackToken: Type.String(),
  /** SHA-256 of (caller, Idempotency-Key) of the request that issued it: a retry gets this ticket back. */
  requestKey: Type.Optional(Type.String()),
  /** The visitor's rating of the visit, if they gave one (docs/queue-policy.md "Ratings"). */
  rating: Type.Optional(TicketRating),
  events: Type.Array(TicketEvent),
});
export type Ticket = Static<typeof Ticket>;

export const ServiceHours = Type.Object(
  {
    days: Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), { minItems: 1, description: '0 = Sunday' }),
    open: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' }),
    close: Type.String({ pattern: '^([01][0-9]|2[0-4]):[0-5][0-9]$' }),
  },
  { additionalProperties: false },
);
export type ServiceHours = Static<typeof ServiceHours>;

/** A topic of a service (staff console outcome list). */
export const ServiceTopic = Type.Object(
  { id: Type.String({ pattern: '^[a-z0-9_-]{1,32}$' }), name: Localized },
  { additionalProperties: false },
);
export type ServiceTopic = Static<typeof ServiceTopic>;

export const Service = Type.Object({
  id: Id,
  prefix: Type.String({ pattern: '^[A-Z]{1,2}$' }),
  name: Localized,
  numberRange: Type.Tuple([Type.Integer({ minimum: 1 }), Type.Integer({ minimum: 1 })]),
  targetWaitMin: Type.Integer({ minimum: 1 }),
  avgServiceSec: Type.Integer({ minimum: 1 }),
  walkIns: Type.Boolean(),
  appointments: Type.Boolean(),
  hours: Type.Optional(Type.Array(ServiceHours)),
  /** What visits are about, for the clerk's finish outcome (`resolved:<topic id>`). */
  topics: Type.Optional(Type.Array(ServiceTopic)),
});
export type Service = Static<typeof Service>;

export const CounterServiceLink = Type.Object(
  { serviceId: Id, weight: Type.Integer({ minimum: 1, maximum: 100 }) },
  { additionalProperties: false },
);
export type CounterServiceLink = Static<typeof CounterServiceLink>;

export const CounterStateName = Type.Union([Type.Literal('open'), Type.Literal('paused'), Type.Literal('closed')]);
export type CounterStateName = Static<typeof CounterStateName>;

export const Counter = Type.Object({
  id: Id,
  name: Localized,
  services: Type.Array(CounterServiceLink),
  state: CounterStateName,
  staffId: Type.Optional(Type.String()),
  currentTicketId: Type.Optional(Type.String()),
  pauseReason: Type.Optional(Type.String()),
  since: EpochMs,
});
export type Counter = Static<typeof Counter>;

export const Role = Type.Union([Type.Literal('clerk'), Type.Literal('supervisor'), Type.Literal('admin')]);
export type Role = Static<typeof Role>;

export const StaffPublic = Type.Object({
  id: Type.String(),
  username: Type.String(),
  name: Type.String(),
  role: Role,
  skills: Type.Array(Type.String()),
});
export type StaffPublic = Static<typeof StaffPublic>;

export const DeviceKind = Type.Union([
  Type.Literal('kiosk'),
  Type.Literal('display'),
  Type.Literal('bridge'),
  Type.Literal('counter'),
]);
export type DeviceKind = Static<typeof DeviceKind>;

// ---------- REST bodies and replies ----------

/**
 * An appointment the visitor holds, given when the ticket is issued (staff or a paired device
 * only). `at` is the slot start; `id` is the appointment's reference (the appointment store of
 * a later release resolves `at` from it). Inside the service's window the ticket ranks by `at`.
 */
export const AppointmentRef = Type.Object(
  {
    at: EpochMs,
    id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type AppointmentRef = Static<typeof AppointmentRef>;

export const IssueTicketBody = Type.Object(
  {
    serviceId: Id,
    source: Type.Optional(TicketSource),
    identity: Type.Optional(IdentityInput),
    priority: Type.Optional(PriorityClass),
    lang: Type.Optional(Lang),
    appointment: Type.Optional(AppointmentRef),
  },
  { additionalProperties: false },
);
export type IssueTicketBody = Static<typeof IssueTicketBody>;

/** What a visitor-facing client gets back: no identity beyond the masked form. */
export const IssuedTicket = Type.Object({
  id: Type.String(),
  number: Type.String(),
  serviceId: Type.String(),
  status: TicketStatus,
  priority: Type.String(),
  position: Type.Integer({ minimum: 0, description: 'tickets ahead of this one' }),
  estimatedWaitSec: Type.Integer({ minimum: 0 }),
  issuedAt: EpochMs,
  trackUrl: Type.String(),
  identityMasked: Type.Optional(Type.String()),
  appointmentAt: Type.Optional(EpochMs),
});
export type IssuedTicket = Static<typeof IssuedTicket>;

/** Staff-facing ticket view: everything but the raw track token and the identity HMAC. */
export const TicketView = Type.Object({
  id: Type.String(),
  number: Type.String(),
  serviceId: Type.String(),
  businessDate: Type.String(),
  status: TicketStatus,
  source: TicketSource,
  priority: Type.String(),
  lang: Lang,
  identityMasked: Type.Optional(Type.String()),
  identityKind: Type.Optional(IdentityKind),
  issuedAt: EpochMs,
  arrivalAt: EpochMs,
  counterId: Type.Optional(Type.String()),
  staffId: Type.Optional(Type.String()),
  recalls: Type.Integer(),
  outcome: Type.Optional(Type.String()),
  transferredFrom: Type.Optional(Type.String()),
  transferredTo: Type.Optional(Type.String()),
  appointmentAt: Type.Optional(EpochMs),
  atHead: Type.Optional(Type.Boolean()),
  position: Type.Optional(Type.Integer()),
  estimatedWaitSec: Type.Optional(Type.Integer()),
  /** While waiting: the class the ticket ranks in now (e.g. `appointment` inside its window). */
  queueClass: Type.Optional(Type.String()),
  rating: Type.Optional(TicketRating),
  events: Type.Array(TicketEvent),
});
export type TicketView = Static<typeof TicketView>;

export const TrackView = Type.Object({
  number: Type.String(),
  serviceId: Type.String(),
  serviceName: Localized,
  status: TicketStatus,
  position: Type.Integer({ minimum: 0 }),
  estimatedWaitSec: Type.Integer({ minimum: 0 }),
  counterName: Type.Optional(Localized),
  identityMasked: Type.Optional(Type.String()),
  issuedAt: EpochMs,
  /** The visit's rating (1–5), once given; a finished visit without one may be rated (POST /track/{token}/rating). */
  ratingScore: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
});
export type TrackView = Static<typeof TrackView>;

export const RateVisitBody = Type.Object(
  { score: Type.Integer({ minimum: 1, maximum: 5, description: '1 = poor … 5 = very good' }) },
  { additionalProperties: false },
);
export type RateVisitBody = Static<typeof RateVisitBody>;

export const RateVisitReply = Type.Object({ score: Type.Integer({ minimum: 1, maximum: 5 }), at: EpochMs });
export type RateVisitReply = Static<typeof RateVisitReply>;

export const FinishBody = Type.Object(
  { outcome: Type.Optional(Outcome), note: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
export type FinishBody = Static<typeof FinishBody>;

export const TransferBody = Type.Object(
  {
    serviceId: Id,
    note: Type.Optional(Type.String({ maxLength: 500 })),
    keepArrival: Type.Optional(Type.Boolean({ description: 'keep the original arrival time (default true)' })),
    mode: Type.Optional(
      Type.Union([Type.Literal('keep'), Type.Literal('head'), Type.Literal('back')], {
        description: 'keep the arrival time, go to the head of the line, or to the back (default: the site policy)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type TransferBody = Static<typeof TransferBody>;

export const NoteBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });
export type NoteBody = Static<typeof NoteBody>;

/** Supervisor override: call this waiting ticket now, whatever the policy would pick. */
export const CallTicketBody = Type.Object(
  { ticketId: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
export type CallTicketBody = Static<typeof CallTicketBody>;

export const PauseBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });
export type PauseBody = Static<typeof PauseBody>;

export const TicketReply = Type.Object({ ticket: TicketView });
export type TicketReply = Static<typeof TicketReply>;

export const TransferReply = Type.Object({ ticket: TicketView, continuation: TicketView });
export type TransferReply = Static<typeof TransferReply>;

export const CounterView = Type.Object({
  id: Type.String(),
  name: Localized,
  services: Type.Array(CounterServiceLink),
  state: CounterStateName,
  staffId: Type.Optional(Type.String()),
  /** Who is signed in at the counter, by name (staff only). */
  staffName: Type.Optional(Type.String()),
  pauseReason: Type.Optional(Type.String()),
  since: EpochMs,
  current: Type.Optional(TicketView),
});
export type CounterView = Static<typeof CounterView>;

export const ServiceQueue = Type.Object({
  serviceId: Type.String(),
  name: Localized,
  waiting: Type.Integer({ minimum: 0 }),
  estimatedWaitSec: Type.Integer({ minimum: 0 }),
  openCounters: Type.Integer({ minimum: 0 }),
  longestWaitSec: Type.Integer({ minimum: 0 }),
  open: Type.Boolean({ description: 'within opening hours' }),
});
export type ServiceQueue = Static<typeof ServiceQueue>;

export const QueueReply = Type.Object({ at: EpochMs, services: Type.Array(ServiceQueue) });
export type QueueReply = Static<typeof QueueReply>;

export const LoginBody = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const LoginReply = Type.Object({ staff: StaffPublic, expiresAt: EpochMs });
export type LoginReply = Static<typeof LoginReply>;

export const ErrorReply = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Unknown()) }),
});

export const HealthReply = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  version: Type.String(),
  siteId: Type.String(),
  uptimeSec: Type.Number(),
  broker: Type.Union([Type.Literal('embedded'), Type.Literal('external')]),
  mqttConnected: Type.Boolean(),
  businessDate: Type.String(),
});
export type HealthReply = Static<typeof HealthReply>;

// ---------- MQTT payloads (every payload has v: 1) ----------

export const CallMessage = Type.Object({
  v: Type.Literal(1),
  ticketId: Type.String(),
  number: Type.String(),
  serviceId: Type.String(),
  counterId: Type.String(),
  counterName: Localized,
  recall: Type.Boolean(),
  recallCount: Type.Integer({ minimum: 0 }),
  at: EpochMs,
});
export type CallMessage = Static<typeof CallMessage>;

export const BoardService = Type.Object({
  id: Type.String(),
  name: Localized,
  prefix: Type.String(),
  waiting: Type.Integer(),
  estimatedWaitSec: Type.Integer(),
  openCounters: Type.Integer(),
});
export type BoardService = Static<typeof BoardService>;

export const BoardCall = Type.Object({
  number: Type.String(),
  serviceId: Type.String(),
  counterId: Type.String(),
  counterName: Localized,
  recall: Type.Boolean(),
  at: EpochMs,
});
export type BoardCall = Static<typeof BoardCall>;

/** One counter on the board: who it is calling or serving now, from the counter's own state. */
export const BoardCounter = Type.Object({
  id: Type.String(),
  name: Localized,
  state: CounterStateName,
  services: Type.Array(Type.String()),
  current: Type.Union([
    Type.Object({
      number: Type.String(),
      serviceId: Type.String(),
      status: TicketStatus,
      /** When it was last called or recalled here (a new value = a new call to draw the eye to). */
      calledAt: EpochMs,
      recall: Type.Boolean(),
    }),
    Type.Null(),
  ]),
});
export type BoardCounter = Static<typeof BoardCounter>;

export const Notice = Type.Object({ id: Type.String(), text: Localized, at: EpochMs });
export type Notice = Static<typeof Notice>;

export const BoardSnapshot = Type.Object({
  v: Type.Literal(1),
  siteId: Type.String(),
  siteName: Localized,
  at: EpochMs,
  businessDate: Type.String(),
  setupVersion: Type.Optional(
    Type.Integer({ description: 'changes when an admin edits services, counters or the policy: reload the service list' }),
  ),
  /** The site's IANA time zone, for the screens' clocks. */
  timeZone: Type.Optional(Type.String()),
  calls: Type.Array(BoardCall, { description: 'most recent first' }),
  /** Every counter in configuration order, with the ticket called or served there now. */
  counters: Type.Optional(Type.Array(BoardCounter)),
  services: Type.Array(BoardService),
  notices: Type.Array(Notice),
});
export type BoardSnapshot = Static<typeof BoardSnapshot>;

export const CounterMessage = Type.Object({
  v: Type.Literal(1),
  id: Type.String(),
  name: Localized,
  state: CounterStateName,
  current: Type.Union([Type.Object({ number: Type.String(), serviceId: Type.String(), status: TicketStatus }), Type.Null()]),
  at: EpochMs,
});
export type CounterMessage = Static<typeof CounterMessage>;

export const DeviceStatusMessage = Type.Object({
  v: Type.Literal(1),
  state: Type.Union([Type.Literal('online'), Type.Literal('offline')]),
  at: Type.Optional(EpochMs),
  detail: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
export type DeviceStatusMessage = Static<typeof DeviceStatusMessage>;
