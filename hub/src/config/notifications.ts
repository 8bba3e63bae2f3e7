/**
 * The `notifications` section of the site configuration (docs/notifications.md): which SMS
 * transport sends texts (a modem on a firmware-bridge, or an operator's SMPP account), retries,
 * the texts per language, and appointment reminders.
 */
import { type Static, Type } from 'typebox';

const TemplateSet = Type.Object(
  {
    ahead: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    called: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    code: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    reminderDayBefore: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    reminderSoon: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  },
  { additionalProperties: false, description: 'placeholders: {number} {ahead} {counter} {service} {site} {code} {time} {link}' },
);

export const NotificationsConfig = Type.Object(
  {
    transport: Type.Optional(
      Type.Union([Type.Literal('none'), Type.Literal('modem'), Type.Literal('smpp')], {
        description: 'how texts leave the site; default none (page alerts only)',
      }),
    ),
    modem: Type.Optional(
      Type.Object(
        { deviceId: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'the paired sms-modem bridge' }) },
        { additionalProperties: false },
      ),
    ),
    smpp: Type.Optional(
      Type.Object(
        {
          host: Type.String({ minLength: 1 }),
          port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
          systemId: Type.String({ minLength: 1, maxLength: 16 }),
          password: Type.String({ maxLength: 9 }),
          systemType: Type.Optional(Type.String({ maxLength: 13 })),
          sourceAddr: Type.String({ minLength: 1, maxLength: 21, description: 'sender number or service code' }),
          perSecond: Type.Optional(Type.Number({ minimum: 0.1, maximum: 1000, description: 'submit_sm rate; default 5' })),
          enquireLinkSec: Type.Optional(Type.Integer({ minimum: 1, maximum: 3600, description: 'default 30' })),
        },
        { additionalProperties: false },
      ),
    ),
    maxAttempts: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, description: 'tries per text; default 5' })),
    retryFirstMs: Type.Optional(
      Type.Integer({ minimum: 10, description: 'wait before the first retry, doubling; default 30000' }),
    ),
    retryMaxMs: Type.Optional(Type.Integer({ minimum: 10, description: 'longest wait between retries; default 600000' })),
    aheadDefault: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, description: '"tell me when N are ahead"; default 3' })),
    templates: Type.Optional(
      Type.Object({ zh: Type.Optional(TemplateSet), en: Type.Optional(TemplateSet) }, { additionalProperties: false }),
    ),
    reminders: Type.Optional(
      Type.Object(
        {
          dayBeforeAt: Type.Optional(
            Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'site time; default 18:00' }),
          ),
          minutesBefore: Type.Optional(Type.Integer({ minimum: 5, maximum: 1440, description: 'default 60' })),
          keepPhoneAfterMin: Type.Optional(
            Type.Integer({
              minimum: 0,
              maximum: 1440,
              description:
                'a booking’s phone is erased this long after the appointment’s end (sooner when it is over); default 60',
            }),
          ),
          checkEverySec: Type.Optional(
            Type.Integer({ minimum: 1, maximum: 600, description: 'how often the hub looks for reminders due; default 30' }),
          ),
        },
        {
          additionalProperties: false,
          description: 'texts to a booking’s phone the day before (at dayBeforeAt) and minutesBefore the slot',
        },
      ),
    ),
  },
  { additionalProperties: false, description: 'texts to visitors (docs/notifications.md)' },
);
export type NotificationsConfig = Static<typeof NotificationsConfig>;
