/**
 * Config templates (docs/operations.md, "Config templates"): head office defines services and the
 * queue's priority classes and policy parameters once, signs each version (Ed25519) and pushes it
 * to chosen sites over MQTT (`callboard/<site>/central/template`, retained); each site applies it
 * under its own field-by-field overrides and answers with what it applied
 * (`callboard/<site>/template-status`, retained).
 */
import { type Static, Type } from 'typebox';
import { EpochMs, Localized } from './schemas';
import { QueueSettings, ServiceConfig } from './setup';

export const TEMPLATE_NAME = /^[A-Za-z0-9_-]{1,64}$/;

const SmsText = Type.Optional(Type.String({ minLength: 1, maxLength: 500 }));
/** One language's SMS texts, as `notifications.templates.<lang>` in a site's configuration. */
export const SmsTextSet = Type.Object(
  { ahead: SmsText, called: SmsText, code: SmsText, reminderDayBefore: SmsText, reminderSoon: SmsText },
  { additionalProperties: false },
);

/**
 * What a template sets: the set-up's services and queue section, in the configuration file's shape,
 * standing notices for the boards, and the SMS texts (`notifications.templates`; a text set in a
 * site's own file wins there).
 */
export const TemplateContent = Type.Object(
  {
    services: Type.Optional(Type.Array(ServiceConfig, { maxItems: 100 })),
    queue: Type.Optional(QueueSettings),
    /** Standing notices on every board (shown as `tpl-<id>`); a site that takes one off keeps it off. */
    notices: Type.Optional(
      Type.Array(Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$' }), text: Localized }), { maxItems: 20 }),
    ),
    smsTexts: Type.Optional(
      Type.Object({ zh: Type.Optional(SmsTextSet), en: Type.Optional(SmsTextSet) }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
);
export type TemplateContent = Static<typeof TemplateContent>;

/** The signed message on `callboard/<site>/central/template`: `sig` is Ed25519 over the rest, canonical JSON. */
export interface TemplateEnvelope {
  v: 1;
  name: string;
  version: number;
  issuedAt: number;
  /** The one site it is for (signed with the rest): a site refuses a template signed for another. */
  site: string;
  content: TemplateContent;
  sig: string;
}

/** A template as head office keeps it. */
export const ConfigTemplate = Type.Object({
  name: Type.String({ pattern: TEMPLATE_NAME.source }),
  version: Type.Integer({ minimum: 1 }),
  content: TemplateContent,
  sites: Type.Array(Type.String()),
  updatedAt: EpochMs,
  updatedBy: Type.String(),
});
export type ConfigTemplate = Static<typeof ConfigTemplate>;

/** `callboard/<site>/template-status`: what the site applied last, and the last version it refused. */
export const TemplateStatusMessage = Type.Object({
  v: Type.Literal(1),
  name: Type.Union([Type.String(), Type.Null()]),
  version: Type.Union([Type.Integer(), Type.Null()]),
  appliedAt: Type.Union([EpochMs, Type.Null()]),
  overrides: Type.Integer({ minimum: 0 }),
  refused: Type.Union([
    Type.Object({ name: Type.String(), version: Type.Integer(), reason: Type.String(), at: EpochMs }),
    Type.Null(),
  ]),
});
export type TemplateStatusMessage = Static<typeof TemplateStatusMessage>;

export const CentralTemplatesReply = Type.Object({
  templates: Type.Array(ConfigTemplate),
  /** Per site heard from: what it reports having applied. */
  sites: Type.Array(Type.Object({ siteId: Type.String(), status: TemplateStatusMessage, receivedAt: EpochMs })),
});
export type CentralTemplatesReply = Static<typeof CentralTemplatesReply>;

export const TemplateSaveBody = Type.Object(
  { content: TemplateContent, sites: Type.Array(Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }), { maxItems: 1000 }) },
  { additionalProperties: false },
);
export type TemplateSaveBody = Static<typeof TemplateSaveBody>;

/** One field where the site's set-up differs from the template (`services.A.name.zh`, `queue.maxRecalls`). */
export const TemplateDiff = Type.Object({
  field: Type.String(),
  template: Type.Unknown(),
  local: Type.Unknown(),
  /** `file`: set in the site's configuration file (an SMS text): changed there, not with "set default". */
  source: Type.Optional(Type.Literal('file')),
});
export type TemplateDiff = Static<typeof TemplateDiff>;

/** `GET /admin/template` on a site: the template applied, and every field the site overrides. */
export const SiteTemplateState = Type.Object({
  enabled: Type.Boolean({ description: 'false: this hub takes no templates (no uplink.templatePublicKey)' }),
  status: TemplateStatusMessage,
  diffs: Type.Array(TemplateDiff),
});
export type SiteTemplateState = Static<typeof SiteTemplateState>;

export const TemplateRevertBody = Type.Object(
  { field: Type.String({ minLength: 1, maxLength: 300 }) },
  { additionalProperties: false },
);
