/**
 * Reports (`/api/v1/reports/*`, supervisor role): KPIs, repeat visits, frequent visitors,
 * staffing advice (Erlang C). Definitions of every figure are in docs/analytics.md.
 * Durations are seconds, shares are 0..1, dates are 'YYYY-MM-DD' business dates of the site.
 * `'*'` in a serviceId/priority/staffId column is the total over all of them.
 */
import { type Static, Type } from 'typebox';
import { EpochMs, IdentityKind, Localized } from './schemas';
import { ClassName } from './setup';

export const ReportDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'business date, YYYY-MM-DD' });
const NumOrNull = Type.Union([Type.Number(), Type.Null()]);
const StrOrNull = Type.Union([Type.String(), Type.Null()]);
export const ReportFormat = Type.Union([Type.Literal('json'), Type.Literal('csv')], {
  description: 'csv: one table of the report (see `table`), as text/csv',
});

const range = {
  from: Type.Optional(ReportDate),
  to: Type.Optional(ReportDate),
};
const csv = {
  format: Type.Optional(ReportFormat),
  table: Type.Optional(Type.String({ maxLength: 40, description: 'which table to export as CSV (default: the first)' })),
};

export const KpiQuery = Type.Object({ ...range, ...csv }, { additionalProperties: false });
export type KpiQuery = Static<typeof KpiQuery>;

export const WindowHours = Type.Number({
  minimum: 2,
  maximum: 168,
  description: 'repeat window in hours, 2 (2 hours) to 168 (7 days); default 72',
});

export const RepeatQuery = Type.Object(
  { ...range, windowHours: Type.Optional(WindowHours), ...csv },
  { additionalProperties: false },
);
export type RepeatQuery = Static<typeof RepeatQuery>;

export const RepeatPairsQuery = Type.Object(
  {
    ...range,
    windowHours: Type.Optional(WindowHours),
    serviceId: Type.Optional(Type.String({ maxLength: 64, description: 'service of the earlier (served) visit' })),
    staffId: Type.Optional(Type.String({ maxLength: 64, description: 'clerk who served the earlier visit' })),
    toServiceId: Type.Optional(Type.String({ maxLength: 64, description: 'service of the repeat visit' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    offset: Type.Optional(Type.Integer({ minimum: 0 })),
    ...csv,
  },
  { additionalProperties: false },
);
export type RepeatPairsQuery = Static<typeof RepeatPairsQuery>;

export const FrequentQuery = Type.Object(
  {
    ...range,
    minVisits: Type.Optional(Type.Integer({ minimum: 2, maximum: 1000, description: 'default 3' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: 'default 50' })),
    ...csv,
  },
  { additionalProperties: false },
);
export type FrequentQuery = Static<typeof FrequentQuery>;

export const StaffingQuery = Type.Object(
  {
    ...range,
    targetShare: Type.Optional(
      Type.Number({ minimum: 0.01, maximum: 0.999, description: 'share to call within the service target (default 0.8)' }),
    ),
    ...csv,
  },
  { additionalProperties: false },
);
export type StaffingQuery = Static<typeof StaffingQuery>;

export const ErlangQuery = Type.Object(
  {
    arrivalsPerHour: Type.Number({ minimum: 0, maximum: 100_000 }),
    ahtSec: Type.Number({ exclusiveMinimum: 0, maximum: 86_400, description: 'average handling (counter) time' }),
    targetSec: Type.Number({ minimum: 0, maximum: 86_400 }),
    agents: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    targetShare: Type.Optional(Type.Number({ minimum: 0.01, maximum: 0.999 })),
  },
  { additionalProperties: false },
);
export type ErlangQuery = Static<typeof ErlangQuery>;

export const ReportLabels = Type.Object({
  services: Type.Record(Type.String(), Localized),
  counters: Type.Record(Type.String(), Localized),
  staff: Type.Record(Type.String(), Type.String()),
  /** Priority classes' display names (the set-up's over the shipped ones). */
  classes: Type.Record(Type.String(), ClassName),
});
export type ReportLabels = Static<typeof ReportLabels>;

const ReportHead = {
  from: ReportDate,
  to: ReportDate,
  /** Business dates in the range that have tickets (archived or in the hot store). */
  days: Type.Array(ReportDate),
  labels: ReportLabels,
};

export const ArrivalRow = Type.Object({
  hour: Type.Integer({ minimum: 0, maximum: 23, description: 'local hour of the day' }),
  serviceId: Type.String(),
  arrivals: Type.Integer(),
  perDay: Type.Number({ description: 'arrivals ÷ days with data in the range' }),
});
export const DailyRow = Type.Object({
  date: ReportDate,
  serviceId: Type.String(),
  arrivals: Type.Integer(),
  called: Type.Integer(),
  done: Type.Integer(),
  meanWaitSec: NumOrNull,
});
export const WaitRow = Type.Object({
  serviceId: Type.String(),
  priority: Type.String(),
  called: Type.Integer(),
  meanSec: NumOrNull,
  p50Sec: NumOrNull,
  p90Sec: NumOrNull,
  maxSec: NumOrNull,
});
export const ServiceTimeRow = Type.Object({
  serviceId: Type.String(),
  staffId: Type.String(),
  served: Type.Integer(),
  meanSec: NumOrNull,
  p50Sec: NumOrNull,
  p90Sec: NumOrNull,
  maxSec: NumOrNull,
});
export const ServiceLevelRow = Type.Object({
  serviceId: Type.String(),
  targetMin: NumOrNull,
  called: Type.Integer(),
  calledWithinTarget: Type.Integer(),
  leftAfterTarget: Type.Integer({ description: 'left before a call after waiting longer than the target' }),
  serviceLevel: NumOrNull,
});
export const RateRow = Type.Object({
  serviceId: Type.String(),
  tickets: Type.Integer(),
  arrivals: Type.Integer(),
  transfersIn: Type.Integer(),
  called: Type.Integer(),
  done: Type.Integer(),
  noShow: Type.Integer(),
  cancelled: Type.Integer({ description: 'cancelled by the visitor or staff' }),
  closedUnserved: Type.Integer({ description: 'not served — closed: still open when closing time and its grace had passed' }),
  leftBeforeCall: Type.Integer(),
  transferredOut: Type.Integer(),
  noShowRate: NumOrNull,
  cancelRate: NumOrNull,
  leftBeforeCallRate: NumOrNull,
});
export const OutcomeRow = Type.Object({
  serviceId: Type.String(),
  outcome: Type.String(),
  count: Type.Integer(),
  share: Type.Number(),
});
export const CounterRow = Type.Object({
  counterId: Type.String(),
  calls: Type.Integer(),
  served: Type.Integer(),
  noShows: Type.Integer(),
  busySec: Type.Number(),
  activeSec: Type.Number(),
  utilisation: NumOrNull,
});
export const ClerkRow = Type.Object({
  staffId: Type.String(),
  calls: Type.Integer(),
  served: Type.Integer(),
  noShows: Type.Integer(),
  busySec: Type.Number(),
  activeSec: Type.Number(),
  utilisation: NumOrNull,
  servedPerActiveHour: NumOrNull,
  meanServiceSec: NumOrNull,
});

export const SatisfactionRow = Type.Object({
  serviceId: Type.String({ description: "'*': every service" }),
  staffId: Type.String({ description: "clerk who served the rated visit; '*': every clerk; '': unknown" }),
  ratings: Type.Integer({ description: 'rated visits' }),
  scoreSum: Type.Integer({ description: 'sum of the scores (mean = scoreSum ÷ ratings)' }),
  meanScore: NumOrNull,
  score1: Type.Integer({ description: 'visits rated 1 (poor)' }),
  score2: Type.Integer(),
  score3: Type.Integer(),
  score4: Type.Integer(),
  score5: Type.Integer({ description: 'visits rated 5 (very good)' }),
});
export type SatisfactionRow = Static<typeof SatisfactionRow>;

export const KpiReport = Type.Object({
  ...ReportHead,
  exact: Type.Boolean({ description: 'quantiles exact (only live tickets) or from per-day histograms (± one bin)' }),
  arrivals: Type.Array(ArrivalRow),
  daily: Type.Array(DailyRow),
  waiting: Type.Array(WaitRow),
  serviceTime: Type.Array(ServiceTimeRow),
  serviceLevel: Type.Array(ServiceLevelRow),
  rates: Type.Array(RateRow),
  outcomes: Type.Array(OutcomeRow),
  counters: Type.Array(CounterRow),
  clerks: Type.Array(ClerkRow),
  satisfaction: Type.Array(SatisfactionRow, {
    description:
      "ratings (1–5, rating pad or phone) per service × clerk, per service (staffId '*'), per clerk (serviceId '*') and in all",
  }),
});
export type KpiReport = Static<typeof KpiReport>;

export const RepeatRateRow = Type.Object({
  serviceId: Type.String(),
  staffId: Type.String(),
  servedVisits: Type.Integer(),
  repeated: Type.Integer(),
  repeatRate: NumOrNull,
});
export type RepeatRateRow = Static<typeof RepeatRateRow>;
export const FlowRow = Type.Object({ fromServiceId: Type.String(), toServiceId: Type.String(), count: Type.Integer() });
export type FlowRow = Static<typeof FlowRow>;
export const IntervalRow = Type.Object({
  hour: Type.Integer({ minimum: 0, maximum: 167, description: 'next visit came h to h+1 hours after the served visit ended' }),
  count: Type.Integer(),
  cumulativeShare: Type.Number({ description: 'served visits followed by a visit within h+1 hours ÷ served visits' }),
});
export type IntervalRow = Static<typeof IntervalRow>;

export const RepeatSummary = Type.Object({
  visits: Type.Integer({ description: 'identified visits arriving in the range (a transfer chain is one visit)' }),
  servedVisits: Type.Integer(),
  repeated: Type.Integer(),
  repeatRate: NumOrNull,
  firstVisits: Type.Integer(),
  firstVisitsResolved: Type.Integer(),
  firstVisitResolutionRate: NumOrNull,
});
export type RepeatSummary = Static<typeof RepeatSummary>;

export const Channel = Type.Union([Type.Literal('visit'), Type.Literal('phone')], {
  description: 'visit: a ticket (at the counter, or a callback); phone: a call at a desk (phone-contacts.db)',
});
export type Channel = Static<typeof Channel>;
/** Repeats across channels: served contacts of one channel, and where their repeats came from. */
export const ChannelFlowRow = Type.Object({
  fromChannel: Channel,
  toChannel: Channel,
  count: Type.Integer(),
});
export type ChannelFlowRow = Static<typeof ChannelFlowRow>;

export const RepeatReport = Type.Object({
  ...ReportHead,
  windowHours: Type.Number(),
  overall: RepeatSummary,
  byService: Type.Array(RepeatRateRow),
  byClerkService: Type.Array(RepeatRateRow),
  flow: Type.Array(FlowRow),
  intervals: Type.Array(IntervalRow),
  /** Repeats by the channel of the served contact and of the one that came back (phone calls count as contacts). */
  channels: Type.Array(ChannelFlowRow),
});
export type RepeatReport = Static<typeof RepeatReport>;

export const VisitView = Type.Object({
  date: ReportDate,
  number: Type.String(),
  serviceId: Type.String({ description: 'service the visitor chose' }),
  finalServiceId: Type.String({ description: 'service the visit ended in (after transfers)' }),
  arrivalAt: EpochMs,
  endedAt: Type.Union([EpochMs, Type.Null()]),
  status: Type.String(),
  outcome: StrOrNull,
  staffId: StrOrNull,
  counterId: StrOrNull,
  /** `phone`: a call at a desk (phone-contacts.db), not a visit at the counter. Absent: a visit. */
  channel: Type.Optional(Type.Literal('phone')),
});
export type VisitView = Static<typeof VisitView>;

export const RepeatPair = Type.Object({
  identityMasked: Type.String(),
  identityKind: IdentityKind,
  first: VisitView,
  repeat: VisitView,
  gapHours: Type.Number(),
});
export type RepeatPair = Static<typeof RepeatPair>;

export const RepeatPairsReply = Type.Object({
  ...ReportHead,
  windowHours: Type.Number(),
  total: Type.Integer(),
  offset: Type.Integer(),
  limit: Type.Integer(),
  pairs: Type.Array(RepeatPair),
});
export type RepeatPairsReply = Static<typeof RepeatPairsReply>;

export const FrequentVisitor = Type.Object({
  identityMasked: Type.String(),
  identityKind: IdentityKind,
  visits: Type.Integer(),
  served: Type.Integer(),
  lastVisitAt: EpochMs,
  history: Type.Array(VisitView),
});
export type FrequentVisitor = Static<typeof FrequentVisitor>;

export const FrequentReply = Type.Object({
  ...ReportHead,
  minVisits: Type.Integer(),
  visitors: Type.Array(FrequentVisitor),
});
export type FrequentReply = Static<typeof FrequentReply>;

export const StaffingRow = Type.Object({
  serviceId: Type.String(),
  weekday: Type.Integer({ minimum: 0, maximum: 6, description: '0 = Sunday' }),
  hour: Type.Integer({ minimum: 0, maximum: 23 }),
  daysObserved: Type.Integer({ description: 'days of this weekday in the range with data' }),
  arrivalsPerHour: Type.Number({ description: 'mean visitors (and transfers) joining the line in this hour' }),
  ahtSec: Type.Number({ description: 'mean counter time of the service over the range' }),
  erlangs: Type.Number(),
  targetMin: Type.Number(),
  countersNeeded: Type.Integer(),
  countersActual: Type.Number({ description: 'mean counters that had a visitor of this service in the hour' }),
  predictedServiceLevel: NumOrNull,
  predictedServiceLevelActual: NumOrNull,
  actualServiceLevel: NumOrNull,
});
export type StaffingRow = Static<typeof StaffingRow>;

export const StaffingReply = Type.Object({
  ...ReportHead,
  targetShare: Type.Number(),
  rows: Type.Array(StaffingRow),
});
export type StaffingReply = Static<typeof StaffingReply>;

export const ErlangReply = Type.Object({
  erlangs: Type.Number(),
  agents: Type.Integer(),
  occupancy: NumOrNull,
  waitProbability: Type.Number(),
  serviceLevel: Type.Number(),
  asaSec: NumOrNull,
  agentsNeeded: Type.Integer({ description: 'fewest agents reaching targetShare within targetSec' }),
});
export type ErlangReply = Static<typeof ErlangReply>;
