/**
 * `GET /central/reports/repeats`: repeat visits across the sites of a group, from the visits they
 * sent up under their group pseudonym (docs/personal-data.md, "Head office"). The site report's
 * tables, plus one row per site and the site-to-site flow.
 */
import { type Static, Type } from 'typebox';
import {
  FlowRow,
  IntervalRow,
  RepeatRateRow,
  RepeatReport,
  RepeatSummary,
  ReportDate,
  ReportFormat,
  WindowHours,
} from './reports';

export const CentralRepeatQuery = Type.Object(
  {
    from: Type.Optional(ReportDate),
    to: Type.Optional(ReportDate),
    site: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'one site only' })),
    windowHours: Type.Optional(WindowHours),
    format: Type.Optional(ReportFormat),
    table: Type.Optional(Type.String({ maxLength: 32, description: 'with format=csv: which table (default: sites)' })),
  },
  { additionalProperties: false },
);
export type CentralRepeatQuery = Static<typeof CentralRepeatQuery>;

const NumOrNull = Type.Union([Type.Number(), Type.Null()]);
export const SiteRepeatRow = Type.Object({
  siteId: Type.String(),
  servedVisits: Type.Integer(),
  repeated: Type.Integer({ description: 'served visits followed within the window by a visit of the same person anywhere' }),
  repeatRate: NumOrNull,
  repeatedSameSite: Type.Integer(),
  repeatedOtherSite: Type.Integer({ description: 'the next visit was at another site of the group' }),
  otherSiteRate: NumOrNull,
});
export type SiteRepeatRow = Static<typeof SiteRepeatRow>;
export const SiteFlowRow = Type.Object({ fromSiteId: Type.String(), toSiteId: Type.String(), count: Type.Integer() });
export type SiteFlowRow = Static<typeof SiteFlowRow>;

export const CentralRepeatReport = Type.Object({
  ...RepeatReport.properties,
  overall: RepeatSummary,
  byService: Type.Array(RepeatRateRow),
  byClerkService: Type.Array(RepeatRateRow),
  flow: Type.Array(FlowRow),
  intervals: Type.Array(IntervalRow),
  sites: Type.Array(SiteRepeatRow),
  siteFlow: Type.Array(SiteFlowRow),
  sitesWithoutVisits: Type.Array(Type.String(), {
    description: 'sites with days in the range but no visits sent: not in a group (no uplink.groupKey)',
  }),
});
export type CentralRepeatReport = Static<typeof CentralRepeatReport>;
