/**
 * Local clock for reports: which hour of the day and day of the week an absolute quarter-hour
 * falls in, in the site's time zone (calendar arithmetic on dates is hub/src/time's).
 * Pure: the zone is an argument; no clock is read.
 */
import { localMinutesAndWeekday } from '../time';

export interface LocalHour {
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  hour: number;
}

/**
 * The zone's offset (minutes) for each UTC day, shared by every report of the process: Intl is
 * the slow part of folding a year of quarters into local hours, and an offset changes at most
 * once or twice a year. A day whose offset differs between 00:00 and 23:00 UTC (a DST change)
 * is looked up hour by hour.
 */
const WEEK_MIN = 7 * 1440;
const offsets = new Map<string, Map<number, number | null>>();
const CACHE_LIMIT = 100_000;

/** Local minus UTC, in minutes, at `ms`. */
function offsetAt(ms: number, timeZone: string): number {
  const { minutes, weekday } = localMinutesAndWeekday(ms, timeZone);
  const utcWeekday = (Math.floor(ms / 86_400_000) + 4) % 7; // 1970-01-01 was a Thursday
  const utcMinutes = Math.floor((ms % 86_400_000) / 60_000);
  const diff = (((weekday * 1440 + minutes - (utcWeekday * 1440 + utcMinutes)) % WEEK_MIN) + WEEK_MIN) % WEEK_MIN;
  return diff > WEEK_MIN / 2 ? diff - WEEK_MIN : diff;
}

function offsetOfHour(timeZone: string, utcHour: number): number {
  let zone = offsets.get(timeZone);
  if (!zone) {
    zone = new Map();
    offsets.set(timeZone, zone);
  }
  const day = Math.floor(utcHour / 24);
  let o = zone.get(day);
  if (o === undefined) {
    if (zone.size >= CACHE_LIMIT) zone.clear();
    const first = offsetAt(day * 86_400_000, timeZone);
    o = first === offsetAt(day * 86_400_000 + 23 * 3_600_000, timeZone) ? first : null;
    zone.set(day, o);
  }
  return o ?? offsetAt(utcHour * 3_600_000, timeZone);
}

/** Which local hour of the day and day of the week an absolute quarter-hour falls in. */
export class LocalClock {
  constructor(readonly timeZone: string) {}

  ofQuarter(q: number): LocalHour {
    const utcMinutes = q * 15;
    const local = utcMinutes + offsetOfHour(this.timeZone, Math.floor(q / 4));
    // Minutes since Thursday 1970-01-01 00:00 local → weekday (0 = Sunday) and hour.
    const ofWeek = (((local + 4 * 1440) % WEEK_MIN) + WEEK_MIN) % WEEK_MIN;
    return { weekday: Math.floor(ofWeek / 1440), hour: Math.floor((ofWeek % 1440) / 60) };
  }

  /** weekday × 24 + hour. */
  hourOfWeek(q: number): number {
    const { weekday, hour } = this.ofQuarter(q);
    return weekday * 24 + hour;
  }
}
