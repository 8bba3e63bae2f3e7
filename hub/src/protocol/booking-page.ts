/**
 * The visitor's appointment page (docs/notifications.md "The appointment page"): what the link in
 * a reminder text opens, with the appointment's own random token as the only credential. It shows
 * that one appointment (service, time, the phone masked), lets the visitor cancel it, and check in
 * — "I'm here" on the site's network, else the QR code to scan at a kiosk.
 */
import { type Static, Type } from 'typebox';
import { AppointmentStatus, CalendarDate } from './appointments';
import { EpochMs, Localized } from './schemas';

export const BookingToken = Type.Object({
  token: Type.String({ minLength: 16, maxLength: 64, pattern: '^[A-Za-z0-9_-]{16,64}$' }),
});

export const BookingPageView = Type.Object({
  serviceId: Type.String(),
  serviceName: Localized,
  date: CalendarDate,
  /** Local wall-clock start, 'HH:MM'. */
  time: Type.String(),
  start: EpochMs,
  end: EpochMs,
  status: AppointmentStatus,
  phoneMasked: Type.Optional(Type.String()),
  /** The booking QR to scan at a kiosk (only while the appointment is booked). */
  qr: Type.Optional(Type.String()),
  /** Whether "I'm here" works from where this page was opened (the site's network). */
  hereWorks: Type.Boolean(),
  /** After check-in: the ticket and its tracking token (the page moves on to the tracking page). */
  ticket: Type.Optional(Type.Object({ number: Type.String(), trackToken: Type.String() })),
});
export type BookingPageView = Static<typeof BookingPageView>;
