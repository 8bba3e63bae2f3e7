/**
 * Staff console contract (issue 7): visitor history, a counter's waiting list, board notices,
 * the supervisor's floor view and the audit log. Types are TypeBox schemas.
 */
import { type Static, Type } from 'typebox';
import { TicketView } from './rest';
import { Actor, EpochMs, Localized } from './schemas';

/**
 * A staff username and password, as the API, the configuration file, the CLI and the staff app's
 * forms check them. (`\-` in the class keeps the pattern valid for an HTML `pattern` attribute too.)
 */
export const USERNAME_PATTERN = '^[a-z0-9_.\\-]{2,32}$';
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
export const Username = Type.String({ pattern: USERNAME_PATTERN, description: 'a–z, 0–9, _ . -; 2–32 characters' });
export const Password = Type.String({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX });

/** Outcome categories of a finished visit; a topic of the service may follow after a colon (`resolved:passport`). */
export const OUTCOME_CATEGORIES = ['resolved', 'follow_up', 'referred'] as const;
export type OutcomeCategory = (typeof OUTCOME_CATEGORIES)[number];

export const HistoryQuery = Type.Object(
  {
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, description: 'look back this many days (default 30)' })),
    repeatDays: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 366, description: 'a visit inside this many days is a repeat visit (default 7)' }),
    ),
  },
  { additionalProperties: false },
);
export type HistoryQuery = Static<typeof HistoryQuery>;

export const PastVisit = Type.Object({
  ticketId: Type.String(),
  number: Type.String(),
  businessDate: Type.String(),
  serviceId: Type.String(),
  status: Type.String(),
  outcome: Type.Optional(Type.String()),
  staffId: Type.Optional(Type.String()),
  staffName: Type.Optional(Type.String()),
  counterId: Type.Optional(Type.String()),
  /** The clerk's note at the end of the visit (finish, transfer, no-show), for the next clerk. */
  note: Type.Optional(Type.String()),
  at: EpochMs,
});
export type PastVisit = Static<typeof PastVisit>;

export const HistoryReply = Type.Object({
  identityMasked: Type.Optional(Type.String()),
  days: Type.Integer(),
  repeatDays: Type.Integer(),
  /** A visit of this identity (other than this one) falls inside the repeat window. */
  repeat: Type.Boolean(),
  /** Most recent first; the current visit and its own transfers are not included. */
  visits: Type.Array(PastVisit),
});
export type HistoryReply = Static<typeof HistoryReply>;

export const WaitingReply = Type.Object({
  at: EpochMs,
  services: Type.Array(Type.Object({ serviceId: Type.String(), tickets: Type.Array(TicketView) })),
});
export type WaitingReply = Static<typeof WaitingReply>;

export const NoticeBody = Type.Object(
  {
    text: Type.Object(
      { zh: Type.String({ minLength: 1, maxLength: 200 }), en: Type.String({ minLength: 1, maxLength: 200 }) },
      { additionalProperties: false },
    ),
    ttlMin: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 60, description: 'remove it after this many minutes' })),
  },
  { additionalProperties: false },
);
export type NoticeBody = Static<typeof NoticeBody>;

export const NoticeView = Type.Object({
  id: Type.String(),
  text: Localized,
  at: EpochMs,
  expiresAt: Type.Optional(EpochMs),
  by: Type.Optional(Type.String()),
});
export type NoticeView = Static<typeof NoticeView>;

export const FloorAlert = Type.Object({
  kind: Type.Union([
    Type.Literal('device_offline'),
    Type.Literal('paper_end'),
    Type.Literal('paper_near_end'),
    Type.Literal('printer_problem'),
    /** A card reader whose line keeps breaking replies (`peripherals[].degraded` in the registry). */
    Type.Literal('reader_degraded'),
    Type.Literal('service_over_target'),
    Type.Literal('counter_paused_long'),
    // Security (hub/src/security/alerts.ts): subject is the account, address or setting concerned.
    Type.Literal('login_backoff'),
    Type.Literal('mqtt_auth_failures'),
    Type.Literal('pairing_flood'),
    Type.Literal('public_url_unset'),
    Type.Literal('print_localhost'),
    /** The hub's disk: free space below the warning threshold, full (tickets refused), or failing. */
    Type.Literal('storage_low'),
    Type.Literal('storage_full'),
    Type.Literal('storage_failed'),
    /** A service has used `percent` of its number range today (critical once numbers run past its end). */
    Type.Literal('number_range_high'),
    /** The hourly cap on anonymous tickets refused someone for this service (a flood, or a real rush of phones). */
    Type.Literal('anonymous_issue_limited'),
    /** A text to a visitor failed after every retry (subject: the message purpose; count: how many). */
    Type.Literal('sms_failed'),
    /** The SMS transport (modem bridge, SMPP gateway) keeps failing: texts wait and are retried. */
    Type.Literal('sms_transport_down'),
  ]),
  severity: Type.Union([Type.Literal('warning'), Type.Literal('critical')]),
  /** Device, service or counter id. */
  subject: Type.String(),
  /** How many times it happened (security alerts). */
  count: Type.Optional(Type.Integer()),
  subjectName: Type.Optional(Type.String()),
  since: Type.Optional(EpochMs),
  /** Minutes (wait or pause) where it applies. */
  minutes: Type.Optional(Type.Integer()),
  /** Share of the number range used, where it applies. */
  percent: Type.Optional(Type.Integer()),
  /** Printer alerts: tickets issued but not printed since the printer last could print. */
  unprinted: Type.Optional(Type.Integer({ minimum: 0 })),
});
export type FloorAlert = Static<typeof FloorAlert>;

export const ServiceLevel = Type.Object({
  serviceId: Type.String(),
  targetWaitMin: Type.Integer(),
  /** Visitors called today (first calls). */
  called: Type.Integer(),
  /** Of those, called within the target wait. */
  withinTarget: Type.Integer(),
  /** withinTarget / called, 0–1; null before the first call. */
  level: Type.Union([Type.Number(), Type.Null()]),
  /**
   * Honest waits: of the visitors called today who were shown a wait range at issue, how many were
   * called inside it, before it (early) and after it (late); `share` = inside / called (null
   * before the first), `medianWidthSec` the median width of the ranges shown.
   */
  promises: Type.Object({
    called: Type.Integer({ minimum: 0 }),
    inside: Type.Integer({ minimum: 0 }),
    early: Type.Integer({ minimum: 0 }),
    late: Type.Integer({ minimum: 0 }),
    share: Type.Union([Type.Number(), Type.Null()]),
    medianWidthSec: Type.Union([Type.Integer(), Type.Null()]),
  }),
});
export type ServiceLevel = Static<typeof ServiceLevel>;

export const FloorReply = Type.Object({
  at: EpochMs,
  serviceLevels: Type.Array(ServiceLevel),
  alerts: Type.Array(FloorAlert),
  notices: Type.Array(NoticeView),
  /** Thresholds used for the alerts. */
  pausedTooLongMin: Type.Integer(),
});
export type FloorReply = Static<typeof FloorReply>;

export const AuditQuery = Type.Object(
  {
    staff: Type.Optional(Type.String({ maxLength: 64, description: 'actor id (staff id or device id)' })),
    action: Type.Optional(Type.String({ maxLength: 64, description: 'exact action, or a prefix ending in "." (ticket.)' })),
    target: Type.Optional(Type.String({ maxLength: 64, description: 'ticket, counter, staff or device id' })),
    from: Type.Optional(Type.Integer({ minimum: 0, description: 'epoch ms, inclusive' })),
    to: Type.Optional(Type.Integer({ minimum: 0, description: 'epoch ms, exclusive' })),
    offset: Type.Optional(Type.Integer({ minimum: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditRecord = Type.Object({
  id: Type.String(),
  at: EpochMs,
  actor: Actor,
  /** The staff member's username, when the actor is staff. */
  actorName: Type.Optional(Type.String()),
  action: Type.String(),
  target: Type.Optional(Type.String()),
  ip: Type.Optional(Type.String()),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
export type AuditRecord = Static<typeof AuditRecord>;

export const AuditReply = Type.Object({ total: Type.Integer(), offset: Type.Integer(), records: Type.Array(AuditRecord) });
export type AuditReply = Static<typeof AuditReply>;
