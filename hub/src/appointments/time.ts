/** Site-local calendar arithmetic for the appointment book. Pure: the zone is an argument. */
import { businessDate, localMinutesAndWeekday } from '../queue/numbering';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().slice(0, 10) === s;
}

export function isHm(s: string): boolean {
  return HM.test(s);
}

/** Minutes since midnight of 'HH:MM'. */
export function hmToMin(hm: string): number {
  const m = HM.exec(hm);
  if (!m) throw new Error(`not a time: ${hm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export function minToHm(min: number): string {
  return `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
}

/** Weekday (0 = Sunday) of a calendar date. */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function addDays(date: string, days: number): string {
  const m = DATE.exec(date);
  if (!m) throw new Error(`not a date: ${date}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days)).toISOString().slice(0, 10);
}

/** The instant at which the wall clock in `timeZone` shows `date` `minutes` past midnight. */
export function localToEpoch(date: string, minutes: number, timeZone: string): number {
  const m = DATE.exec(date);
  if (!m) throw new Error(`not a date: ${date}`);
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) + minutes * 60_000;
  const wallAt = (at: number) => {
    const d = businessDate(at, timeZone);
    return Date.parse(`${d}T00:00:00Z`) + localMinutesAndWeekday(at, timeZone).minutes * 60_000;
  };
  // Two rounds settle on the offset in force at the target instant (also across a DST change).
  let guess = wall - (wallAt(wall) - wall);
  guess = wall - (wallAt(guess) - guess);
  return guess;
}
