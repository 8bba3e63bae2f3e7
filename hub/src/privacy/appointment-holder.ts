/**
 * Appointments (`appointments.db`): the holder's identity hash, masked number and masked name.
 * Ageing out keeps the appointment (service, slot, channel, status, history: the book's figures)
 * without its holder. The book keeps only the last week in memory and the setting is at least
 * eight days, so the days rewritten here are never the book's live ones.
 */
import type { AppointmentRepository } from '../store';
import { appointmentWithoutIdentity } from './anonymise';
import type { PersonalDataHolder } from './holders';

export function appointmentHolder(deps: { appointments: AppointmentRepository }): PersonalDataHolder {
  return {
    name: 'appointments',
    async ageOut({ appointmentsBefore }) {
      return { appointments: await deps.appointments.rewriteBefore(appointmentsBefore, appointmentWithoutIdentity) };
    },
  };
}
