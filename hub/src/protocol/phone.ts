/**
 * The phone channel (docs/phone.md): callback tickets (virtual hold) and the IVR-facing API.
 * The IVR's routes are short and numeric, for DTMF menus: a service by its menu digits, a
 * ticket by the digits of its number, the caller by the last 4 digits of their phone. Replies
 * carry numbers an IVR can say (people ahead, minutes, a Unix time for SayUnixTime) and never
 * the phone number, not even masked.
 */
import { type Static, Type } from 'typebox';

const Digits = (min: number, max: number, description: string) => Type.String({ pattern: `^[0-9]{${min},${max}}$`, description });
const PhoneDigits = Type.String({ minLength: 5, maxLength: 20, pattern: '^[+0-9 -]+$', description: 'the caller’s number' });
/** Site time of day as four digits (DTMF), e.g. `1430`. */
const HHMM = Type.String({ pattern: '^([01][0-9]|2[0-3])[0-5][0-9]$', description: 'site time HHMM, e.g. 1430' });

/** A clerk (caller on the line) or the IVR puts a caller in the callback queue. */
export const CallbackBody = Type.Object(
  {
    serviceId: Type.String({ minLength: 1, maxLength: 32 }),
    phone: PhoneDigits,
    /** Preferred window, site time today: not called before `after`; `before` is shown to the clerk. */
    after: Type.Optional(HHMM),
    before: Type.Optional(HHMM),
  },
  { additionalProperties: false },
);
export type CallbackBody = Static<typeof CallbackBody>;

/** The IVR joins a caller: the service by its menu digits (`phone.ivrServices`), the caller ID as the number. */
export const IvrJoinBody = Type.Object(
  {
    service: Digits(1, 3, 'the IVR menu digits of the service (phone.ivrServices)'),
    phone: PhoneDigits,
    after: Type.Optional(HHMM),
    before: Type.Optional(HHMM),
  },
  { additionalProperties: false },
);
export type IvrJoinBody = Static<typeof IvrJoinBody>;

export const IvrTicketParams = Type.Object({ code: Digits(1, 6, 'the digits of the ticket number (A023 → 23 or 023)') });
export const IvrLast4 = Type.Object(
  { last4: Digits(4, 4, 'the last 4 digits of the phone the callback was booked for') },
  { additionalProperties: false },
);

/** What the IVR reads back. */
export const IvrCallbackReply = Type.Object({
  number: Type.String({ description: 'the ticket number, e.g. A023 (the IVR may spell it)' }),
  code: Type.String({ description: 'its digits without leading zeros (what the caller keys in later)' }),
  status: Type.Union([
    Type.Literal('waiting'),
    /** A clerk is calling back now. */
    Type.Literal('calling'),
    Type.Literal('done'),
    Type.Literal('cancelled'),
    /** Every attempt went unanswered. */
    Type.Literal('unreachable'),
  ]),
  /** Tickets ahead in the line (walk-ins and callbacks alike); 0 when not waiting. */
  ahead: Type.Integer({ minimum: 0 }),
  /** Seconds until the callback is expected (0 when not waiting). */
  estimatedCallbackSec: Type.Integer({ minimum: 0 }),
  /** When the callback is expected, epoch seconds (for Asterisk's SayUnixTime); 0 when not waiting. */
  estimatedCallbackUnix: Type.Integer({ minimum: 0 }),
  /** Unanswered calls so far. */
  attempts: Type.Integer({ minimum: 0 }),
});
export type IvrCallbackReply = Static<typeof IvrCallbackReply>;

/** A clerk asks to dial the callback of the ticket at their counter. */
export const DialReply = Type.Object({
  /** `tel:` URI with the number to call (for the clerk's softphone); the number is shown nowhere else. */
  tel: Type.String(),
  masked: Type.String(),
  /** Whether a PBX gateway was sent the dial request (MQTT devices/<gateway>/dial). */
  sentToGateway: Type.Boolean(),
});
export type DialReply = Static<typeof DialReply>;

/** Hub → PBX gateway on `devices/<id>/dial` (QoS 1): dial `phone` from the clerk's extension. */
export interface DialRequestMessage {
  v: 1;
  type: 'dial';
  /** The clear number: this topic is the one place it travels on MQTT (only a `pbx` device reads it). */
  phone: string;
  ticketId: string;
  number: string;
  counterId?: string;
  staffId?: string;
  at: number;
}

/** The clerk's extension, said at sign-in to the desk: calls ringing there pop up on their console. */
export const ExtensionBody = Type.Object(
  { extension: Type.String({ pattern: '^[0-9]{2,6}$', description: 'the desk phone’s extension, e.g. 201' }) },
  { additionalProperties: false },
);
export type ExtensionBody = Static<typeof ExtensionBody>;

/** An earlier visit of the caller, as the screen-pop lists it. */
export const PopVisit = Type.Object({
  number: Type.String(),
  businessDate: Type.String(),
  serviceId: Type.String(),
  status: Type.String(),
  outcome: Type.Optional(Type.String()),
  at: Type.Integer(),
});
export type PopVisit = Static<typeof PopVisit>;

/** A call at the clerk's extension (docs/phone.md "Screen-pop"): who calls (masked) and their history, by HMAC. */
export const ScreenPop = Type.Object({
  seq: Type.Integer({ minimum: 1 }),
  callId: Type.String(),
  state: Type.Union([Type.Literal('ringing'), Type.Literal('answered'), Type.Literal('ended')]),
  masked: Type.String(),
  extension: Type.String(),
  at: Type.Integer(),
  days: Type.Integer(),
  /** Visits in the last `days` days, most recent first. */
  visits: Type.Array(PopVisit),
  /** Visits that ended "needs follow-up" (`follow_up…`) in that time. */
  openFollowUps: Type.Integer({ minimum: 0 }),
  /** A visit or an earlier call inside the repeat window (7 days): this call is a repeat contact. */
  repeat: Type.Boolean(),
  /** Earlier calls of this number at the desks in the last `days` days (phone-contacts.db), answered or not. */
  calls: Type.Integer({ minimum: 0 }),
});
export type ScreenPop = Static<typeof ScreenPop>;

export const PopsQuery = Type.Object(
  {
    after: Type.Optional(Type.Integer({ minimum: 0 })),
    /** Long poll: wait up to this many ms for a new pop (0 = answer at once). */
    wait: Type.Optional(Type.Integer({ minimum: 0, maximum: 25_000 })),
  },
  { additionalProperties: false },
);
export const PopsReply = Type.Object({ pops: Type.Array(ScreenPop), extension: Type.Optional(Type.String()) });
export type PopsReply = Static<typeof PopsReply>;

/** A call event from any PBX without AMI (REST `POST /phone/call-events`, by the `pbx` device). */
export const CallEventBody = Type.Object(
  {
    type: Type.Union([Type.Literal('ringing'), Type.Literal('answered'), Type.Literal('ended')]),
    callId: Type.String({ minLength: 1, maxLength: 64 }),
    extension: Type.Optional(Type.String({ pattern: '^[0-9]{2,6}$' })),
    caller: Type.String({ minLength: 1, maxLength: 32, description: 'caller ID as the PBX has it; hashed and masked at once' }),
    /** For `ended`: answered or abandoned, with the times (epoch ms). */
    outcome: Type.Optional(Type.Union([Type.Literal('answered'), Type.Literal('abandoned')])),
    startedAt: Type.Optional(Type.Integer({ minimum: 0 })),
    answeredAt: Type.Optional(Type.Integer({ minimum: 0 })),
    /** For `ended`: the service the call was about, if the PBX knows it (a queue per service). */
    serviceId: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  },
  { additionalProperties: false },
);
export type CallEventBody = Static<typeof CallEventBody>;
