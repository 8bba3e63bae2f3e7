/**
 * Cross-site repeat visits for the central console, from the visits the sites of a group sent up
 * with their closed days (group-visits.ts: one group pseudonym per person, the same at every site
 * of the group). Pure: the uplinked days in, tables out.
 *
 * - The site report's tables (overall, per service, per clerk and service, service flow, intervals)
 *   through the site's own repeat engine (repeats.ts), with its rules: for one site they are that
 *   site's own report; across sites a visit's next visit may be at any site, and clerks are named
 *   `site:clerk`.
 * - One row per site: its served visits, how many were followed within the window by a visit at
 *   the same site or at another, and the site flow (served at A, next visit at B within the window).
 * Only sites with a group key send visits: the others are listed in `sitesWithoutVisits`.
 */
import type { GroupVisit } from './group-visits';
import { fromGroupVisit } from './group-visits';
import { HOUR_MS, RepeatEngine, type RepeatTables } from './repeats';
import { visitsToChunk } from './visit-chunk';
import type { Visit } from './visits';

/** A closed day of one site as head office stored it (`visits` absent: the site is in no group). */
export interface SiteVisitDay {
  siteId: string;
  date: string;
  visits?: readonly GroupVisit[];
}

export interface SiteRepeatRow {
  siteId: string;
  servedVisits: number;
  repeated: number;
  repeatRate: number | null;
  repeatedSameSite: number;
  repeatedOtherSite: number;
  otherSiteRate: number | null;
}

export interface SiteFlowRow {
  fromSiteId: string;
  toSiteId: string;
  count: number;
}

export interface CrossSiteRepeats extends RepeatTables {
  from: string;
  to: string;
  days: string[];
  windowHours: number;
  sites: SiteRepeatRow[];
  siteFlow: SiteFlowRow[];
  sitesWithoutVisits: string[];
}

/** Days either side of the range that are read: a return after `to`, a first visit near `from`. */
export const LOOKAROUND_DAYS = 7;

const shift = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const rate = (n: number, d: number) => (d > 0 ? n / d : null);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

interface Located extends Visit {
  siteId: string;
}

export function crossSiteRepeats(p: {
  days: readonly SiteVisitDay[];
  from: string;
  to: string;
  windowHours: number;
  /** One site only: its tables are that site's own report (clerk ids unprefixed). */
  site?: string;
}): CrossSiteRepeats {
  const lo = shift(p.from, -LOOKAROUND_DAYS);
  const hi = shift(p.to, LOOKAROUND_DAYS);
  const days = p.days.filter((d) => d.date >= lo && d.date <= hi && (p.site === undefined || d.siteId === p.site));
  const byDate = new Map<string, Located[]>();
  for (const d of days)
    for (const row of d.visits ?? []) {
      const v = fromGroupVisit(d.date, row, p.site === undefined ? `${d.siteId}:` : '');
      const list = byDate.get(d.date) ?? [];
      list.push({ ...v, siteId: d.siteId });
      byDate.set(d.date, list);
    }
  const engine = new RepeatEngine({ windowHours: p.windowHours, from: p.from, to: p.to });
  const dates = [...byDate.keys()].sort();
  for (const date of dates) engine.add(visitsToChunk(date, byDate.get(date) as Located[]));

  // Per site: each served visit in the range and the person's next visit, wherever it was.
  const W = p.windowHours * HOUR_MS;
  const byPerson = new Map<string, Located[]>();
  for (const list of byDate.values())
    for (const v of list) {
      const mine = byPerson.get(v.hmac) ?? [];
      mine.push(v);
      byPerson.set(v.hmac, mine);
    }
  const inRange = new Set(days.filter((d) => d.date >= p.from && d.date <= p.to).map((d) => d.siteId));
  const rows = new Map<string, SiteRepeatRow>();
  const row = (siteId: string) => {
    let r = rows.get(siteId);
    if (!r) {
      r = {
        siteId,
        servedVisits: 0,
        repeated: 0,
        repeatRate: null,
        repeatedSameSite: 0,
        repeatedOtherSite: 0,
        otherSiteRate: null,
      };
      rows.set(siteId, r);
    }
    return r;
  };
  for (const s of inRange) row(s);
  const flow = new Map<string, number>();
  for (const visits of byPerson.values()) {
    visits.sort((a, b) => a.arrivalAt - b.arrivalAt);
    visits.forEach((u, i) => {
      if (u.status !== 'done' || u.endedAt === null || u.date < p.from || u.date > p.to) return;
      const r = row(u.siteId);
      r.servedVisits++;
      const end = u.endedAt;
      const next = visits.find((v, j) => j !== i && v.arrivalAt >= end);
      if (!next || next.arrivalAt - end > W) return;
      r.repeated++;
      if (next.siteId === u.siteId) r.repeatedSameSite++;
      else r.repeatedOtherSite++;
      const key = `${u.siteId}\u0000${next.siteId}`;
      flow.set(key, (flow.get(key) ?? 0) + 1);
    });
  }
  const sites = [...rows.values()]
    .map((r) => ({
      ...r,
      repeatRate: rate(r.repeated, r.servedVisits),
      otherSiteRate: rate(r.repeatedOtherSite, r.servedVisits),
    }))
    .sort((a, b) => cmp(a.siteId, b.siteId));
  const siteFlow = [...flow]
    .map(([k, count]) => {
      const [fromSiteId, toSiteId] = k.split('\u0000') as [string, string];
      return { fromSiteId, toSiteId, count };
    })
    .sort((a, b) => cmp(a.fromSiteId, b.fromSiteId) || cmp(a.toSiteId, b.toSiteId));
  const withVisits = new Set(days.filter((d) => d.visits !== undefined).map((d) => d.siteId));
  return {
    from: p.from,
    to: p.to,
    days: [...new Set(days.filter((d) => d.date >= p.from && d.date <= p.to).map((d) => d.date))].sort(),
    windowHours: p.windowHours,
    ...engine.tables(),
    sites,
    siteFlow,
    sitesWithoutVisits: [...inRange].filter((s) => !withVisits.has(s)).sort(),
  };
}
