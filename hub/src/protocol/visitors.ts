/**
 * What a visitor's own phone sends and gets away from the kiosks: the join page, the phone code,
 * "I'm here" and "I'm running late" (docs/queue-policy.md, docs/security.md "Visitor routes").
 */
import { type Static, Type } from 'typebox';
import { Id, Lang, Localized, WaitRange } from './schemas';

export const JoinService = Type.Object({
  serviceId: Type.String(),
  name: Localized,
  waiting: Type.Integer({ minimum: 0 }),
  estimatedWaitSec: Type.Integer({ minimum: 0 }),
  /** The estimate for a new arrival as visitors are shown it (queue/wait-range.ts: biased late). */
  estimatedWaitRange: Type.Optional(WaitRange),
  /** Whether a ticket can be taken from a phone right now; `closedBecause` says why not. */
  joinable: Type.Boolean(),
  closedBecause: Type.Optional(
    Type.Union([Type.Literal('hours'), Type.Literal('late'), Type.Literal('full')], {
      description: 'outside opening hours, past the latest join time, or the day’s remote tickets are taken',
    }),
  ),
  latestJoin: Type.Optional(Type.String()),
  /** The visitor must check in (kiosk scan or "I'm here") before being called. */
  arrivalConfirmation: Type.Boolean(),
  graceMin: Type.Integer({ minimum: 0 }),
});
export type JoinService = Static<typeof JoinService>;

export const JoinOptions = Type.Object({
  services: Type.Array(JoinService),
  /** This phone may join without a phone number (it is on the site's network and the site allows it). */
  withoutPhone: Type.Boolean(),
  /** The site sends one-time codes by SMS, so a phone number can be verified. */
  phoneCodes: Type.Boolean(),
});
export type JoinOptions = Static<typeof JoinOptions>;

const PhoneNumber = Type.String({ minLength: 5, maxLength: 20, pattern: '^[+0-9 -]+$' });

export const JoinBody = Type.Object(
  {
    serviceId: Id,
    lang: Type.Optional(Lang),
    phone: Type.Optional(
      Type.Object(
        { number: PhoneNumber, code: Type.String({ pattern: '^[0-9]{6}$' }) },
        { additionalProperties: false, description: 'the number and the one-time code sent to it' },
      ),
    ),
  },
  { additionalProperties: false },
);
export type JoinBody = Static<typeof JoinBody>;

export const PhoneCodeBody = Type.Object({ phone: PhoneNumber, lang: Type.Optional(Lang) }, { additionalProperties: false });
export type PhoneCodeBody = Static<typeof PhoneCodeBody>;

export const PhoneCodeReply = Type.Object({ expiresInSec: Type.Integer({ minimum: 1 }) });
export type PhoneCodeReply = Static<typeof PhoneCodeReply>;

export const LateBody = Type.Object(
  {
    places: Type.Union([Type.Integer({ minimum: 1, maximum: 100 }), Type.Literal('end')], {
      description: 'how many visitors to let pass, or `end` for the end of the line',
    }),
  },
  { additionalProperties: false },
);
export type LateBody = Static<typeof LateBody>;

/** What the phone page shows about arrival confirmation and "I'm late" (part of the track view). */
export const TrackVisitorView = Type.Object({
  /** Not called until checked in; `lapsesAt` once its turn has come. */
  arrival: Type.Optional(
    Type.Object({
      confirmed: Type.Boolean(),
      lapsed: Type.Boolean(),
      lapsesAt: Type.Optional(Type.Integer({ minimum: 0 })),
      graceMin: Type.Integer({ minimum: 0 }),
    }),
  ),
  /** How far and how often the visitor may still move back (absent: not now). */
  late: Type.Optional(Type.Object({ maxPlaces: Type.Integer({ minimum: 1 }), movesLeft: Type.Integer({ minimum: 0 }) })),
});

/** Prefix of the check-in QR the phone page shows (`CBT1:<track token>`), as a kiosk's scanner reads it. */
export const CHECK_IN_QR_PREFIX = 'CBT1:';

/**
 * The track token in a scanned code: the check-in QR (`CBT1:<token>`) or a tracking link
 * (`…/t/<token>`, `…/kiosk/track/<token>`); undefined for anything else.
 */
export function trackTokenFromScan(code: string): string | undefined {
  const text = code.trim();
  const m = text.toUpperCase().startsWith(CHECK_IN_QR_PREFIX)
    ? [text, text.slice(CHECK_IN_QR_PREFIX.length)]
    : /\/(?:t|track)\/([A-Za-z0-9]{8,64})\/?(?:[?#].*)?$/.exec(text);
  const token = m?.[1];
  return token && /^[A-Za-z0-9]{8,64}$/.test(token) ? token : undefined;
}
