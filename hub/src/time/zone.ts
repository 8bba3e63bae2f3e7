/**
 * The site's wall clock: which business day and local minute an instant falls in, in an IANA
 * time zone, and back. Pure: the zone is an argument and no clock is read. Shared by the queue
 * (numbering, opening hours), appointments, analytics and the services, none of which owns it.
 */
import { addDays, DATE } from './calendar';

interface LocalParts {
  year: string;
  month: string;
  day: string;
  minutes: number;
  weekday: number;
}

const WEEKDAYS: Readonly<Record<string, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

// Building an Intl.DateTimeFormat is expensive (tens of µs) and these run on every issue/call
// and board refresh. The cache only memoises a pure constructor, so results never depend on it.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    // en-US + gregory + latn pins the part values to ASCII digits and English weekday names
    // whatever the host's default locale; h23 avoids the "24:00" midnight of some hourCycles.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * The last answer per zone, by minute: every modern offset is a whole number of minutes, so the
 * local date and time cannot change inside a minute. Saves an Intl formatToParts on each of the
 * several calls a ticket issue makes (a cache, not state: results are the same with or without).
 */
const lastParts = new Map<string, { minute: number; parts: LocalParts }>();

function localParts(at: number, timeZone: string): LocalParts {
  const minute = Math.floor(at / 60_000);
  const cached = lastParts.get(timeZone);
  if (cached?.minute === minute) return cached.parts;
  const parts = formatLocalParts(at, timeZone);
  lastParts.set(timeZone, { minute, parts });
  return parts;
}

function formatLocalParts(at: number, timeZone: string): LocalParts {
  const parts: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(at)) parts[part.type] = part.value;
  const weekday = WEEKDAYS[parts.weekday ?? ''];
  if (weekday === undefined || parts.year === undefined || parts.month === undefined || parts.day === undefined) {
    throw new Error(`unexpected Intl output for ${timeZone}: ${JSON.stringify(parts)}`);
  }
  return {
    year: parts.year.padStart(4, '0'),
    month: parts.month,
    day: parts.day,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    weekday,
  };
}

/** 'YYYY-MM-DD' of the instant `at` in the site's IANA time zone (its calendar date). */
export function siteDate(at: number, timeZone: string): string {
  const p = localParts(at, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** A day boundary written "HH:MM" (00:00–23:59). */
export const DAY_START = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes past midnight of a day boundary "HH:MM" (undefined or "00:00" = midnight). */
export function dayStartMinutes(dayStartsAt: string | undefined): number {
  if (dayStartsAt === undefined) return 0;
  const m = DAY_START.exec(dayStartsAt);
  if (!m) throw new Error(`not a day start (HH:MM): ${dayStartsAt}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/**
 * The business day the instant `at` belongs to (the day tickets, reports and the archive file it):
 * the site-time date of `at` − `dayStartsAt`. With the default midnight it is the calendar date;
 * with "04:00" the hours from midnight to 04:00 still belong to the day before.
 */
export function businessDate(at: number, timeZone: string, dayStartsAt?: string): string {
  return siteDate(at - dayStartMinutes(dayStartsAt) * 60_000, timeZone);
}

/**
 * A service's own day start: its `dayStartsAt` when later than the site's (an evening clinic
 * whose day runs to 04:00 while the hall's ends at midnight), else the site's. A service's day
 * never starts before the site's: the hub's day book and day close follow the site's day.
 */
export function serviceDayStart(siteDayStartsAt: string | undefined, own: string | undefined): string | undefined {
  if (own === undefined || dayStartMinutes(own) <= dayStartMinutes(siteDayStartsAt)) return siteDayStartsAt;
  return own;
}

/**
 * The earliest business day still running at `at` among the site's day start and the services'
 * own (`undefined`: the site's). A service whose day starts at 04:00 is still on yesterday at
 * 02:00: day close must not archive that day yet, nor start-up, nor `callboard archive`.
 */
export function oldestBusinessDate(
  at: number,
  timeZone: string,
  siteDayStartsAt: string | undefined,
  services: readonly { dayStartsAt?: string | undefined }[],
): string {
  let oldest = businessDate(at, timeZone, siteDayStartsAt);
  for (const s of services) {
    const day = businessDate(at, timeZone, serviceDayStart(siteDayStartsAt, s.dayStartsAt));
    if (day < oldest) oldest = day;
  }
  return oldest;
}

/**
 * The business day of `at` and the instant it ends (the next day's start), under the day boundary
 * `dayStartsAt` — the site's, or a service's own.
 */
export function businessDayBounds(at: number, timeZone: string, dayStartsAt?: string): { day: string; end: number } {
  const day = businessDate(at, timeZone, dayStartsAt);
  return { day, end: localToEpoch(addDays(day, 1), dayStartMinutes(dayStartsAt), timeZone) };
}

/** Local wall-clock minutes since midnight and weekday (0 = Sunday) of `at` in `timeZone`. */
export function localMinutesAndWeekday(at: number, timeZone: string): { minutes: number; weekday: number } {
  const p = localParts(at, timeZone);
  return { minutes: p.minutes, weekday: p.weekday };
}

/** The instant at which the wall clock in `timeZone` shows `date` `minutes` past midnight. */
export function localToEpoch(date: string, minutes: number, timeZone: string): number {
  const m = DATE.exec(date);
  if (!m) throw new Error(`not a date: ${date}`);
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) + minutes * 60_000;
  const wallAt = (at: number) => {
    const d = siteDate(at, timeZone);
    return Date.parse(`${d}T00:00:00Z`) + localMinutesAndWeekday(at, timeZone).minutes * 60_000;
  };
  // Two rounds settle on the offset in force at the target instant (also across a DST change).
  let guess = wall - (wallAt(wall) - wall);
  guess = wall - (wallAt(guess) - guess);
  return guess;
}
