/**
 * Appointment check-in at the kiosk, the pure parts: the reference code typed on the keypad or
 * read from the booking QR (`CBA1:<ref>`), whether the visitor is early, on time or late for the
 * queue policy's appointment window, and the hub's refusals in words.
 */
import { APPOINTMENT_QR_PREFIX, ApiError } from '@callboard/hub/client';
import type { MessageKey } from './messages';

/** The characters of a reference code (docs/appointments.md): no 0/O, 1/I/L, 2/Z, 5/S, 8/B, G. */
export const REF_ALPHABET = 'ACDEFHJKMNPRTUVWXY34679';
export const REF_LENGTH = 8;

/** Upper case, without spaces and dashes (as the hub reads a typed code). */
export function normaliseRef(text: string): string {
  return text.toUpperCase().replace(/[\s-]/g, '');
}

export function isRef(text: string): boolean {
  return text.length === REF_LENGTH && [...text].every((c) => REF_ALPHABET.includes(c));
}

/** A key of the on-screen keypad: added while the code is not full, and only from the alphabet. */
export function pressRefKey(ref: string, key: string): string {
  const k = key.toUpperCase();
  return ref.length < REF_LENGTH && k.length === 1 && REF_ALPHABET.includes(k) ? ref + k : ref;
}

/** `ACDE FHJK`: two groups of four, easier to compare with the booking. */
export function formatRef(ref: string): string {
  return ref.length > 4 ? `${ref.slice(0, 4)} ${ref.slice(4)}` : ref;
}

/** A scanned booking QR → its reference; `null` for anything else (an insurance code, …). */
export function refFromScan(code: string): string | null {
  const text = code.trim();
  if (!text.toUpperCase().startsWith(APPOINTMENT_QR_PREFIX)) return null;
  const ref = normaliseRef(text.slice(APPOINTMENT_QR_PREFIX.length));
  return isRef(ref) ? ref : null;
}

/** The queue policy's appointment window (`queue.appointmentWindow`; demo and default: 30 / 10). */
export interface AppointmentWindow {
  earlyMs: number;
  graceMs: number;
}

export const DEFAULT_WINDOW: AppointmentWindow = { earlyMs: 30 * 60_000, graceMs: 10 * 60_000 };

export type Arrival = 'on-time' | 'early' | 'late';

/**
 * As the hub's policy ranks the ticket: inside `at − early … at + grace` on time (ahead of earlier
 * walk-ins); before it early (a walk-in until the window opens); after it late (a walk-in).
 */
export function arrivalOf(now: number, at: number, window: AppointmentWindow): Arrival {
  if (now > at + window.graceMs) return 'late';
  return now < at - window.earlyMs ? 'early' : 'on-time';
}

/** When the window opens (an early visitor is ranked as an appointment from then on). */
export function windowOpensAt(at: number, window: AppointmentWindow): number {
  return at - window.earlyMs;
}

/** A refused check-in in words. */
export function checkInErrorKey(err: unknown): MessageKey {
  if (!(err instanceof ApiError)) return 'apptErrUnreachable';
  const details = (err.details ?? {}) as { status?: string; date?: string };
  switch (err.code) {
    case 'APPOINTMENT_NOT_FOUND':
    case 'VALIDATION_FAILED':
      return 'apptErrNotFound';
    case 'APPOINTMENT_NOT_ACTIVE':
      if (details.status === 'checked_in') return 'apptErrCheckedIn';
      if (details.status === 'cancelled') return 'apptErrCancelled';
      if (details.status === 'no_show') return 'apptErrNoShow';
      return 'apptErrNotActive';
    case 'CHECK_IN_CLOSED':
      return details.status === 'no_show' ? 'apptErrNoShow' : 'apptErrNotToday';
    case 'SERVICE_CLOSED':
      return 'errServiceClosed';
    case 'NUMBER_RANGE_EXHAUSTED':
      return 'errNumbersExhausted';
    case 'RATE_LIMITED':
      return 'errRateLimited';
  }
  if (err.status === 502 || err.status === 503 || err.status === 504) return 'apptErrUnreachable';
  return 'errTryAgain';
}

/** `HH:MM` minus some minutes, within the day (`10:30`, 30 min → `10:00`). */
export function minusMinutes(time: string, minutes: number): string {
  const [h, m] = time.split(':').map(Number);
  const total = Math.max(0, (h ?? 0) * 60 + (m ?? 0) - Math.round(minutes));
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}
