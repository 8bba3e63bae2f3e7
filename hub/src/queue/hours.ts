/** Opening hours of a service, evaluated in the site's time zone. */
import type { ServiceHours } from '../protocol';
import { localMinutesAndWeekday } from '../time';

/** "HH:MM" → minutes since midnight; "24:00" → 1440 so a close of 24:00 includes 23:59. */
function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/**
 * Undefined or empty hours mean "always open" (a service without configured hours must not
 * silently refuse every ticket). Intervals are half-open [open, close) on one local day; a span
 * past midnight is written as two entries (…–24:00 on one day, 00:00–… on the next).
 */
export function isWithinHours(hours: readonly ServiceHours[] | undefined, at: number, timeZone: string): boolean {
  if (hours === undefined || hours.length === 0) return true;
  const { minutes, weekday } = localMinutesAndWeekday(at, timeZone);
  return hours.some((h) => h.days.includes(weekday) && toMinutes(h.open) <= minutes && minutes < toMinutes(h.close));
}
