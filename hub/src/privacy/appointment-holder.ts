/**
 * Appointments (`appointments.db`): the holder's identity hash, masked number and masked name.
 * Ageing out keeps the appointment (service, slot, channel, status, history: the book's figures)
 * without its holder. The book keeps only the last week in memory and the setting is at least
 * eight days, so the days rewritten here are never the book's live ones.
 */
import type { AppointmentRepository } from '../store';
import { appointmentWithoutIdentity } from './anonymise';
import type { PersonalDataHolder } from './holders';

export function appointmentHolder(deps: {
  appointments: AppointmentRepository;
  /** The book, which holds the recent and coming appointments in memory too. */
  book?: { forgetIdentity(hmac: string): Promise<number> };
}): PersonalDataHolder {
  return {
    name: 'appointments',
    async ageOut({ appointmentsBefore }) {
      return { appointments: await deps.appointments.rewriteBefore(appointmentsBefore, appointmentWithoutIdentity) };
    },
    async find(hmac) {
      return { appointments: (await deps.appointments.ofIdentity(hmac)).sort((a, b) => a.start - b.start) };
    },
    async erase(hmac) {
      return { appointments: (await deps.book?.forgetIdentity(hmac)) ?? 0 };
    },
  };
}
