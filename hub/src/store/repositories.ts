/**
 * The store's data as the layers above use it, one repository a concern. Routes and reports reach
 * the store only through these (the dependency rules in .dependency-cruiser.cjs keep it so).
 */
import { AppointmentRepository } from './appointment-repository';
import { ArchiveReader } from './archive-reader';
import { AuditRepository } from './audit-repository';
import { DeviceRepository } from './device-repository';
import { NoticeRepository } from './notice-repository';
import { NotifyRepository } from './notify-repository';
import { PhoneContactRepository } from './phone-contact-repository';
import { SessionRepository } from './session-repository';
import { StaffRepository } from './staff-repository';
import type { Store } from './store';
import { TicketRepository } from './ticket-repository';

export interface Repositories {
  tickets: TicketRepository;
  staff: StaffRepository;
  audit: AuditRepository;
  archive: ArchiveReader;
  notices: NoticeRepository;
  notify: NotifyRepository;
  appointments: AppointmentRepository;
  devices: DeviceRepository;
  sessions: SessionRepository;
  phoneContacts: PhoneContactRepository;
}

export function repositoriesOf(store: Store): Repositories {
  return {
    tickets: new TicketRepository(store),
    staff: new StaffRepository(store),
    audit: new AuditRepository(store),
    archive: new ArchiveReader(store.dataDir),
    notices: new NoticeRepository(store),
    notify: new NotifyRepository(store),
    appointments: new AppointmentRepository(store),
    devices: new DeviceRepository(store),
    sessions: new SessionRepository(store),
    phoneContacts: new PhoneContactRepository(store),
  };
}
