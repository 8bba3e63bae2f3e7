/**
 * What the routes and reports read, one repository a concern. They are the only way above the
 * store to reach its data: no route or analytics module holds a datastore (the dependency rules
 * in .dependency-cruiser.cjs keep it so).
 */
import { ArchiveReader } from './archive-reader';
import { AuditRepository } from './audit-repository';
import { StaffRepository } from './staff-repository';
import type { Store } from './store';
import { TicketRepository } from './ticket-repository';

export interface Repositories {
  tickets: TicketRepository;
  staff: StaffRepository;
  audit: AuditRepository;
  archive: ArchiveReader;
}

export function repositoriesOf(store: Store): Repositories {
  return {
    tickets: new TicketRepository(store),
    staff: new StaffRepository(store),
    audit: new AuditRepository(store),
    archive: new ArchiveReader(store.dataDir),
  };
}
