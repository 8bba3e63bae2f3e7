/**
 * Personal data holders: every place that keeps records linked to a person registers one small
 * module that knows how to age its records out (and, as they come, find, export and erase one
 * person's). Retention runs every holder; a new kind of personal record (phone numbers for
 * notifications, say) plugs in by registering its holder, and docs/personal-data.md lists it.
 */

import type { PhoneContact, Ticket } from '../protocol';
import type { AppointmentDoc, OutboxDoc } from '../store';

/** What retention drops, computed once per run from the site's settings and the clock. */
export interface RetentionCutoffs {
  /** The business day of the run. */
  today: string;
  /** Visits (tickets) of business days before this lose their identity; backups made before it go. */
  identityBefore: string;
  /** The same boundary as a time, for records stamped with one (audit entries). */
  identityBeforeAt: number;
  /** Appointments dated before this lose their identity. */
  appointmentsBefore: string;
  /** Audit entries older than this are deleted. */
  auditBeforeAt: number;
}

/** How many records of each sort a holder changed or removed (counts only, never identities). */
export type Removed = Record<string, number>;

/** What the holders hold about one person, as stored (the export maps it to its reply). */
export interface PersonalRecords {
  visits: Ticket[];
  appointments: AppointmentDoc[];
  texts: OutboxDoc[];
  /** Phone contacts (calls at the desks, ended callbacks) of the person's number. */
  calls: PhoneContact[];
}

export interface PersonalDataHolder {
  /** Short, stable name: the key of its counts in the retention report. */
  readonly name: string;
  /** Drops what is past its retention; running it twice changes nothing the second time. */
  ageOut(cutoffs: RetentionCutoffs): Promise<Removed>;
  /** Everything it holds about the person with this identity hash (a person's request). */
  find?(hmac: string): Promise<Partial<PersonalRecords>>;
  /**
   * Removes the link between the person and its records (the records stay, anonymous). May refuse
   * (a CallboardError) while a record is still in use; the erasure asks every holder's `find`
   * first, so a refusal comes before anything is changed. `groups`: the person's group pseudonyms
   * (`uplink.groupKey`; empty outside a group), for the holders that keep those instead of the hash.
   */
  erase?(hmac: string, groups: readonly string[]): Promise<Removed>;
}

/**
 * Runs jobs that rewrite the data dir's files one at a time: day close, the retention run and a
 * person's erasure all rewrite archive files, and two rewrites of one file must not interleave.
 */
export function exclusiveQueue(): <T>(fn: () => Promise<T>) => Promise<T> {
  let turn: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = turn.then(fn, fn);
    turn = run.catch(() => undefined);
    return run;
  };
}

export class PersonalDataRegistry {
  private readonly list: PersonalDataHolder[] = [];

  register(holder: PersonalDataHolder): this {
    if (this.list.some((h) => h.name === holder.name)) throw new Error(`personal data holder "${holder.name}" registered twice`);
    this.list.push(holder);
    return this;
  }

  get holders(): readonly PersonalDataHolder[] {
    return this.list;
  }
}
