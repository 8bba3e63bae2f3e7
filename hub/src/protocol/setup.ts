/**
 * The site's set-up: services, counters and the queue policy. Written in the configuration file
 * (sections `services`, `counters`, `queue`) and editable live by an admin
 * (`GET/PUT /api/v1/admin/setup`); both use these schemas, so the admin page edits exactly what
 * the file would say. Minutes here; the hub works in ms.
 */
import { type Static, Type } from 'typebox';
import { NamesOnScreens, TwoStepConfig } from './rooms';
import { Id, Localized, ServiceHours, ServiceTopic, StopArrival } from './schemas';

export const ClassId = Type.String({ pattern: '^[a-z][a-z0-9_-]{0,31}$' });

/** Queue policy settings (docs/queue-policy.md). Minutes here; the hub works in ms. */
export const AppointmentWindowConfig = Type.Object(
  {
    earlyMin: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 720, description: 'minutes before the slot an appointment starts to count' }),
    ),
    graceMin: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 720, description: 'minutes after the slot start a check-in still counts as on time' }),
    ),
    late: Type.Optional(
      Type.Union([Type.Literal('walk-in'), Type.Literal('keep')], {
        description: 'a late check-in queues as a walk-in (default) or keeps its appointment rank',
      }),
    ),
  },
  { additionalProperties: false },
);

export const TransferModeConfig = Type.Union([Type.Literal('keep'), Type.Literal('head'), Type.Literal('back')], {
  description: 'where a transferred visitor joins the next line: original arrival time, head, or back',
});

/**
 * A priority class's display name per language, as staff screens and reports show it. Either
 * language may be missing: a screen then shows the other one, and the id only when neither is set.
 */
export const ClassName = Type.Object(
  {
    zh: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    en: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  },
  { additionalProperties: false },
);
export type ClassName = Static<typeof ClassName>;

export const PriorityClassConfig = Type.Object(
  {
    id: ClassId,
    name: Type.Optional(ClassName),
    starvationBoundMin: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1440,
        description: 'after waiting this long, no later arrival of the same service is called first',
      }),
    ),
    minAge: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 150, description: 'visitors this old (from the ID card) get this class' }),
    ),
    appointment: Type.Optional(Type.Boolean({ description: 'the class of appointment tickets inside their window' })),
  },
  { additionalProperties: false },
);

const RatioShareConfig = Type.Object(
  {
    class: ClassId,
    weight: Type.Integer({ minimum: 1, maximum: 20, description: 'calls of this class per round' }),
  },
  { additionalProperties: false },
);

/**
 * Interleave ratio between classes (docs/queue-policy.md "Interleave ratios"): the listed classes
 * are called in turns, e.g. normal 2 : return 1 : missed 1 → F F R M …; a switch replaces the
 * weights while one class has more visitors waiting than another. Protection time still applies.
 */
export const RatioConfig = Type.Object(
  {
    shares: Type.Array(RatioShareConfig, {
      minItems: 2,
      maxItems: 10,
      description: 'classes in calling order, each with its weight',
    }),
    switches: Type.Optional(
      Type.Array(
        Type.Object(
          {
            when: Type.Object(
              { class: ClassId, outnumbers: ClassId },
              { additionalProperties: false, description: 'applies while `class` has more visitors waiting than `outnumbers`' },
            ),
            shares: Type.Array(RatioShareConfig, { minItems: 2, maxItems: 10, description: 'the same classes, other weights' }),
          },
          { additionalProperties: false },
        ),
        { maxItems: 5, description: 'the first switch whose condition holds replaces the shares' },
      ),
    ),
  },
  { additionalProperties: false },
);
export type RatioConfig = Static<typeof RatioConfig>;

/** Joining from a phone, per service (docs/queue-policy.md "Joining from a phone"). Off unless `enabled`. */
export const RemoteJoinConfig = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean({ description: 'visitors may take a ticket from the join page; default false' })),
    dailyCap: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 100000, description: 'remote tickets per business day; default 50' }),
    ),
    latestJoin: Type.Optional(
      Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'no remote joins after this site time' }),
    ),
    arrivalConfirmation: Type.Optional(
      Type.Boolean({ description: 'not called until the visitor checks in at a kiosk or presses "I\'m here"; default true' }),
    ),
    graceMin: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 240, description: 'minutes skipped once its turn came before it lapses; default 10' }),
    ),
  },
  { additionalProperties: false },
);

export const ServiceConfig = Type.Object(
  {
    id: Id,
    prefix: Type.String({ pattern: '^[A-Z]{1,2}$', description: 'one or two capital letters printed before the number' }),
    name: Localized,
    numberRange: Type.Optional(Type.Tuple([Type.Integer({ minimum: 1 }), Type.Integer({ minimum: 1, maximum: 99999 })])),
    targetWaitMin: Type.Optional(Type.Integer({ minimum: 1, maximum: 600 })),
    avgServiceSec: Type.Optional(Type.Integer({ minimum: 1, maximum: 36000 })),
    walkIns: Type.Optional(Type.Boolean()),
    appointments: Type.Optional(Type.Boolean()),
    hours: Type.Optional(Type.Array(ServiceHours)),
    dayStartsAt: Type.Optional(
      Type.String({
        pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
        description: 'this service\'s own day start (site time HH:MM), e.g. "04:00" for an evening clinic; default: the site\'s',
      }),
    ),
    appointmentWindow: Type.Optional(AppointmentWindowConfig),
    transfer: Type.Optional(TransferModeConfig),
    remoteJoin: Type.Optional(RemoteJoinConfig),
    ratio: Type.Optional(RatioConfig),
    topics: Type.Optional(
      Type.Array(ServiceTopic, { maxItems: 50, description: 'topics a clerk can pick when finishing a visit (staff console)' }),
    ),
    // Multi-stop visits (docs/queue-policy.md "Multi-stop visits").
    route: Type.Optional(
      Type.Array(Id, {
        minItems: 1,
        maxItems: 8,
        description: 'the services a visitor goes on to after this one, in order (e.g. ["pay", "pharmacy"]); same ticket number',
      }),
    ),
    where: Type.Optional(Localized),
    stopArrival: Type.Optional(StopArrival),
    // Clinic rooms and names on screens (docs/queue-policy.md "Two-step calling", "Names on screens").
    /** Present = two-step calling: "call to door" (sub-waiting area), then "call in". */
    twoStep: Type.Optional(TwoStepConfig),
    /** What screens show and the voice says for this service's tickets (default `number`). */
    namesOnScreens: Type.Optional(NamesOnScreens),
  },
  { additionalProperties: false },
);

export const CounterConfig = Type.Object(
  {
    id: Id,
    name: Localized,
    services: Type.Array(
      Type.Union([
        Id,
        Type.Object({ serviceId: Id, weight: Type.Integer({ minimum: 1, maximum: 100 }) }, { additionalProperties: false }),
      ]),
      { minItems: 1 },
    ),
    pad: Type.Optional(
      Type.Object(
        { deviceId: Id, padId: Id },
        { additionalProperties: false, description: 'hardware call pad: bridge device id and its pad peripheral id' },
      ),
    ),
  },
  { additionalProperties: false },
);

/** The `queue` section: priority classes and policy parameters (docs/queue-policy.md). */
export const QueueSettings = Type.Object(
  {
    maxRecalls: Type.Optional(Type.Integer({ minimum: 0, maximum: 20 })),
    boardHistory: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
    priorities: Type.Optional(
      Type.Array(Type.Union([ClassId, PriorityClassConfig]), {
        minItems: 1,
        description: 'priority classes, highest first; a plain name takes the defaults',
      }),
    ),
    starvationBoundMin: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 1440, description: 'default anti-starvation bound of every class' }),
    ),
    appointmentWindow: Type.Optional(AppointmentWindowConfig),
    transfer: Type.Optional(TransferModeConfig),
    ratio: Type.Optional(RatioConfig),
    closingGraceMin: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 1440,
        description: 'minutes after closing time until tickets still open are closed as "not served — closed" (default 60)',
      }),
    ),
    outcomeRequired: Type.Optional(
      Type.Boolean({
        description:
          'a clerk chooses the outcome of every finished visit: no default outcome, and "call next" does not finish a visit by itself',
      }),
    ),
    noShow: Type.Optional(
      Type.Object(
        {
          afterRecalls: Type.Optional(Type.Integer({ minimum: 0, maximum: 20 })),
          afterMin: Type.Optional(Type.Integer({ minimum: 1, maximum: 240 })),
          requeueWithinMin: Type.Optional(Type.Integer({ minimum: 0, maximum: 1440 })),
          maxRequeues: Type.Optional(
            Type.Integer({
              minimum: 0,
              maximum: 20,
              description: 'how many times one ticket may be put back (no limit if unset)',
            }),
          ),
          requeueClass: Type.Optional(
            Type.String({
              pattern: '^[a-z][a-z0-9_-]{0,31}$',
              description: 'the class a re-queued visitor waits in, e.g. "missed" (keeps their class if unset)',
            }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type QueueSettings = Static<typeof QueueSettings>;
export type ServiceConfig = Static<typeof ServiceConfig>;
export type PriorityClassConfig = Static<typeof PriorityClassConfig>;

/** The priority classes of a site whose set-up names none, highest first. */
export const DEFAULT_PRIORITIES: readonly string[] = ['appointment', 'priority', 'normal'];

/** Display names of the classes Callboard ships with; a name in the set-up replaces them language by language. */
export const DEFAULT_CLASS_NAMES: Readonly<Record<string, Required<ClassName>>> = {
  appointment: { zh: '预约', en: 'Appointment' },
  priority: { zh: '优先', en: 'Priority' },
  normal: { zh: '普通', en: 'Normal' },
  return: { zh: '回访', en: 'Returning' },
  /** The usual class of visitors who missed their call and were put back (`queue.noShow.requeueClass`). */
  missed: { zh: '过号', en: 'Missed call' },
};
export type CounterConfig = Static<typeof CounterConfig>;

/** What an admin edits: the three sections, in the configuration file's own shape. */
export const SiteSetup = Type.Object(
  {
    services: Type.Array(ServiceConfig, { minItems: 1, maxItems: 100 }),
    counters: Type.Array(CounterConfig, { minItems: 1, maxItems: 200 }),
    queue: Type.Optional(QueueSettings),
  },
  { additionalProperties: false },
);
export type SiteSetup = Static<typeof SiteSetup>;

/** The set-up in effect and where it came from. */
export const SetupState = Type.Object({
  setup: SiteSetup,
  source: Type.Union([Type.Literal('file'), Type.Literal('admin')], {
    description: '`file`: the configuration file as read at start; `admin`: saved from the admin page',
  }),
  version: Type.Integer({ minimum: 0, description: 'increases with every saved change (0 = never edited)' }),
  savedAt: Type.Optional(Type.Integer()),
  savedBy: Type.Optional(Type.String()),
});
export type SetupState = Static<typeof SetupState>;

/**
 * The `retention` section: how long each kind of personal data keeps its link to a person
 * (docs/personal-data.md). A nightly job drops what is older; the records stay, anonymous, so the
 * reports of older periods still add up. Days are business days before today.
 */
export const RetentionSettings = Type.Object(
  {
    identityDays: Type.Optional(
      Type.Integer({
        minimum: 8,
        maximum: 3650,
        description:
          'visits (tickets, their ratings) lose their identity hash and masked form after this many days; backups older than this are deleted; default 90',
      }),
    ),
    appointmentDays: Type.Optional(
      Type.Integer({
        minimum: 8,
        maximum: 3650,
        description: 'appointments lose their identity and masked name this many days after their date; default 90',
      }),
    ),
    auditDays: Type.Optional(
      Type.Integer({
        minimum: 30,
        maximum: 3650,
        description: 'audit entries are deleted after this many days (identity hashes in them go with identityDays); default 730',
      }),
    ),
    time: Type.Optional(
      Type.String({
        pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
        description: 'when the nightly run starts, site time; default 02:00 (before the 02:30 backup)',
      }),
    ),
    enabled: Type.Optional(Type.Boolean({ description: 'the nightly run; default true' })),
  },
  { additionalProperties: false },
);
export type RetentionSettings = Static<typeof RetentionSettings>;
