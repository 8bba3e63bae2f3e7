/**
 * Appointment reminders (docs/notifications.md "Appointment reminders"): a booking made with a
 * phone number gets a text the day before (at the site's `dayBeforeAt`, site time) and one
 * `minutesBefore` the slot, each with the link to the visitor's appointment page.
 *
 * Each reminder goes at most once: before a text is queued, the appointment book records it
 * (`reminded` on the appointment, written to appointments.db), so neither a second check nor a
 * restart sends it again. A crash between that record and the outbox's write loses the reminder
 * rather than sending it twice. A reminder whose moment passed while the hub was down still goes
 * while it makes sense (the day-before one until the short one is due; the short one until the
 * slot starts); a booking made after a reminder's moment does not get it.
 */
import type { Lang } from '../protocol';
import { addDays, localToEpoch } from '../time';
import type { Outbox } from './outbox';
import type { PhoneBook } from './phone-book';

const MINUTE_MS = 60_000;

export type ReminderKind = 'day-before' | 'soon';

/** What a reminder needs from an appointment. */
export interface ReminderAppointment {
  _id: string;
  serviceId: string;
  date: string;
  time: string;
  start: number;
  createdAt: number;
  lang?: Lang;
  visitToken?: string;
  reminded?: string[];
}

/** The appointment book, as the reminders see it (hub/src/appointments/service.ts). */
export interface ReminderBook {
  withPhones(after: number): ReminderAppointment[];
  noteReminder(id: string, key: string): Promise<boolean>;
}

export interface ReminderSettings {
  /** Site time 'HH:MM' on the day before the appointment. */
  dayBeforeAt: string;
  minutesBefore: number;
  timezone: string;
}

export const appointmentRef = (appointmentId: string) => `appointment:${appointmentId}`;
export const reminderKey = (kind: ReminderKind, start: number) => `${kind}@${start}`;

/** The reminders of `a` due at `now` and not yet sent (pure). */
export function dueReminders(a: ReminderAppointment, now: number, s: ReminderSettings): ReminderKind[] {
  const soonAt = a.start - s.minutesBefore * MINUTE_MS;
  const [h, m] = s.dayBeforeAt.split(':').map(Number);
  const dayBeforeAt = localToEpoch(addDays(a.date, -1), (h ?? 0) * 60 + (m ?? 0), s.timezone);
  const sent = new Set(a.reminded ?? []);
  const due: ReminderKind[] = [];
  if (now >= dayBeforeAt && now < soonAt && a.createdAt < dayBeforeAt && !sent.has(reminderKey('day-before', a.start)))
    due.push('day-before');
  if (now >= soonAt && now < a.start && a.createdAt < soonAt && !sent.has(reminderKey('soon', a.start))) due.push('soon');
  return due;
}

export interface RemindersOptions {
  book: ReminderBook;
  outbox: Pick<Outbox, 'send'>;
  phones: Pick<PhoneBook, 'has'>;
  settings: ReminderSettings;
  now: () => number;
  /** The visitor's appointment page for a token (the text's link). */
  link: (token: string) => string;
  serviceName: (serviceId: string, lang: Lang) => string;
  log: { warn(obj: object, msg: string): void };
}

export class Reminders {
  constructor(private readonly o: RemindersOptions) {}

  /** Queues every reminder due now; returns how many. */
  async check(): Promise<number> {
    const now = this.o.now();
    let queued = 0;
    for (const a of this.o.book.withPhones(now)) {
      const ref = appointmentRef(a._id);
      if (!this.o.phones.has(ref)) continue;
      for (const kind of dueReminders(a, now, this.o.settings)) {
        if (!(await this.o.book.noteReminder(a._id, reminderKey(kind, a.start)))) continue;
        const lang = a.lang ?? 'zh';
        try {
          this.o.outbox.send({
            to: { ref },
            purpose: kind === 'day-before' ? 'reminder-day-before' : 'reminder-soon',
            template: kind === 'day-before' ? 'reminderDayBefore' : 'reminderSoon',
            lang,
            vars: {
              time: a.time,
              service: this.o.serviceName(a.serviceId, lang),
              link: a.visitToken ? this.o.link(a.visitToken) : '',
            },
            about: ref,
            expiresAt: a.start,
          });
          queued++;
        } catch (err) {
          this.o.log.warn({ err, appointment: a._id, kind }, 'reminder not queued');
        }
      }
    }
    return queued;
  }
}
