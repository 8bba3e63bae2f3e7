/**
 * The phone a visitor gives when booking (docs/personal-data.md): kept sealed in the phone book as
 * `appointment:<id>` until `keepAfterMs` after the appointment's end, erased at once when the
 * appointment is over sooner (checked in, cancelled, missed) with any reminder still queued, and
 * its erasure moved when the appointment moves. What stays is the HMAC on the appointment.
 */
import type { HubEvents } from '../events';
import type { Outbox } from './outbox';
import type { PhoneBook } from './phone-book';
import { appointmentRef } from './reminders';

export function appointmentPhones(phones: PhoneBook, now: () => number, keepAfterMs: number) {
  return {
    keep(appointmentId: string, phone: string, end: number) {
      const kept = phones.keep(appointmentRef(appointmentId), phone, end + keepAfterMs, now());
      return { hmac: kept.hmac, written: kept.written };
    },
    masked: (appointmentId: string) => phones.get(appointmentRef(appointmentId))?.masked,
  };
}

const OVER = new Set(['appointment.checked_in', 'appointment.cancelled', 'appointment.no_show']);
const MOVED = new Set(['appointment.rescheduled', 'appointment.moved']);

/** Follows the book's changes; returns the unsubscribe. */
export function followAppointments(
  events: HubEvents,
  deps: {
    phones: PhoneBook;
    outbox: Pick<Outbox, 'withdraw'>;
    keepAfterMs: number;
    log: { warn(obj: object, msg: string): void };
  },
): () => void {
  return events.on('appointment.changed', (e) => {
    const ref = appointmentRef(e.appointment.id);
    if (!deps.phones.has(ref)) return;
    const work = OVER.has(e.type)
      ? (async () => {
          await deps.outbox.withdraw((d) => d.about === ref, 'the appointment is over');
          await deps.phones.erase([ref]);
        })()
      : MOVED.has(e.type)
        ? deps.phones.eraseAtAgain(ref, e.appointment.end + deps.keepAfterMs)
        : Promise.resolve();
    void Promise.resolve(work).catch((err) => deps.log.warn({ err, ref }, 'appointment phone not updated'));
  });
}
