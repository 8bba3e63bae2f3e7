/**
 * A person's request (docs/personal-data.md): a supervisor presents the person's ID number or
 * phone number and gets everything the hub holds about them, or erases the link between them and
 * it. The number is turned into its keyed hash at once and never kept; replies name the person
 * only by the masked form.
 */
import { type Static, Type } from 'typebox';
import { AppointmentView } from './appointments';
import { EpochMs, IdentityInput, IdentityKind, Ticket } from './schemas';

export const PersonBody = Type.Object({ identity: IdentityInput }, { additionalProperties: false });
export type PersonBody = Static<typeof PersonBody>;

export const PersonRef = Type.Object({ kind: IdentityKind, masked: Type.String() });

/** One visit as exported: the ticket without its hash, tracking code and request key. */
export const PersonalVisit = Type.Evaluate(
  Type.Intersect([
    Type.Omit(Ticket, ['identity', 'trackToken', 'requestKey']),
    Type.Object({ identityMasked: Type.Optional(Type.String()) }),
  ]),
);
export type PersonalVisit = Static<typeof PersonalVisit>;

export const PersonalDataExport = Type.Object({
  format: Type.Literal('callboard-personal-data'),
  site: Type.String(),
  exportedAt: EpochMs,
  person: PersonRef,
  /** Tickets of today, of days still in the hot store and of archived days, oldest first (ratings included). */
  visits: Type.Array(PersonalVisit),
  appointments: Type.Array(AppointmentView),
});
export type PersonalDataExport = Static<typeof PersonalDataExport>;

export const ErasureReply = Type.Object({
  person: PersonRef,
  /** How many records each holder unlinked, by kind of record. */
  erased: Type.Record(Type.String(), Type.Record(Type.String(), Type.Integer())),
});
export type ErasureReply = Static<typeof ErasureReply>;
