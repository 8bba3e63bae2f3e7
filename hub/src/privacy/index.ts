/**
 * Personal data: the holders that keep records linked to a person, and the nightly retention run
 * over them (docs/personal-data.md lists every place and form).
 */
import path from 'node:path';
import type { HubConfig } from '../config';
import type { Repositories } from '../store';
import { appointmentHolder } from './appointment-holder';
import { auditHolder } from './audit-holder';
import { backupHolder } from './backup-holder';
import { groupVisitHolder } from './group-visit-holder';
import { PersonalDataRegistry } from './holders';
import { phoneContactHolder } from './phone-contact-holder';
import { type LiveTickets, visitHolder } from './visit-holder';

export * from './anonymise';
export * from './card-presentations';
export { uplinkOutboxHolder } from './group-visit-holder';
export * from './holders';
export * from './person-requests';
export * from './retention';

/**
 * The hub's own holders. A new kind of personal record registers its holder here too. `live` and
 * `book` (the queue's day and the appointment book, which hold records in memory) are needed for
 * a person's erasure; retention alone works without them.
 */
export function siteHolders(
  config: HubConfig,
  repos: Repositories,
  inMemory: { live?: LiveTickets; book?: { forgetIdentity(hmac: string): Promise<number> } } = {},
): PersonalDataRegistry {
  const backupDirs = [config.backup.dir, path.join(config.dataDir, 'backups')];
  if (config.backup.copyTo) backupDirs.push(config.backup.copyTo);
  return (
    new PersonalDataRegistry()
      .register(
        visitHolder({
          dataDir: config.dataDir,
          archive: repos.archive,
          tickets: repos.tickets,
          ...(inMemory.live ? { live: inMemory.live } : {}),
        }),
      )
      .register(appointmentHolder({ appointments: repos.appointments, ...(inMemory.book ? { book: inMemory.book } : {}) }))
      .register(auditHolder({ audit: repos.audit }))
      // Calls at the desks and ended callbacks (docs/phone.md): they lose the caller with the visits.
      .register(phoneContactHolder({ contacts: repos.phoneContacts }))
      .register(backupHolder({ dirs: backupDirs }))
      // Group pseudonyms in closed days (cross-site repeat visits, docs/personal-data.md).
      .register(groupVisitHolder({ dataDir: config.dataDir }))
  );
}
