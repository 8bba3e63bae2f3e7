/**
 * Booking rules (pure): capacity, one identity's conflicts, the no-show sweep, reference codes.
 */
import { randomInt } from 'node:crypto';
import type { AppointmentStatus } from '../protocol';
import type { AppointmentWindow } from '../queue/policy';

export interface Booking {
  id: string;
  serviceId: string;
  date: string;
  start: number;
  end: number;
  status: AppointmentStatus;
  identityHmac: string;
}

export interface IdentityRules {
  /** One identity, one active appointment per service and day. */
  onePerServicePerDay: boolean;
  /** One identity cannot hold two active appointments whose times overlap. */
  noOverlap: boolean;
}

export const isActive = (b: Pick<Booking, 'status'>): boolean => b.status === 'booked' || b.status === 'checked_in';

/** Active bookings per slot. */
export function remaining(capacity: number, activeInSlot: number): number {
  return Math.max(0, capacity - activeInSlot);
}

export type Conflict = { rule: 'same-service-day' | 'overlap'; with: Booking };

/** The first rule a new booking of `candidate` would break against the identity's `existing` bookings. */
export function conflictFor(
  existing: readonly Booking[],
  candidate: Omit<Booking, 'id' | 'status'> & { excludeId?: string },
  rules: IdentityRules,
): Conflict | undefined {
  for (const b of existing) {
    if (!isActive(b) || b.identityHmac !== candidate.identityHmac || b.id === candidate.excludeId) continue;
    if (rules.onePerServicePerDay && b.serviceId === candidate.serviceId && b.date === candidate.date)
      return { rule: 'same-service-day', with: b };
    if (rules.noOverlap && b.start < candidate.end && b.end > candidate.start) return { rule: 'overlap', with: b };
  }
  return undefined;
}

/**
 * When an appointment not checked in becomes a no-show: the end of its policy window
 * (slot start + grace) plus the time a late check-in is still accepted.
 */
export function noShowDeadline(start: number, window: AppointmentWindow, lateMs: number): number {
  return start + window.graceMs + lateMs;
}

/** The booked (not checked-in) appointments whose deadline has passed at `now`. */
export function dueNoShows<B extends Pick<Booking, 'status' | 'start' | 'serviceId'>>(
  bookings: Iterable<B>,
  now: number,
  windowFor: (serviceId: string) => AppointmentWindow,
  lateMs: number,
): B[] {
  const due: B[] = [];
  for (const b of bookings)
    if (b.status === 'booked' && now > noShowDeadline(b.start, windowFor(b.serviceId), lateMs)) due.push(b);
  return due;
}

/** Characters of reference codes: no 0/O/Q, 1/I/L, 2/Z, 5/S, 8/B, G, and upper case only. */
export const REF_ALPHABET = 'ACDEFHJKMNPRTUVWXY34679';
export const REF_LENGTH = 8;

export function newRef(draw: (max: number) => number = randomInt): string {
  let s = '';
  for (let i = 0; i < REF_LENGTH; i++) s += REF_ALPHABET[draw(REF_ALPHABET.length)];
  return s;
}

/** A reference as typed or scanned: case, spaces and dashes do not matter. */
export function normaliseRef(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

export function isRef(s: string): boolean {
  return s.length === REF_LENGTH && [...s].every((c) => REF_ALPHABET.includes(c));
}

/** Masked display name: the one mask of Callboard (protocol/rooms.ts), `张*三`. */
export { maskName } from '../protocol';
