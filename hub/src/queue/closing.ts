/**
 * Closing time of a service on one business day: its opening hours, changed for that day only by
 * a supervisor who extends them (open until a later time) or closes early (closed from a time
 * until the day ends). Pure: the time zone and the day's bounds are arguments, no clock is read.
 *
 * Closing stops issue; whoever is still waiting is served. Only once the service has been closed
 * for the grace period, and does not open again before its business day ends (a lunch break is
 * not closing time), are the tickets still open closed as "not served — closed".
 */
import type { ServiceHours } from '../protocol';
import { addDays, localToEpoch, siteDate } from '../time';
import { isWithinHours } from './hours';

/** A supervisor's change to one service's hours for one business day. */
export interface HoursChange {
  serviceId: string;
  /** The business day it applies to ('YYYY-MM-DD'); on any other day the hours stand as configured. */
  day: string;
  /** `extend`: also open from `at` until `until`. `close-early`: closed from `until` to the day's end. */
  kind: 'extend' | 'close-early';
  /** When the supervisor decided (epoch ms). */
  at: number;
  /** The new closing time (epoch ms). */
  until: number;
  /**
   * Start of the extra opening that day (an extension): `at` of the first extension. Kept when a
   * supervisor then closes early, so the hours of the day still say it was open until then.
   */
  openFrom?: number;
}

/** Where the instant falls: its business day and when that day ends (the next day's start). */
export interface DayBounds {
  day: string;
  end: number;
}

/** Whether the service issues tickets at `at`, given its hours and today's change (if any). */
export function isOpenAt(
  hours: readonly ServiceHours[] | undefined,
  change: HoursChange | undefined,
  at: number,
  timeZone: string,
  bounds: DayBounds,
): boolean {
  const regular = isWithinHours(hours, at, timeZone);
  if (!change || change.day !== bounds.day) return regular;
  // The day's extra opening runs from the first extension's decision (kept by a later early close) to `until`.
  const extraFrom = change.openFrom ?? (change.kind === 'extend' ? change.at : Number.POSITIVE_INFINITY);
  const extra = extraFrom <= at && at < change.until;
  // An extension adds to the hours; closing early also ends them at `until`.
  return extra || (regular && (change.kind === 'extend' || at < change.until));
}

const MINUTE_MS = 60_000;

/** "HH:MM" → minutes since midnight. */
function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/**
 * The next instant after `at` at which the service opens (undefined: never in the next week).
 * Candidates are the starts of its opening intervals and the start of the next business day
 * (a change ends with its day); the first one at which it is open and was closed just before wins.
 */
export function nextOpening(
  hours: readonly ServiceHours[] | undefined,
  change: HoursChange | undefined,
  at: number,
  timeZone: string,
  boundsOf: (at: number) => DayBounds,
): number | undefined {
  const open = (t: number) => isOpenAt(hours, change, t, timeZone, boundsOf(t));
  if (!hours || hours.length === 0) {
    const end = boundsOf(at).end;
    return open(at) ? undefined : end;
  }
  const candidates = new Set<number>([boundsOf(at).end]);
  const today = siteDate(at, timeZone);
  // Every opening time of every interval on each of the next eight days (today included); one on a
  // day the interval does not apply is simply not open, and the search below passes over it.
  for (let d = 0; d <= 7; d++)
    for (const h of hours) candidates.add(localToEpoch(addDays(today, d), minutesOf(h.open), timeZone));
  const sorted = [...candidates].filter((c) => c > at).sort((a, b) => a - b);
  return sorted.find((c) => open(c) && !open(c - 1));
}

/**
 * Whether the service's closing time has passed by at least `graceMs` at `at`: it is closed now,
 * has been closed for the whole grace period, and does not open again before its business day ends.
 * Checked minute by minute over the grace period (a few dozen look-ups).
 */
export function closedPastGrace(
  hours: readonly ServiceHours[] | undefined,
  change: HoursChange | undefined,
  at: number,
  graceMs: number,
  timeZone: string,
  boundsOf: (at: number) => DayBounds,
): boolean {
  const bounds = boundsOf(at);
  // Closed at `at` and at each minute back to the grace period's start, the start itself included.
  const steps = Math.ceil(graceMs / MINUTE_MS);
  for (let k = 0; k <= steps; k++) {
    const t = Math.max(at - k * MINUTE_MS, at - graceMs);
    if (isOpenAt(hours, change, t, timeZone, boundsOf(t))) return false;
  }
  const next = nextOpening(hours, change, at, timeZone, boundsOf);
  return next === undefined || next >= bounds.end;
}
