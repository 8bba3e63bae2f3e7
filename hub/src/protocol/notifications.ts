/**
 * Notifications to visitors (SMS "N ahead", "you are called", appointment reminders, one-time
 * codes): what the visitor's phone page asks for, and what the hub and the SMS-modem bridge
 * say to each other on MQTT.
 *
 * Privacy (docs/notifications.md): the clear phone number travels on exactly one topic,
 * `devices/<id>/sms`, from the hub to the one device kind that may read it (`sms-modem`,
 * security/capabilities.ts). Everywhere else the number is sealed (AES-GCM), hashed or masked.
 */
import { type Static, Type } from 'typebox';
import { EpochMs, Lang } from './schemas';

/** A message id of the outbox (opaque). */
const MessageId = Type.String({ minLength: 1, maxLength: 64 });

/** Hub → SMS-modem bridge (`devices/<id>/sms`, QoS 1, not retained): send this text to this number. */
export const SmsSendMessage = Type.Object({
  v: Type.Literal(1),
  id: MessageId,
  /** The clear number, digits only (the one place it is in clear: see the module comment). */
  to: Type.String({ pattern: '^\\+?[0-9]{5,20}$' }),
  text: Type.String({ minLength: 1, maxLength: 1000 }),
  at: EpochMs,
  /** Not sent after this (a stale "you are called" is worse than none). */
  expiresAt: Type.Optional(EpochMs),
});
export type SmsSendMessage = Static<typeof SmsSendMessage>;

/** SMS-modem bridge → hub (`devices/<id>/sms-results`, QoS 1): the outcome of one send, or a delivery report. */
export const SmsResultMessage = Type.Union([
  Type.Object({
    v: Type.Literal(1),
    type: Type.Literal('sent'),
    id: MessageId,
    ok: Type.Boolean(),
    /** The modem's message references (one per part), to match delivery reports. */
    refs: Type.Optional(Type.Array(Type.Integer({ minimum: 0, maximum: 255 }), { maxItems: 20 })),
    reason: Type.Optional(Type.String({ maxLength: 200 })),
    /** Retrying will not help (number refused, text too long). */
    permanent: Type.Optional(Type.Boolean()),
    at: EpochMs,
  }),
  Type.Object({
    v: Type.Literal(1),
    type: Type.Literal('delivery'),
    ref: Type.Integer({ minimum: 0, maximum: 255 }),
    delivered: Type.Boolean(),
    at: EpochMs,
  }),
]);
export type SmsResultMessage = Static<typeof SmsResultMessage>;

/** What a visitor asks to be told about a ticket (tracking page, or the kiosk right after issue). */
export const NotifySettingsBody = Type.Object(
  {
    /** The phone to text; omitted = keep the one given before (or page alerts only). */
    phone: Type.Optional(Type.String({ minLength: 5, maxLength: 32 })),
    /** Tell me when this many (or fewer) are ahead; null = not. Default 3. */
    aheadAt: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 50 }), Type.Null()])),
    /** Tell me when I am called. */
    onCall: Type.Optional(Type.Boolean()),
    lang: Type.Optional(Lang),
    /** Forget the phone and stop the texts. */
    stop: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type NotifySettingsBody = Static<typeof NotifySettingsBody>;

export const NotifySettingsView = Type.Object({
  /** The visitor has asked for alerts on this ticket (saved at least once). */
  subscribed: Type.Boolean(),
  /** The phone as a person may see it (`138****5678`), or null when none is kept. */
  phoneMasked: Type.Union([Type.String(), Type.Null()]),
  aheadAt: Type.Union([Type.Integer(), Type.Null()]),
  onCall: Type.Boolean(),
  /** Texts already sent for this ticket (each fires once). */
  sent: Type.Object({ ahead: Type.Boolean(), called: Type.Boolean() }),
  /** Whether this site can send texts at all (a transport is configured). */
  smsAvailable: Type.Boolean(),
});
export type NotifySettingsView = Static<typeof NotifySettingsView>;

/** Default "tell me when N are ahead". */
export const DEFAULT_NOTIFY_AHEAD = 3;
