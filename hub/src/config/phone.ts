/**
 * The `phone` section of the site configuration (docs/phone.md): callback tickets (virtual
 * hold) — how long after an unanswered call a callback is tried again and how many times — and
 * the IVR's numeric menu of services, its rate limit, and the PBX gateway that receives the
 * clerks' dial requests.
 */
import { type Static, Type } from 'typebox';

export const PhoneConfig = Type.Object(
  {
    retryMin: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 240,
        description: '"no answer — try again later": minutes before the next try; default 10',
      }),
    ),
    maxAttempts: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 10,
        description: 'unanswered calls before the callback ends as unreachable; default 3',
      }),
    ),
    ivrServices: Type.Optional(
      Type.Record(Type.String({ pattern: '^[0-9]{1,3}$' }), Type.String({ minLength: 1 }), {
        description:
          'the IVR menu: DTMF digits → service id, e.g. { "1": "A", "2": "B" }; a service not listed takes no callbacks by IVR',
      }),
    ),
    ivrPerMinute: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 6000, description: 'requests a minute the IVR routes answer per gateway; default 60' }),
    ),
    ami: Type.Optional(
      Type.Object(
        {
          host: Type.String({ minLength: 1 }),
          port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: 'default 5038' })),
          username: Type.String({ minLength: 1, description: 'manager.conf user with read = call' }),
          secret: Type.String({ minLength: 1 }),
        },
        { additionalProperties: false, description: 'the PBX’s Asterisk Manager Interface: ringing, answer, hang-up events' },
      ),
    ),
    historyDays: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 366, description: 'screen-pop: the caller’s visits of the last N days; default 30' }),
    ),
    gatewayDeviceId: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9_-]{1,64}$',
        description:
          'the paired `pbx` device that receives dial requests (MQTT devices/<id>/dial); none = the desk dials by tel: link only',
      }),
    ),
  },
  { additionalProperties: false, description: 'the phone channel: callbacks and the IVR (docs/phone.md)' },
);
export type PhoneConfig = Static<typeof PhoneConfig>;

/** The section with its defaults. */
export function phoneSettings(p: PhoneConfig | undefined): {
  retryMin: number;
  maxAttempts: number;
  ivrServices: Record<string, string>;
  ivrPerMinute: number;
  historyDays: number;
  gatewayDeviceId?: string;
} {
  return {
    retryMin: p?.retryMin ?? 10,
    maxAttempts: p?.maxAttempts ?? 3,
    ivrServices: p?.ivrServices ?? {},
    ivrPerMinute: p?.ivrPerMinute ?? 60,
    historyDays: p?.historyDays ?? 30,
    ...(p?.gatewayDeviceId ? { gatewayDeviceId: p.gatewayDeviceId } : {}),
  };
}
