/**
 * Entity schemas. With TypeBox the schema *is* the type: routes validate with these, OpenAPI is
 * generated from them, and TypeScript types are derived with `Static`. REST bodies are in
 * `rest.ts`, MQTT payloads in `messages.ts`. Times are epoch milliseconds (numbers) everywhere:
 * store, REST and MQTT.
 */
import { type Static, Type } from 'typebox';
import { DoorCall, NamesOnScreens, TwoStepSettings } from './rooms';

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
  /** The join page on a visitor's phone (docs/queue-policy.md "Joining from a phone"). */
  Type.Literal('remote'),
  /** A phone caller's callback ticket (virtual hold): the IVR or a clerk put them in the line (docs/phone.md). */
  Type.Literal('phone'),
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
export const StoredIdentity = Type.Object({
  kind: IdentityKind,
  hmac: Type.String(),
  masked: Type.String(),
  /** Only where the site belongs to a group (`uplink.groupKey`): the group-keyed pseudonym head office compares across sites. */
  group: Type.Optional(Type.String({ pattern: '^[0-9a-f]{16}$' })),
});
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
  /** A remote visitor confirmed they are on site (kiosk scan or "I'm here"). */
  Type.Literal('arrived'),
  /** The visitor moved their own ticket back ("I'm running late"). */
  Type.Literal('moved_back'),
  /** Two-step calling: called to the door of a room (still waiting; `called` follows with "call in"). */
  Type.Literal('door_called'),
]);
export type TicketEventType = Static<typeof TicketEventType>;

/** A supervisor's pick: called ahead of `bypassed` visitors the policy had first, for `reason`. */
export const OutOfTurn = Type.Object(
  { reason: Type.String(), bypassed: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);
export type OutOfTurn = Static<typeof OutOfTurn>;

export const TicketEvent = Type.Object({
  type: TicketEventType,
  at: EpochMs,
  by: Type.Optional(Actor),
  counterId: Type.Optional(Type.String()),
  note: Type.Optional(Type.String()),
  /** On a `called` event: a supervisor's call out of the policy's order, with its reason (protocol/fairness.ts). */
  outOfTurn: Type.Optional(OutOfTurn),
});
export type TicketEvent = Static<typeof TicketEvent>;

/**
 * The outcome of a ticket still open when its service's closing time and grace had passed (or its
 * service closed as the new business day started): cancelled by the hub, not served — closed.
 * Reports count it apart from visitors who cancelled; the phone page says so.
 */
export const NOT_SERVED_CLOSED = 'not_served_closed';

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

/**
 * Arrival confirmation of a ticket taken away from the site (docs/queue-policy.md "Arrival
 * confirmation"): while `confirmedAt` is unset the ticket keeps its place but call-next skips it;
 * its grace starts when its turn first comes (`turnAt`), and it lapses at `turnAt + graceMs`.
 */
export const ArrivalCheck = Type.Object(
  {
    graceMs: Type.Integer({ minimum: 0 }),
    turnAt: Type.Optional(EpochMs),
    confirmedAt: Type.Optional(EpochMs),
    via: Type.Optional(Type.Union([Type.Literal('kiosk'), Type.Literal('phone')])),
    lapsedAt: Type.Optional(EpochMs),
  },
  { additionalProperties: false },
);
export type ArrivalCheck = Static<typeof ArrivalCheck>;

/**
 * A callback ticket (docs/phone.md): the caller's number is sealed in the phone book for the
 * day; the ticket keeps only the masked form. `notBefore`: call-next passes it over until then
 * (its preferred window opens, or "no answer — try again later"); `attempts`: calls nobody answered.
 */
export const CallbackInfo = Type.Object(
  {
    masked: Type.String(),
    attempts: Type.Integer({ minimum: 0 }),
    notBefore: Type.Optional(EpochMs),
    /** End of the caller's preferred window (informational: the desk shows it). */
    windowTo: Type.Optional(EpochMs),
    /** Set when the last attempt went unanswered: the ticket finished as `unreachable`. */
    unreachable: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CallbackInfo = Static<typeof CallbackInfo>;

/** How a remote ticket was taken: on the site's network without a phone, or with a verified phone. */
export const RemoteVia = Type.Union([Type.Literal('site-network'), Type.Literal('phone')]);
export type RemoteVia = Static<typeof RemoteVia>;
/** A wait shown to a visitor as a range (queue/wait-range.ts), whole minutes in seconds. */
export const WaitRange = Type.Object(
  { lowSec: Type.Integer({ minimum: 0 }), highSec: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);
export type WaitRange = Static<typeof WaitRange>;

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
  /** Taken from a phone away from the kiosks (join page), and how. */
  remote: Type.Optional(Type.Object({ via: RemoteVia }, { additionalProperties: false })),
  /** Set when the visitor must confirm they are here before being called. */
  arrival: Type.Optional(ArrivalCheck),
  /** A phone caller's callback ticket (docs/phone.md). */
  callback: Type.Optional(CallbackInfo),
  /** How many times the visitor moved this ticket back ("I'm running late"). */
  lateMoves: Type.Optional(Type.Integer({ minimum: 0 })),
  /** The wait range shown when the ticket was issued: kept to publish how often such promises hold. */
  promisedWait: Type.Optional(WaitRange),
  // Multi-stop visits (docs/queue-policy.md "Multi-stop visits"): one paper ticket, several services.
  /** The services still to visit after this one, next first; absent = this is the visit's last stop. */
  route: Type.Optional(Type.Array(Type.String(), { maxItems: 8 })),
  /** Which stop of its visit this ticket is (1 = the first); set on every ticket of a multi-stop visit. */
  stop: Type.Optional(Type.Integer({ minimum: 1 })),
  /** Two-step calling: waiting at this room's door (called to the door, not yet called in). */
  door: Type.Optional(DoorCall),
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

/** A service's rules for joining from a phone, as the hub applies them (minutes as configured). */
export const RemoteJoinSettings = Type.Object(
  {
    enabled: Type.Boolean(),
    /** Remote tickets per business day for this service; past it, visitors are sent to the kiosk. */
    dailyCap: Type.Integer({ minimum: 0 }),
    /** No remote joins after this site time (HH:MM). */
    latestJoin: Type.Optional(Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' })),
    /** A remote ticket is not called until the visitor confirms they are here. */
    arrivalConfirmation: Type.Boolean(),
    /** Minutes a ticket awaiting confirmation may stay skipped once its turn came, then it lapses. */
    graceMin: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type RemoteJoinSettings = Static<typeof RemoteJoinSettings>;

/** Where a visitor coming from an earlier stop joins a service's line: at the finish time there, or at their first issue time. */
export const StopArrival = Type.Union([Type.Literal('finish'), Type.Literal('original')], {
  description: 'a visitor from an earlier stop joins at the finish time there (default) or keeps the first issue time',
});
export type StopArrival = Static<typeof StopArrival>;

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
  /** The service's own day start (site time "HH:MM") when it differs from the site's `dayStartsAt`. */
  dayStartsAt: Type.Optional(Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' })),
  /** What visits are about, for the clerk's finish outcome (`resolved:<topic id>`). */
  topics: Type.Optional(Type.Array(ServiceTopic)),
  /** Joining from a phone (absent = off): docs/queue-policy.md "Joining from a phone". */
  remoteJoin: Type.Optional(RemoteJoinSettings),
  // Multi-stop visits (docs/queue-policy.md "Multi-stop visits").
  /** The stops a ticket of this service goes on to after it (e.g. 挂号 → 缴费 → 取药), unless a clerk changes them. */
  route: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 8 })),
  /** Where the service is, for boards, the phone page and the printed ticket (e.g. "2楼 东侧 5–8号窗口"). */
  where: Type.Optional(Localized),
  /** A visitor coming here from an earlier stop joins at the finish time there (default) or keeps their first issue time. */
  stopArrival: Type.Optional(StopArrival),
  /** Two-step calling (to a room's door, then in): docs/queue-policy.md "Two-step calling". */
  twoStep: Type.Optional(TwoStepSettings),
  /** Number only (absent), masked name, or both on screens and in the voice. */
  namesOnScreens: Type.Optional(NamesOnScreens),
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
  /** A firmware-bridge whose only peripheral is an SMS modem: the one kind that reads clear phone numbers. */
  Type.Literal('sms-modem'),
  /** The IVR / PBX gateway (docs/phone.md): callback queue by DTMF, dial requests with clear numbers; nothing else. */
  Type.Literal('pbx'),
]);
export type DeviceKind = Static<typeof DeviceKind>;
