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
import { addDays, localMinutesAndWeekday, localToEpoch, siteDate } from '../time';
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
  const extra = change.openFrom ?? (change.kind === 'extend' ? change.at : undefined);
  const open = regular || (extra !== undefined && extra <= at);
  if (change.kind === 'extend') return regular || (extra !== undefined && extra <= at && at < change.until);
  return open && at < change.until;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

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
  for (let d = 0; d <= 7; d++) {
    const date = addDays(today, d);
    const weekday = localMinutesAndWeekday(localToEpoch(date, 12 * 60, timeZone), timeZone).weekday;
    for (const h of hours) if (h.days.includes(weekday)) candidates.add(localToEpoch(date, minutesOf(h.open), timeZone));
  }
  const sorted = [...candidates].filter((c) => c > at && c <= at + 8 * DAY_MS).sort((a, b) => a - b);
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
  for (let t = at; t >= at - graceMs; t -= MINUTE_MS) {
    if (isOpenAt(hours, change, t, timeZone, boundsOf(t))) return false;
  }
  if (isOpenAt(hours, change, at - graceMs, timeZone, boundsOf(at - graceMs))) return false;
  const next = nextOpening(hours, change, at, timeZone, boundsOf);
  return next === undefined || next >= bounds.end;
}
