/**
 * A person's erasure, for the appointment book: every appointment of the identity, in memory and
 * in appointments.db (compacted after), keeps its place in the book's figures without its holder.
 * Refused while the person has an appointment still to come: it is theirs to keep or cancel first
 * (its check-in by ID card matches them by the hash).
 */
import { appointmentWithoutIdentity } from '../privacy/anonymise';
import { CallboardError } from '../protocol';
import type { AppointmentRepository } from '../store';
import type { AppointmentRecords } from './records';

export async function forgetAppointmentsOf(
  records: AppointmentRecords,
  repository: AppointmentRepository,
  hmac: string,
): Promise<number> {
  const docs = await repository.ofIdentity(hmac);
  if (docs.some((d) => d.status === 'booked'))
    throw new CallboardError('PERSON_HAS_OPEN_RECORDS', 'this person has a booked appointment: cancel it or erase after it');
  let changed = 0;
  for (const doc of docs) {
    const after = appointmentWithoutIdentity(doc);
    if (!after) continue;
    const live = records.docs.get(doc._id);
    if (live) await records.replace(live, after);
    else await repository.replace(after);
    changed++;
  }
  records.byIdentity.delete(hmac);
  if (changed > 0) await repository.compact();
  return changed;
}
