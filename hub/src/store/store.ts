/**
 * The hub's persistent state: one NeDB datastore (one append-only file) per collection in
 * DATA_DIR. NeDB keeps every collection in memory and appends each change as a JSON line;
 * on load it replays and compacts the file. A write's promise resolves after the append has
 * been fdatasync'ed (durable-datastore.ts), and only then does the hub acknowledge it to a
 * client: neither kill -9 nor a power cut loses an acknowledged write.
 */
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type Datastore from '@seald-io/nedb';
import type {
  Actor,
  AppointmentChannel,
  AppointmentStatus,
  CounterStateName,
  DeviceKind,
  DeviceSettings,
  Lang,
  Localized,
  Role,
  StoredIdentity,
  Ticket,
} from '../protocol';
import { carriedFrom, OPEN_STATUSES } from './archive';
import { InsertBatcher } from './batcher';
import { openDatastore, releaseDatastore } from './durable-datastore';
import type { OutboxDoc, PhoneDoc, SubscriptionDoc } from './notify-docs';
import type { PhoneContactDoc } from './phone-contact-repository';
import { StorageMonitor } from './storage-monitor';

export interface CounterStateDoc {
  _id: string;
  state: CounterStateName;
  staffId?: string;
  currentTicketId?: string;
  pauseReason?: string;
  since: number;
}

export interface StaffDoc {
  _id: string;
  username: string;
  name: string;
  role: Role;
  skills: string[];
  passwordHash: string;
  createdAt: number;
  disabled?: boolean;
}

export interface DeviceDoc {
  _id: string;
  kind: DeviceKind;
  name: string;
  tokenHash: string;
  createdAt: number;
  /** A screen's settings as admins set them (`PATCH /admin/devices/:id`); absent = defaults. */
  settings?: DeviceSettings;
}

export interface SessionDoc {
  _id: string; // SHA-256 of the session token; the token itself is only in the cookie
  staffId: string;
  createdAt: number;
  expiresAt: number;
  ip?: string;
}

export interface AuditDoc {
  _id?: string;
  at: number;
  actor: Actor;
  action: string;
  target?: string;
  ip?: string;
  details?: Record<string, unknown>;
}

export type TicketDoc = Ticket & { _id: string };

/** One appointment of the book (hub/src/appointments). The identity only as HMAC + masked form. */
export interface AppointmentDoc {
  _id: string;
  ref: string;
  serviceId: string;
  slotId: string;
  date: string;
  time: string;
  start: number;
  end: number;
  resource?: string;
  status: AppointmentStatus;
  channel: AppointmentChannel;
  identity: StoredIdentity;
  nameMasked?: string;
  lang?: Lang;
  createdAt: number;
  by: Actor;
  checkedInAt?: number;
  ticketId?: string;
  ticketNumber?: string;
  history: { at: number; action: string; by: Actor; reason?: string; fromSlotId?: string }[];
  /** The visitor's appointment page credential (random; in the reminder's link, never in a view or event). */
  visitToken?: string;
  /** The keyed hash of the phone given for reminders; stays after the sealed number is erased. */
  phoneHmac?: string;
  /** Reminders already queued (`day-before@<start>`, `soon@<start>`), so none goes twice. */
  reminded?: string[];
}

/** A service, counter or clerk suspended for a period (no slots; affected appointments moved or cancelled). */
export interface SuspensionDoc {
  _id: string;
  serviceId: string;
  resource?: string;
  from: number;
  to: number;
  rule: 'cancel' | 'move';
  reason?: string;
  at: number;
  by: Actor;
}

/** A change to one service's closing time on one business day (`_id` = `<day>/<serviceId>`). */
export interface ClosingDoc {
  _id: string;
  serviceId: string;
  day: string;
  kind: 'extend' | 'close-early';
  at: number;
  until: number;
  openFrom?: number;
  by?: string;
}

/**
 * A supervisor's notice on the boards (issue 7), kept until removed or until `expiresAt`; at
 * start-up the unexpired ones go back on the boards and the expired ones are deleted.
 */
export interface NoticeDoc {
  _id: string;
  text: Localized;
  at: number;
  expiresAt?: number;
  by?: string;
}

/** Compaction rewrites each file without superseded lines; NeDB's minimum interval is 5 s. */
const AUTOCOMPACT_MS = 10 * 60 * 1000;

export class Store {
  readonly tickets: Datastore<TicketDoc>;
  readonly counters: Datastore<CounterStateDoc>;
  readonly staff: Datastore<StaffDoc>;
  readonly devices: Datastore<DeviceDoc>;
  readonly sessions: Datastore<SessionDoc>;
  readonly audit: Datastore<AuditDoc>;
  readonly appointments: Datastore<AppointmentDoc>;
  readonly suspensions: Datastore<SuspensionDoc>;
  readonly notices: Datastore<NoticeDoc>;
  /** Notifications (hub/src/notify): sealed phones, the outbox of texts, "tell me when" subscriptions. */
  readonly phones: Datastore<PhoneDoc>;
  readonly outbox: Datastore<OutboxDoc>;
  readonly subscriptions: Datastore<SubscriptionDoc>;
  /** Supervisors' changes to today's closing time (extend, close early), one per service and day. */
  readonly closings: Datastore<ClosingDoc>;
  /** Calls at the desks and ended callbacks (hub/src/phone, docs/phone.md). */
  readonly phoneContacts: Datastore<PhoneContactDoc>;
  private readonly ticketInserts: InsertBatcher<TicketDoc>;
  private readonly auditInserts: InsertBatcher<AuditDoc>;
  private readonly auditListeners = new Set<(doc: AuditDoc & { _id: string }) => void>();
  private readonly all: Datastore<any>[];
  /** Free space and write failures of the data dir (for /health and the floor alerts). */
  readonly storage: StorageMonitor;

  private constructor(
    readonly dataDir: string,
    opts: StoreOptions,
  ) {
    this.storage = new StorageMonitor(dataDir, opts.lowSpaceBytes);
    if (opts.log) this.storage.log = opts.log;
    const open = <T extends Record<string, any>>(name: string) =>
      openDatastore<T>(path.join(dataDir, `${name}.db`), this.storage, { keepOpen: true });
    this.tickets = open<TicketDoc>('tickets');
    this.counters = open<CounterStateDoc>('counters');
    this.staff = open<StaffDoc>('staff');
    this.devices = open<DeviceDoc>('devices');
    this.sessions = open<SessionDoc>('sessions');
    this.audit = open<AuditDoc>('audit');
    this.appointments = open<AppointmentDoc>('appointments');
    this.suspensions = open<SuspensionDoc>('suspensions');
    this.notices = open<NoticeDoc>('notices');
    this.phones = open<PhoneDoc>('phones');
    this.outbox = open<OutboxDoc>('outbox');
    this.subscriptions = open<SubscriptionDoc>('notify-subscriptions');
    this.closings = open<ClosingDoc>('closings');
    this.phoneContacts = open<PhoneContactDoc>('phone-contacts');
    this.all = [
      this.tickets,
      this.counters,
      this.staff,
      this.devices,
      this.sessions,
      this.audit,
      this.appointments,
      this.suspensions,
      this.notices,
      this.phones,
      this.outbox,
      this.subscriptions,
      this.closings,
      this.phoneContacts,
    ];
    this.ticketInserts = new InsertBatcher((docs) => insertOrForget(this.tickets, docs));
    this.auditInserts = new InsertBatcher((docs) => insertOrForget(this.audit, docs));
  }

  static async open(dataDir: string, opts: StoreOptions = {}): Promise<Store> {
    await mkdir(dataDir, { recursive: true });
    const store = new Store(dataDir, opts);
    await Promise.all(store.all.map((ds) => ds.loadDatabaseAsync()));
    await store.tickets.ensureIndexAsync({ fieldName: 'businessDate' });
    // Tracking is served from the queue's in-memory map; an index on trackToken was kept up at every
    // insert for no query (≈ 1 AVL insert in 5 per issued ticket). Data dirs from before drop it once.
    // (`indexes` is NeDB's own map of the live indexes, not in its typings.)
    if ('trackToken' in (store.tickets as unknown as { indexes: Record<string, unknown> }).indexes)
      await store.tickets.removeIndexAsync('trackToken');
    await store.staff.ensureIndexAsync({ fieldName: 'username', unique: true });
    await store.audit.ensureIndexAsync({ fieldName: 'at' });
    await store.sessions.ensureIndexAsync({ fieldName: 'expiresAt' });
    await store.appointments.ensureIndexAsync({ fieldName: 'ref', unique: true });
    await store.appointments.ensureIndexAsync({ fieldName: 'date' });
    await store.phoneContacts.ensureIndexAsync({ fieldName: 'businessDate' });
    await store.phoneContacts.ensureIndexAsync({ fieldName: 'callerHmac', sparse: true });
    for (const ds of store.all) ds.setAutocompactionInterval(AUTOCOMPACT_MS);
    store.storage.start();
    return store;
  }

  /** Persists a new ticket; resolves once it is appended to tickets.db. */
  insertTicket(ticket: Ticket): Promise<void> {
    return this.ticketInserts.add({ ...ticket, _id: ticket.id });
  }

  /** Replaces a ticket's document after a transition. */
  async saveTicket(ticket: Ticket): Promise<void> {
    // A replacement document: NeDB copies it and keeps the matched document's `_id`.
    await this.tickets.updateAsync({ _id: ticket.id }, ticket as TicketDoc, {});
  }

  /**
   * Today's tickets at start-up. Read from NeDB's in-memory documents rather than through
   * `findAsync`, which deep-copies every match: at 20,000 tickets that copy was a second full
   * set of ticket objects (≈ 40 MB of heap at peak, and kept, since the queue holds them).
   * Sharing is safe because nobody mutates a ticket in place: the queue core returns new
   * tickets, and NeDB's updates replace a document with a modified copy.
   */
  async ticketsOfDay(businessDate: string): Promise<Ticket[]> {
    return this.tickets
      .getAllData()
      .filter((d) => d.businessDate === businessDate)
      .map(stripId);
  }

  /**
   * The tickets carried into `businessDate`: those of the business day before it still open
   * (waiting, called or in service). The day roll carries them into the new day with their
   * numbers, and day close leaves their day in place until they close (`carriedFrom`).
   */
  async carriedInto(businessDate: string): Promise<Ticket[]> {
    const from = carriedFrom(businessDate);
    return this.tickets
      .getAllData()
      .filter((d) => d.businessDate === from && OPEN_STATUSES.has(d.status))
      .map(stripId);
  }

  appendAudit(record: AuditDoc): Promise<void> {
    // Our own id: NeDB would otherwise draw one with a synchronous crypto.randomBytes per
    // record and look it up in the _id index (≈ 5% of the hub's CPU at peak issue rates);
    // randomUUID draws from a pooled buffer.
    const doc = { _id: randomUUID(), ...record };
    const written = this.auditInserts.add(doc);
    // Told once the record is stored (the head-office uplink queues it then).
    if (this.auditListeners.size > 0)
      void written.then(
        () => {
          for (const listener of this.auditListeners) listener(doc);
        },
        () => undefined,
      );
    return written;
  }

  /** Calls `listener` with every audit record once it is stored; returns the unsubscribe function. */
  onAudit(listener: (doc: AuditDoc & { _id: string }) => void): () => void {
    this.auditListeners.add(listener);
    return () => this.auditListeners.delete(listener);
  }

  async close(): Promise<void> {
    await this.ticketInserts.drain();
    await this.auditInserts.drain();
    for (const ds of this.all) {
      ds.stopAutocompaction();
      await releaseDatastore(ds);
    }
    this.storage.stop();
  }
}

export interface StoreOptions {
  /** Where repairs at load and storage trouble are reported (the hub's logger). */
  log?: StorageMonitor['log'];
  /** Free space below which supervisors are warned. */
  lowSpaceBytes?: number;
}

/**
 * NeDB puts documents in its memory before appending them; if the append fails they would
 * stay there, and the next compaction would write tickets nobody was given. They are taken
 * out again (the removal's own append may fail too: the memory is what matters here).
 */
async function insertOrForget<T extends { _id?: string }>(ds: Datastore<T>, docs: T[]): Promise<void> {
  try {
    await ds.insertAsync(docs);
  } catch (err) {
    const ids = docs.map((d) => d._id).filter((id): id is string => id !== undefined);
    await ds.removeAsync({ _id: { $in: ids } } as never, { multi: true }).catch(() => undefined);
    throw err;
  }
}

function stripId(doc: TicketDoc): Ticket {
  const { _id, ...ticket } = doc;
  return ticket as Ticket;
}

/**
 * The last sequence number issued per service on a day, derived from persisted tickets only.
 * A ticket is acknowledged only once its append has been fdatasync'ed, and appends of one
 * file are in order, so after any crash (SIGKILL, power cut) the highest persisted number is
 * at least every number ever acknowledged: numbering continues beyond all of them. A number
 * whose write never became durable may be given again — it was never handed to anyone.
 * Transfer continuations carry the original's number and are skipped.
 */
export function lastSeqByService(tickets: Iterable<Ticket>): Map<string, number> {
  const last = new Map<string, number>();
  for (const t of tickets) {
    if (t.transferredFrom !== undefined) continue;
    const prev = last.get(t.serviceId);
    if (prev === undefined || t.seq > prev) last.set(t.serviceId, t.seq);
  }
  return last;
}
