/**
 * Slot generation (pure): a day's slots of one service from the weekly templates, minus holidays,
 * exceptions and suspensions, plus manual extra slots. Time is always an argument; no clock.
 */
import type { AppointmentsConfig } from '../config/schema';
import { addDays, isDate, localToEpoch, weekdayOf } from '../time';
import { hmToMin, minToHm } from './time';

export interface Slot {
  id: string;
  serviceId: string;
  date: string;
  /** Local start 'HH:MM'. */
  time: string;
  start: number;
  end: number;
  /** `counter:<id>` or `staff:<username>`; absent for slots of the whole service. */
  resource?: string;
  capacity: number;
  extra?: boolean;
}

/** A period during which a service (or one of its counters / clerks) takes no appointments. */
export interface Closure {
  serviceId: string;
  resource?: string;
  from: number;
  to: number;
}

export type SlotBook = Pick<AppointmentsConfig, 'schedules' | 'holidays' | 'exceptions' | 'extraSlots'>;

export function resourceOf(x: { counterId?: string | undefined; staff?: string | undefined }): string | undefined {
  if (x.counterId !== undefined) return `counter:${x.counterId}`;
  if (x.staff !== undefined) return `staff:${x.staff}`;
  return undefined;
}

export function slotId(serviceId: string, date: string, time: string, resource?: string): string {
  return `${serviceId}@${date}T${time}${resource ? `~${resource}` : ''}`;
}

const SLOT_ID = /^([A-Za-z0-9_-]{1,64})@(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?:~((?:counter|staff):[A-Za-z0-9_.-]{1,64}))?$/;

export function parseSlotId(id: string): { serviceId: string; date: string; time: string; resource?: string } | undefined {
  const m = SLOT_ID.exec(id);
  if (!m || !isDate(m[2] as string)) return undefined;
  return { serviceId: m[1] as string, date: m[2] as string, time: m[3] as string, ...(m[4] ? { resource: m[4] } : {}) };
}

type Exception = NonNullable<SlotBook['exceptions']>[number];

function exceptionHits(
  e: Exception,
  serviceId: string,
  resource: string | undefined,
  date: string,
  fromMin: number,
  toMin: number,
) {
  if (date < e.date || date > (e.toDate ?? e.date)) return false;
  if (e.serviceId !== undefined && e.serviceId !== serviceId) return false;
  const res = resourceOf(e);
  if (res !== undefined && res !== resource) return false;
  const a = e.from !== undefined ? hmToMin(e.from) : 0;
  const b = e.to !== undefined ? hmToMin(e.to) : 24 * 60;
  return fromMin < b && toMin > a;
}

/**
 * The slots of `serviceId` on `date` (site calendar), sorted by start then resource.
 * Holidays and exceptions remove template slots; extra slots are manual decisions and are kept
 * (an extra slot at the id of a template slot adds to its capacity). Closures remove any slot
 * they overlap.
 */
export function generateSlots(
  book: SlotBook,
  serviceId: string,
  date: string,
  timeZone: string,
  closures: readonly Closure[] = [],
): Slot[] {
  const byId = new Map<string, Slot>();
  const holiday = (book.holidays ?? []).includes(date);
  const weekday = weekdayOf(date);
  if (!holiday) {
    for (const s of book.schedules ?? []) {
      if (s.serviceId !== serviceId) continue;
      if (s.validFrom !== undefined && date < s.validFrom) continue;
      if (s.validTo !== undefined && date > s.validTo) continue;
      const resource = resourceOf(s);
      for (const w of s.weekly) {
        if (!w.days.includes(weekday)) continue;
        const end = hmToMin(w.to);
        for (let m = hmToMin(w.from); m + w.slotMin <= end; m += w.slotMin) {
          if ((book.exceptions ?? []).some((e) => exceptionHits(e, serviceId, resource, date, m, m + w.slotMin))) continue;
          const time = minToHm(m);
          const id = slotId(serviceId, date, time, resource);
          const prev = byId.get(id);
          if (prev) {
            prev.capacity += w.capacity;
            continue;
          }
          byId.set(id, {
            id,
            serviceId,
            date,
            time,
            start: localToEpoch(date, m, timeZone),
            end: localToEpoch(date, m + w.slotMin, timeZone),
            ...(resource ? { resource } : {}),
            capacity: w.capacity,
          });
        }
      }
    }
  }
  for (const x of book.extraSlots ?? []) {
    if (x.serviceId !== serviceId || x.date !== date) continue;
    const resource = resourceOf(x);
    const id = slotId(serviceId, date, x.time, resource);
    const prev = byId.get(id);
    if (prev) {
      prev.capacity += x.capacity;
      continue;
    }
    const m = hmToMin(x.time);
    byId.set(id, {
      id,
      serviceId,
      date,
      time: x.time,
      start: localToEpoch(date, m, timeZone),
      end: localToEpoch(date, m + x.durationMin, timeZone),
      ...(resource ? { resource } : {}),
      capacity: x.capacity,
      extra: true,
    });
  }
  return [...byId.values()]
    .filter((slot) => !closures.some((c) => closes(c, slot)))
    .sort((a, b) => a.start - b.start || (a.resource ?? '').localeCompare(b.resource ?? ''));
}

/** Whether a closure (suspension) removes a slot: same service, same resource if it names one, overlapping. */
export function closes(c: Closure, slot: Pick<Slot, 'serviceId' | 'resource' | 'start' | 'end'>): boolean {
  if (c.serviceId !== slot.serviceId) return false;
  if (c.resource !== undefined && c.resource !== slot.resource) return false;
  return slot.start < c.to && slot.end > c.from;
}

/** Slots of the `days` calendar days from `date` on (inclusive), in time order. */
export function slotsAhead(
  book: SlotBook,
  serviceId: string,
  date: string,
  days: number,
  timeZone: string,
  closures: readonly Closure[] = [],
): Slot[] {
  const out: Slot[] = [];
  for (let i = 0; i <= days; i++) out.push(...generateSlots(book, serviceId, addDays(date, i), timeZone, closures));
  return out;
}
