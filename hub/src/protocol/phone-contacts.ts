/**
 * Phone contacts (docs/phone.md "What is stored"): every call the PBX reported at a desk (answered
 * or abandoned) and every callback that ended, one record each in `phone-contacts.db`. The caller
 * only as keyed HMAC + masked number. The per-hour report (`GET /reports/phone`) reads them.
 */
import { type Static, Type } from 'typebox';
import { ReportDate, ReportFormat } from './reports';
import { EpochMs } from './schemas';

export const PhoneContactKind = Type.Union([Type.Literal('inbound'), Type.Literal('callback')], {
  description: 'inbound: a call that rang at a desk; callback: a callback ticket that ended',
});
export const PhoneContactOutcome = Type.Union(
  [Type.Literal('answered'), Type.Literal('abandoned'), Type.Literal('unreachable')],
  { description: 'inbound: answered or abandoned (hung up before answer); callback: answered (finished) or unreachable' },
);

/** One phone contact as stored (and exported to the person it is about, without `hmac`). */
export const PhoneContact = Type.Object({
  id: Type.String({ description: 'the PBX call id (Linkedid), or `callback:<ticket id>`' }),
  kind: PhoneContactKind,
  businessDate: ReportDate,
  startedAt: EpochMs,
  answeredAt: Type.Optional(EpochMs),
  endedAt: EpochMs,
  outcome: PhoneContactOutcome,
  extension: Type.Optional(Type.String()),
  staffId: Type.Optional(Type.String()),
  serviceId: Type.Optional(Type.String()),
  ringSec: Type.Number({ minimum: 0, description: 'from the start of the call to the answer (or hang-up)' }),
  talkSec: Type.Optional(Type.Number({ minimum: 0 })),
  /** Gone after `retention.identityDays`, or at the person's erasure. */
  callerHmac: Type.Optional(Type.String()),
  callerMasked: Type.Optional(Type.String()),
  /** The callback ticket's number (kind callback). */
  ticketNumber: Type.Optional(Type.String()),
});
export type PhoneContact = Static<typeof PhoneContact>;

/** A phone contact as the person it is about gets it (no hash). */
export const PersonalCall = Type.Omit(PhoneContact, ['callerHmac']);
export type PersonalCall = Static<typeof PersonalCall>;

export const PhoneReportQuery = Type.Object(
  {
    from: Type.Optional(ReportDate),
    to: Type.Optional(ReportDate),
    format: Type.Optional(ReportFormat),
    table: Type.Optional(Type.String({ maxLength: 40, description: 'which table to export as CSV: hours (default)' })),
  },
  { additionalProperties: false },
);
export type PhoneReportQuery = Static<typeof PhoneReportQuery>;

const Rate = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]);

/** One hour of the day (site time), over the range; `hour` −1 is the total. */
export const PhoneHourRow = Type.Object({
  hour: Type.Integer({ minimum: -1, maximum: 23 }),
  offered: Type.Integer({ description: 'inbound calls that started in this hour' }),
  answered: Type.Integer(),
  abandoned: Type.Integer(),
  abandonRate: Rate,
  callbacksEnded: Type.Integer({ description: 'callbacks that ended in this hour: answered + unreachable' }),
  callbacksAnswered: Type.Integer(),
  callbackSuccessRate: Rate,
});
export type PhoneHourRow = Static<typeof PhoneHourRow>;

export const PhoneReport = Type.Object({
  from: ReportDate,
  to: ReportDate,
  /** Business dates in the range with phone contacts. */
  days: Type.Array(ReportDate),
  /** The hours with any contact, then the total (hour −1). */
  hours: Type.Array(PhoneHourRow),
});
export type PhoneReport = Static<typeof PhoneReport>;
