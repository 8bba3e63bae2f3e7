/**
 * A person's request (docs/personal-data.md): a supervisor presents the person's ID number or
 * phone number and gets everything the hub holds about them, or erases the link between them and
 * it. The number is turned into its keyed hash at once and never kept; replies name the person
 * only by the masked form.
 */
import { type Static, Type } from 'typebox';
import { AppointmentView } from './appointments';
import { PersonalCall } from './phone-contacts';
import { EpochMs, IdentityInput, IdentityKind, Lang, Ticket } from './schemas';

/** The person: a typed number, or a card read at an armed reader (`POST /personal-data/card-reads`). */
export const PersonBody = Type.Union([
  Type.Object({ identity: IdentityInput }, { additionalProperties: false }),
  Type.Object({ cardRead: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
]);
export type PersonBody = Static<typeof PersonBody>;

export const CardReadBody = Type.Object(
  { deviceId: Type.String({ minLength: 1, maxLength: 64, description: 'the bridge whose ID card reader the person uses' }) },
  { additionalProperties: false },
);
export type CardReadBody = Static<typeof CardReadBody>;

export const CardReadReply = Type.Object({
  state: Type.Union([Type.Literal('waiting'), Type.Literal('read'), Type.Literal('expired')]),
  readId: Type.String(),
  expiresAt: Type.Optional(EpochMs),
  person: Type.Optional(Type.Object({ kind: IdentityKind, masked: Type.String() })),
});
export type CardReadReply = Static<typeof CardReadReply>;

export const PersonRef = Type.Object({ kind: IdentityKind, masked: Type.String() });

/** One visit as exported: the ticket without its hash, tracking code and request key. */
export const PersonalVisit = Type.Evaluate(
  Type.Intersect([
    Type.Omit(Ticket, ['identity', 'trackToken', 'requestKey']),
    Type.Object({ identityMasked: Type.Optional(Type.String()) }),
  ]),
);
export type PersonalVisit = Static<typeof PersonalVisit>;

/** One text sent (or to be sent) to the person's phone, as exported: the number masked. */
export const PersonalText = Type.Object({
  purpose: Type.String(),
  about: Type.Optional(Type.String()),
  to: Type.String({ description: 'the phone, masked' }),
  text: Type.String(),
  lang: Lang,
  state: Type.String(),
  createdAt: EpochMs,
  doneAt: Type.Optional(EpochMs),
});
export type PersonalText = Static<typeof PersonalText>;

export const PersonalDataExport = Type.Object({
  format: Type.Literal('callboard-personal-data'),
  site: Type.String(),
  exportedAt: EpochMs,
  person: PersonRef,
  /** Tickets of today, of days still in the hot store and of archived days, oldest first (ratings included). */
  visits: Type.Array(PersonalVisit),
  appointments: Type.Array(AppointmentView),
  /** Texts to the person's phone still kept (the outbox keeps them about two days). */
  texts: Type.Array(PersonalText),
  /** Calls at the desks and callbacks (phone-contacts.db), while their caller is kept. */
  calls: Type.Array(PersonalCall),
});
export type PersonalDataExport = Static<typeof PersonalDataExport>;

export const ErasureReply = Type.Object({
  person: PersonRef,
  /** How many records each holder unlinked, by kind of record. */
  erased: Type.Record(Type.String(), Type.Record(Type.String(), Type.Integer())),
});
export type ErasureReply = Static<typeof ErasureReply>;
