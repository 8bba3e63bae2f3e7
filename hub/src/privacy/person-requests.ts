/**
 * A person's request, at a supervisor's hands: everything the hub holds about them (export), or
 * the link between them and it removed (erasure). The ID or phone number is turned into its keyed
 * hash at once and dropped; the audit entry and the replies name the person by the masked form
 * only. Erasure asks every holder first and refuses while a record is still in use (a ticket in
 * the queue, an appointment to come), so it changes all or nothing.
 */
import {
  type AppointmentView,
  CallboardError,
  type ErasureReply,
  type PersonalDataExport,
  type PersonalText,
  type PersonalVisit,
  type PersonBody,
  type StoredIdentity,
  type Ticket,
} from '../protocol';
import { protectIdentity } from '../security/identity';
import type { AuditLog } from '../service/audit-log';
import type { Caller } from '../service/caller';
import type { AppointmentDoc, OutboxDoc } from '../store';
import type { CardPresentations } from './card-presentations';
import type { PersonalDataRegistry, PersonalRecords, Removed } from './holders';

const OPEN = new Set(['waiting', 'called', 'serving']);

export interface PersonRequestDeps {
  registry: PersonalDataRegistry;
  secret: string;
  /** The group's key (`uplink.groupKey`): an erasure also names the person's group pseudonym. */
  groupKey?: string;
  siteId: string;
  audit: AuditLog;
  now: () => number;
  /** The appointment book's view of a document (what staff see of it). */
  appointmentView: (doc: AppointmentDoc) => AppointmentView;
  /** Cards presented at an armed reader. */
  cards: CardPresentations;
  /** Takes turns with day close and the retention run, which rewrite the same files. */
  exclusive?: <T>(fn: () => Promise<T>) => Promise<T>;
}

/** A ticket as exported: no hash, no tracking code, no request key. */
export function personalVisit(t: Ticket): PersonalVisit {
  const { identity, trackToken: _t, requestKey: _r, ...rest } = t;
  return identity ? { ...rest, identityMasked: identity.masked } : rest;
}

/** A text as exported: the number masked, no hash, no sealed number, no transport references. */
export function personalText(d: OutboxDoc): PersonalText {
  return {
    purpose: d.purpose,
    ...(d.about ? { about: d.about } : {}),
    to: d.toMasked,
    text: d.text,
    lang: d.lang,
    state: d.state,
    createdAt: d.createdAt,
    ...(d.doneAt !== undefined ? { doneAt: d.doneAt } : {}),
  };
}

/**
 * The person's group pseudonyms (`uplink.groupKey`): the one their number gives now (as at issue)
 * and any their visits carry (a visit issued under an earlier group key), each once.
 */
export function groupPseudonyms(person: StoredIdentity, visits: readonly Ticket[]): string[] {
  const all = new Set<string>();
  if (person.group) all.add(person.group);
  for (const v of visits) if (v.identity?.hmac === person.hmac && v.identity.group) all.add(v.identity.group);
  return [...all].sort();
}

export class PersonRequests {
  constructor(private readonly deps: PersonRequestDeps) {}

  /** The person a request names: a typed number, hashed now, or a card this caller had read. */
  private person(body: PersonBody, caller: Caller): StoredIdentity {
    if ('identity' in body) return protectIdentity(body.identity, this.deps.secret, this.deps.groupKey);
    return this.deps.cards.identity(body.cardRead, caller.actor.id ?? '');
  }

  private async find(hmac: string): Promise<PersonalRecords> {
    const all: PersonalRecords = { visits: [], appointments: [], texts: [], calls: [] };
    for (const holder of this.deps.registry.holders) {
      const found = await holder.find?.(hmac);
      all.visits.push(...(found?.visits ?? []));
      all.appointments.push(...(found?.appointments ?? []));
      all.texts.push(...(found?.texts ?? []));
      all.calls.push(...(found?.calls ?? []));
    }
    return all;
  }

  async export(body: PersonBody, caller: Caller): Promise<PersonalDataExport> {
    const person = this.person(body, caller);
    const found = await this.find(person.hmac);
    await this.deps.audit.record(caller, 'privacy.export', undefined, {
      kind: person.kind,
      masked: person.masked,
      visits: found.visits.length,
      appointments: found.appointments.length,
      texts: found.texts.length,
      calls: found.calls.length,
    });
    return {
      format: 'callboard-personal-data',
      site: this.deps.siteId,
      exportedAt: this.deps.now(),
      person: { kind: person.kind, masked: person.masked },
      visits: found.visits.map(personalVisit),
      appointments: found.appointments.map(this.deps.appointmentView),
      texts: found.texts.map(personalText),
      calls: found.calls.map(({ callerHmac: _h, ...call }) => call),
    };
  }

  async erase(body: PersonBody, caller: Caller): Promise<ErasureReply> {
    const person = this.person(body, caller);
    const found = await this.find(person.hmac);
    const open = found.visits.filter((t) => OPEN.has(t.status)).length;
    const booked = found.appointments.filter((a) => a.status === 'booked').length;
    if (open > 0 || booked > 0)
      throw new CallboardError(
        'PERSON_HAS_OPEN_RECORDS',
        'this person holds a ticket in the queue or a booked appointment: finish or cancel it, then erase',
        { openTickets: open, bookedAppointments: booked },
      );
    const groups = groupPseudonyms(person, found.visits);
    const erased: Record<string, Removed> = {};
    const eraseAll = async () => {
      for (const holder of this.deps.registry.holders)
        if (holder.erase) erased[holder.name] = await holder.erase(person.hmac, groups);
    };
    await (this.deps.exclusive ? this.deps.exclusive(eraseAll) : eraseAll());
    await this.deps.audit.record(caller, 'privacy.erase', undefined, { kind: person.kind, masked: person.masked, erased });
    return { person: { kind: person.kind, masked: person.masked }, erased };
  }
}
