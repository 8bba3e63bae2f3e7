/** REST bodies and replies: what routes validate and OpenAPI documents. */

import { type Static, Type } from 'typebox';
import { DoorCall } from './rooms';
import { RouteStopView, TrackRoute } from './route';
import {
  ArrivalCheck,
  CallbackInfo,
  CounterServiceLink,
  CounterStateName,
  EpochMs,
  Id,
  IdentityInput,
  IdentityKind,
  Lang,
  Localized,
  Outcome,
  PriorityClass,
  RemoteVia,
  Service,
  StaffPublic,
  TicketEvent,
  TicketRating,
  TicketSource,
  TicketStatus,
  WaitRange,
} from './schemas';
import { ClassName } from './setup';
import { TrackVisitorView } from './visitors';

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
  /** The estimate as the range shown to visitors (queue/wait-range.ts: biased late). */
  estimatedWaitRange: Type.Optional(WaitRange),
  issuedAt: EpochMs,
  trackUrl: Type.String(),
  identityMasked: Type.Optional(Type.String()),
  appointmentAt: Type.Optional(EpochMs),
  /** A multi-stop visit: the stops after this one, next first, with where each is (printed on the ticket). */
  route: Type.Optional(Type.Array(RouteStopView)),
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
  remote: Type.Optional(Type.Object({ via: RemoteVia })),
  arrival: Type.Optional(ArrivalCheck),
  callback: Type.Optional(CallbackInfo),
  lateMoves: Type.Optional(Type.Integer({ minimum: 0 })),
  position: Type.Optional(Type.Integer()),
  estimatedWaitSec: Type.Optional(Type.Integer()),
  /** The estimate as the range shown to visitors (queue/wait-range.ts: biased late). */
  estimatedWaitRange: Type.Optional(WaitRange),
  /** While waiting: the class the ticket ranks in now (e.g. `appointment` inside its window). */
  queueClass: Type.Optional(Type.String()),
  rating: Type.Optional(TicketRating),
  /** Multi-stop visit: the stops after this one, next first (the clerk may change them), and this stop's number. */
  route: Type.Optional(Type.Array(Type.String())),
  stop: Type.Optional(Type.Integer({ minimum: 1 })),
  /** Two-step calling: waiting at this room's door. */
  door: Type.Optional(DoorCall),
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
  /** The estimate as the range shown to visitors (queue/wait-range.ts: biased late). */
  estimatedWaitRange: Type.Optional(WaitRange),
  counterName: Type.Optional(Localized),
  /** Two-step calling: called to this room's door, waiting there to be called in. */
  doorOf: Type.Optional(Localized),
  identityMasked: Type.Optional(Type.String()),
  issuedAt: EpochMs,
  /**
   * While waiting: visitors of the same service who came later and were called first, by reason
   * (their class at the call, or `transfer` for a transfer put at the head): the fairness record.
   */
  calledBefore: Type.Optional(
    Type.Object({ total: Type.Integer({ minimum: 0 }), byReason: Type.Record(Type.String(), Type.Integer({ minimum: 0 })) }),
  ),
  /** The visit's rating (1–5), once given; a finished visit without one may be rated (POST /track/{token}/rating). */
  ratingScore: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  /** Arrival confirmation of a remote ticket: not called until checked in; lapsed = ended unconfirmed. */
  arrival: TrackVisitorView.properties.arrival,
  /** "I'm running late": how far and how often the visitor may still move back (absent: not now). */
  late: TrackVisitorView.properties.late,
  /** Set when the ticket was closed unserved because the service's closing time had passed. */
  closedUnserved: Type.Optional(Type.Literal(true)),
  /** A missed call the visitor may put back in the line by scanning this ticket at a kiosk, until then (POST /arrivals/missed). */
  requeueUntil: Type.Optional(EpochMs),
  /** A multi-stop visit: this stop of how many, where it is, and the stops still to come. */
  route: Type.Optional(TrackRoute),
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
  {
    ticketId: Type.String({ minLength: 1, maxLength: 64 }),
    /** Why this visitor goes out of turn: recorded on the call and listed in the out-of-order report. */
    reason: Type.String({ minLength: 2, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type CallTicketBody = Static<typeof CallTicketBody>;

export const PauseBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });
export type PauseBody = Static<typeof PauseBody>;

export const TicketReply = Type.Object({
  ticket: TicketView,
  /** A finished stop of a multi-stop visit: the same number, now waiting at its next stop. */
  next: Type.Optional(TicketView),
});
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
  /** Two-step calling (a room): the numbers waiting at its door, first called first (no names). */
  door: Type.Optional(Type.Array(Type.Object({ number: Type.String(), serviceId: Type.String(), at: EpochMs }))),
  /** The most visitors its door holds (the smallest door of its two-step services). */
  doorSize: Type.Optional(Type.Integer({ minimum: 1 })),
});
export type CounterView = Static<typeof CounterView>;

export const ServiceQueue = Type.Object({
  serviceId: Type.String(),
  name: Localized,
  waiting: Type.Integer({ minimum: 0 }),
  estimatedWaitSec: Type.Integer({ minimum: 0 }),
  /** The estimate for a new arrival as visitors are shown it (queue/wait-range.ts: biased late). */
  estimatedWaitRange: Type.Optional(WaitRange),
  openCounters: Type.Integer({ minimum: 0 }),
  longestWaitSec: Type.Integer({ minimum: 0 }),
  open: Type.Boolean({ description: "within opening hours (with today's extension or early closing)" }),
  nextOpenAt: Type.Optional(EpochMs),
});
export type ServiceQueue = Static<typeof ServiceQueue>;

export const QueueReply = Type.Object({ at: EpochMs, services: Type.Array(ServiceQueue) });
export type QueueReply = Static<typeof QueueReply>;

/** A priority class as screens name it: the set-up's names over the shipped defaults. */
export const PriorityClassView = Type.Object({ id: Type.String(), name: ClassName });
export type PriorityClassView = Static<typeof PriorityClassView>;

/** `GET /services`: what the site offers and the few rules every screen follows. */
export const CatalogueReply = Type.Object({
  services: Type.Array(Service),
  classes: Type.Array(PriorityClassView, { description: 'priority classes, highest first, with their display names' }),
  outcomeRequired: Type.Boolean({
    description: 'finishing a visit needs an outcome chosen by the clerk (set-up `queue.outcomeRequired`)',
  }),
});
export type CatalogueReply = Static<typeof CatalogueReply>;

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
  /**
   * The data dir's disk: `low` (free space under the warning threshold), `full` (writes refused
   * with 503 STORAGE_FULL) or `failed` (another write error); any of them makes `status` degraded.
   */
  storage: Type.Optional(
    Type.Object({
      status: Type.Union([Type.Literal('ok'), Type.Literal('low'), Type.Literal('full'), Type.Literal('failed')]),
      freeBytes: Type.Union([Type.Integer(), Type.Null()]),
      lowBytes: Type.Integer(),
    }),
  ),
});
export type HealthReply = Static<typeof HealthReply>;

/** A site-time "HH:MM" on the service's business day; "24:00" is midnight at its end. */
const ClockTime = Type.String({ pattern: '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$', description: 'site time HH:MM' });

export const ExtendHoursBody = Type.Object(
  { until: ClockTime, notice: Type.Optional(Type.Boolean({ description: 'tell the boards (default true)' })) },
  { additionalProperties: false },
);
export type ExtendHoursBody = Static<typeof ExtendHoursBody>;

export const CloseEarlyBody = Type.Object(
  {
    at: Type.Optional({ ...ClockTime, description: 'site time HH:MM from which no ticket is issued; default now' }),
    notice: Type.Optional(Type.Boolean({ description: 'tell the boards (default true)' })),
  },
  { additionalProperties: false },
);
export type CloseEarlyBody = Static<typeof CloseEarlyBody>;

/** Today's closing time of a service after a supervisor's change. */
export const ClosingReply = Type.Object({
  serviceId: Type.String(),
  day: Type.String({ description: 'the business day the change applies to' }),
  kind: Type.Union([Type.Literal('extend'), Type.Literal('close-early')]),
  closesAt: EpochMs,
  open: Type.Boolean({ description: 'issuing now' }),
  noticeId: Type.Optional(Type.String()),
});
export type ClosingReply = Static<typeof ClosingReply>;
