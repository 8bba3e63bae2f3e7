/**
 * Many sites, one view (docs/operations.md, "Many sites"): what a site hub sends up to head
 * office through its broker and a Mosquitto bridge, what the central instance answers, and the
 * central console's REST replies. Topics are built in topics.ts (`topics.siteStatus` …).
 */
import { type Static, Type } from 'typebox';
import { KpiReport, ReportDate, ReportFormat } from './reports';
import { EpochMs, Localized } from './schemas';

/**
 * Retained `callboard/<site>/site-status`: online with the live figures, sent on every change
 * (coalesced) and as a heartbeat; `offline` as the uplink's last will and on a clean stop.
 */
export const SiteStatusMessage = Type.Object({
  v: Type.Literal(1),
  state: Type.Union([Type.Literal('online'), Type.Literal('offline')]),
  at: Type.Optional(EpochMs),
  siteName: Type.Optional(Localized),
  businessDate: Type.Optional(Type.String()),
  /** Seconds until the next heartbeat at the latest: the central instance marks the site stale after 3 of them. */
  heartbeatSec: Type.Optional(Type.Integer({ minimum: 1 })),
  waiting: Type.Optional(Type.Integer({ minimum: 0 })),
  longestWaitSec: Type.Optional(Type.Integer({ minimum: 0 })),
  /** Share of today's first calls within each service's target wait (0–1), null before the first call. */
  serviceLevel: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  calledToday: Type.Optional(Type.Integer({ minimum: 0 })),
  /** Devices with a problem now (offline, printer out of paper …): id and alert kind, no personal data. */
  devicesAlerting: Type.Optional(Type.Array(Type.Object({ id: Type.String(), kind: Type.String() }))),
  countersOpen: Type.Optional(Type.Integer({ minimum: 0 })),
  services: Type.Optional(
    Type.Array(
      Type.Object({
        id: Type.String(),
        name: Localized,
        waiting: Type.Integer({ minimum: 0 }),
        longestWaitSec: Type.Integer({ minimum: 0 }),
        level: Type.Union([Type.Number(), Type.Null()]),
      }),
    ),
  ),
});
export type SiteStatusMessage = Static<typeof SiteStatusMessage>;

/** One closed day's figures as a site sends them (`callboard/<site>/daily`); central keeps one per site and day. */
export interface DailyUplinkMessage {
  v: 1;
  _id: string;
  [key: string]: unknown;
}

/** Audit records a site sends up (`callboard/<site>/audit`, QoS 1), a batch at a time; each record's id is its key. */
export interface AuditUplinkMessage {
  v: 1;
  records: { _id: string; at: number; action: string; actor: { type: string; id?: string }; target?: string }[];
}

/**
 * A person erased at a site (`callboard/<site>/erasure`, QoS 1): their group pseudonyms (16 hex),
 * which head office drops from every site's days. Its id is its key (`erasure:<id>`); sent until
 * acknowledged.
 */
export interface ErasureUplinkMessage {
  v: 1;
  records: { _id: string; at: number; groups: string[] }[];
}

/**
 * `callboard/<site>/central/ack`: the central instance has stored these keys (`daily:<date>`,
 * `audit:<id>`, `erasure:<id>`); the site drops them from its outbox. Until then the site sends them again.
 */
export interface UplinkAck {
  v: 1;
  keys: string[];
}

/** What the central console shows for one site. */
export const CentralSite = Type.Object({
  siteId: Type.String(),
  siteName: Type.Union([Localized, Type.Null()]),
  /** online: status and bridge up and a heartbeat within 3 intervals; offline: last will, bridge down or silent. */
  state: Type.Union([Type.Literal('online'), Type.Literal('offline')]),
  /** Why offline: the site said so (clean stop or last will), its bridge dropped, or no heartbeat. */
  reason: Type.Union([Type.Literal('site'), Type.Literal('bridge'), Type.Literal('silent'), Type.Null()]),
  lastSeenAt: Type.Union([EpochMs, Type.Null()]),
  status: Type.Union([SiteStatusMessage, Type.Null()]),
  /** Closed days received (one per day however often a site sent it). */
  days: Type.Integer({ minimum: 0 }),
  latestDay: Type.Union([Type.String(), Type.Null()]),
  auditRecords: Type.Integer({ minimum: 0 }),
});
export type CentralSite = Static<typeof CentralSite>;

export const CentralSitesReply = Type.Object({
  at: EpochMs,
  brokerConnected: Type.Boolean(),
  sites: Type.Array(CentralSite),
});
export type CentralSitesReply = Static<typeof CentralSitesReply>;

export const CentralSiteDetail = Type.Object({
  site: CentralSite,
  /** The site's closed days, newest first: issued, done, no-shows, mean wait. */
  days: Type.Array(
    Type.Object({
      date: Type.String(),
      issued: Type.Integer({ minimum: 0 }),
      done: Type.Integer({ minimum: 0 }),
      noShow: Type.Integer({ minimum: 0 }),
      receivedAt: EpochMs,
    }),
  ),
  /** The newest audit records from the site. */
  audit: Type.Array(
    Type.Object({
      id: Type.String(),
      at: EpochMs,
      action: Type.String(),
      actor: Type.String(),
      target: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});
export type CentralSiteDetail = Static<typeof CentralSiteDetail>;

/** `GET /central/reports/kpis`: a range, optionally one site, JSON or one table as CSV. */
export const CentralKpiQuery = Type.Object(
  {
    from: Type.Optional(ReportDate),
    to: Type.Optional(ReportDate),
    site: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'one site only' })),
    format: Type.Optional(ReportFormat),
    table: Type.Optional(Type.String({ maxLength: 32, description: 'with format=csv: which table (default: sites)' })),
  },
  { additionalProperties: false },
);
export type CentralKpiQuery = Static<typeof CentralKpiQuery>;

const NumOrNull = Type.Union([Type.Number(), Type.Null()]);
export const SiteKpiRow = Type.Object({
  siteId: Type.String(),
  days: Type.Integer(),
  tickets: Type.Integer(),
  called: Type.Integer(),
  done: Type.Integer(),
  noShow: Type.Integer(),
  noShowRate: NumOrNull,
  calledWithinTarget: Type.Integer(),
  serviceLevel: NumOrNull,
  ratings: Type.Integer(),
  meanScore: NumOrNull,
});

/** The site KPI report's tables over every site's uplinked days, and one row per site. */
export const CentralKpiReport = Type.Object({ ...KpiReport.properties, sites: Type.Array(SiteKpiRow) });
export type CentralKpiReport = Static<typeof CentralKpiReport>;
