/**
 * Per-day pre-aggregates as stored (the accumulator that builds and adds them up is in day-kpi.ts).
 *
 * Day close stores two per day, so that a report over a year adds up 365 small documents
 * instead of reading two million tickets:
 *  - `DayKpi`, in the day's row of daily_stats.db: counts, mergeable duration histograms,
 *    arrivals per quarter-hour, counter and clerk time (≈ 15–20 kB for a 140-counter hall);
 *  - `DaySlots`, in DATA_DIR/analytics/slots/: per service and quarter-hour, the visitors
 *    joining the line, the counters serving and whole-minute wait histograms — what staffing
 *    advice needs and the KPI report does not, kept apart so KPI reports never parse it.
 * Neither keeps local times: quarters are absolute (ms since the epoch ÷ 900 000; every zone's
 * offset is a whole number of quarters), and reports fold them into the site's hours.
 *
 * Keys that come from users (outcomes, staff ids) are stored in lists, never as object keys:
 * NeDB refuses keys containing '.' or starting with '$'.
 */
import type { SparseDist } from './dist';

export const QUARTER_MS = 15 * 60 * 1000;

/** A counter's or a clerk's day: [id, time with a visitor (s), first call → last release (s), calls, served, no-shows]. */
export type WorkDay = [id: string, busySec: number, spanSec: number, calls: number, served: number, noShows: number];
/** A clerk's service times in one service: [staff id, visits served, total seconds, longest]. */
export type StaffTime = [staffId: string, served: number, sumSec: number, maxSec: number];
/**
 * Satisfaction ratings of one clerk in one service: [staff id ('' when unknown), how many
 * visits scored 1, 2, 3, 4, 5]. Count and sum of scores follow, so days add up exactly.
 */
export type RatingCounts = [staffId: string, n1: number, n2: number, n3: number, n4: number, n5: number];

/** A service's visit counts, in the order reports list them; a stored day and an accumulator both have each. */
export const SERVICE_COUNTS = [
  'tickets',
  'arrivals',
  'transfersIn',
  'called',
  'done',
  'noShow',
  'cancelled',
  /** Closed unserved at closing time ("not served — closed"); not counted in `cancelled`. */
  'closedUnserved',
  'leftBeforeCall',
  'transferredOut',
] as const;
export type ServiceCounts = Record<(typeof SERVICE_COUNTS)[number], number>;

/** The counts alone (for a stored day or a report row). */
export function countsOf(s: ServiceCounts): ServiceCounts {
  const out = {} as ServiceCounts;
  for (const k of SERVICE_COUNTS) out[k] = s[k];
  return out;
}

export interface ServiceDay extends ServiceCounts {
  id: string;
  outcomes: [string, number][];
  waits: [string, SparseDist][];
  abandon: SparseDist;
  serviceTime: SparseDist;
  serviceTimeByStaff: StaffTime[];
  /** Visitors arriving (own tickets) per quarter: [first quarter, count, count, …]. */
  arrivalQuarters: number[];
  /** Ratings per clerk; absent on days stored before tickets carried ratings (and on days without any). */
  ratings?: RatingCounts[];
}

export interface DayKpi {
  v: 1;
  services: ServiceDay[];
  counters: WorkDay[];
  staff: WorkDay[];
}

/**
 * [quarter, tickets joining the line (own and transferred in), counters that had a visitor of
 * the service during the quarter, whole-minute histogram (flat [minute, count] pairs) of the
 * waits of those called, and of those who left before a call].
 */
export type SlotDay = [q: number, joined: number, counters: number, called: number[], left: number[]];

export interface DaySlots {
  v: 1;
  services: [string, SlotDay[]][];
}
