/**
 * A site's side of config templates: one MQTT client on the site's broker (whose bridge brings in
 * `callboard/<site>/central/template`, retained, so a site that was offline gets the newest on
 * return) takes each signed version, refuses what is unsigned, wrongly signed or older than what
 * it applied, and applies the rest through the set-up (validated like an admin's save) under the
 * site's own overrides. It answers head office on `template-status` (retained) and audits apply,
 * refuse, override and revert. The applied version is kept in `DATA_DIR/template.json`.
 */
import type { KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { Value } from 'typebox/value';
import type { HubConfig } from '../../config';
import { writeFileDurably } from '../../fs/durable-file';
import {
  CallboardError,
  type SiteSetup,
  type SiteTemplateState,
  TemplateContent,
  type TemplateDiff,
  type TemplateEnvelope,
  type TemplateStatusMessage,
  topics,
} from '../../protocol';
import type { AuditLog } from '../../service/audit-log';
import { type Caller, SYSTEM } from '../../service/caller';
import type { SetupService } from '../../service/setup-service';
import { applyTemplate, revertField, templateDiffs } from './fields';
import { type BoardNotice, noticeDiffs, noticeId, noticePlan } from './notice-fields';
import { loadPublicKey, verifyEnvelope } from './sign';
import { effectiveTexts, smsDiffs } from './sms-fields';

export interface SiteTemplatesDeps {
  config: HubConfig;
  setup: SetupService;
  audit: AuditLog;
  now: () => number;
  log: { warn: (o: object, m?: string) => void; info: (o: object, m?: string) => void };
  /** Puts the SMS texts in effect (the outbox's). */
  setSmsTexts: (texts: TemplateContent['smsTexts']) => void;
  /** The boards' notices: those on them now, put one up (replacing one of the same id), take one off. */
  notices: { list: () => BoardNotice[]; show: (n: BoardNotice) => Promise<void>; remove: (id: string) => Promise<void> };
}

interface AppliedDoc {
  envelope: TemplateEnvelope | null;
  appliedAt: number | null;
  refused: TemplateStatusMessage['refused'];
}

export class SiteTemplates {
  private doc: AppliedDoc = { envelope: null, appliedAt: null, refused: null };
  private chain: Promise<unknown> = Promise.resolve();
  private applying = false;
  private readonly file: string;
  private client: MqttClient | null = null;

  private constructor(
    private readonly deps: SiteTemplatesDeps,
    private readonly key: KeyObject,
  ) {
    this.file = path.join(deps.config.dataDir, 'template.json');
  }

  /** Null unless the site has an uplink and head office's template key. */
  static async start(deps: SiteTemplatesDeps): Promise<SiteTemplates | null> {
    const settings = deps.config.uplink;
    if (!settings?.templatePublicKey) return null;
    const t = new SiteTemplates(deps, loadPublicKey(settings.templatePublicKey));
    try {
      t.doc = JSON.parse(await readFile(t.file, 'utf8')) as AppliedDoc;
    } catch {
      // none applied yet
    }
    if (t.doc.envelope) t.applyTexts();
    deps.setup.afterSave = (before, after, caller) => t.localSave(before, after, caller);
    const siteId = deps.config.site.id;
    const client = mqtt.connect(settings.url, {
      protocolVersion: 4,
      clientId: `callboard-uplink-${siteId}-templates`,
      reconnectPeriod: 2000,
      ...(settings.username ? { username: settings.username } : {}),
      ...(settings.password ? { password: settings.password } : {}),
      ...(settings.ca ? { ca: await readFile(settings.ca) } : {}),
    });
    t.client = client;
    client.on('error', (err) => deps.log.warn({ err: err.message }, 'template link error'));
    client.on('connect', () => {
      client.subscribe(topics.centralTemplate(siteId), { qos: 1 });
      t.publishStatus();
    });
    client.on('message', (topic, payload) => {
      if (topic !== topics.centralTemplate(siteId) || payload.length === 0) return;
      t.queue(() => t.receive(payload));
    });
    return t;
  }

  private queue(work: () => Promise<void>): Promise<void> {
    const run = this.chain.then(work);
    this.chain = run.catch((err: Error) => this.deps.log.warn({ err: err.message }, 'template handling failed'));
    return run;
  }

  private async receive(payload: Buffer): Promise<void> {
    let env: TemplateEnvelope;
    try {
      env = JSON.parse(payload.toString()) as TemplateEnvelope;
    } catch {
      return this.refuse(null, 'not JSON');
    }
    if (!env || typeof env !== 'object' || typeof env.name !== 'string' || !Number.isInteger(env.version))
      return this.refuse(null, 'not a template');
    if (!verifyEnvelope(env, this.key)) return this.refuse(env, 'signature');
    // Signed for another site (or for none): not this site's, whoever put it on this site's topic.
    if (env.site !== this.deps.config.site.id) return this.refuse(env, 'site');
    const current = this.doc.envelope;
    if (current && current.name === env.name && current.version === env.version) {
      // The same version again (a reconnect, or the template given back to this site): head office
      // numbers each content change, so the same name and version is what is applied already.
      this.publishStatus();
      return;
    }
    if (current && ((current.name === env.name && env.version <= current.version) || env.issuedAt < current.issuedAt))
      return this.refuse(env, 'older');
    if (!Value.Check(TemplateContent, env.content)) return this.refuse(env, 'content');
    const before = this.deps.setup.state().setup;
    const next = applyTemplate(before, current?.content ?? null, env.content);
    this.applying = true;
    try {
      await this.deps.setup.save(next, SYSTEM);
    } catch (err) {
      return this.refuse(env, `setup: ${(err as Error).message}`.slice(0, 500));
    } finally {
      this.applying = false;
    }
    // Notices and texts first: once the version shows as applied, all of it is in effect.
    const plan = noticePlan(this.deps.notices.list(), current?.content ?? null, env.content);
    for (const id of plan.remove) await this.deps.notices.remove(id);
    for (const n of plan.show) await this.deps.notices.show(n);
    this.doc = { envelope: env, appliedAt: this.deps.now(), refused: null };
    this.applyTexts();
    await this.persist();
    const overrides = this.diffs().map((d) => d.field);
    await this.deps.audit.record(SYSTEM, 'template.apply', `${env.name} v${env.version}`, { overrides });
    this.deps.log.info({ name: env.name, version: env.version, overrides: overrides.length }, 'config template applied');
    this.publishStatus();
  }

  private async refuse(env: TemplateEnvelope | null, reason: string): Promise<void> {
    // Only head office and this hub can write the topic, but what is kept, audited and logged stays short.
    const name = typeof env?.name === 'string' ? env.name.slice(0, 100) : '?';
    const version = Number.isInteger(env?.version) ? (env?.version as number) : 0;
    this.doc.refused = { name, version, reason, at: this.deps.now() };
    await this.persist();
    await this.deps.audit.record(SYSTEM, 'template.refuse', `${name} v${version}`, { reason });
    this.deps.log.warn({ name, version, reason }, 'config template refused');
    this.publishStatus();
  }

  private persist(): Promise<void> {
    return writeFileDurably(this.file, JSON.stringify(this.doc));
  }

  status(): TemplateStatusMessage {
    const env = this.doc.envelope;
    return {
      v: 1,
      name: env?.name ?? null,
      version: env?.version ?? null,
      appliedAt: this.doc.appliedAt,
      overrides: this.diffs().length,
      refused: this.doc.refused,
    };
  }

  state(): SiteTemplateState {
    return {
      enabled: true,
      status: this.status(),
      diffs: this.diffs(),
    };
  }

  /** Every field where the site differs from the applied template: the set-up's, then the file's SMS texts. */
  private diffs(): TemplateDiff[] {
    const env = this.doc.envelope;
    if (!env) return [];
    return [
      ...templateDiffs(this.deps.setup.state().setup, env.content),
      ...smsDiffs(this.deps.config.notifications?.templates, env.content),
      ...noticeDiffs(this.deps.notices.list(), env.content),
    ];
  }

  private applyTexts(): void {
    this.deps.setSmsTexts(effectiveTexts(this.deps.config.notifications?.templates, this.doc.envelope?.content ?? null));
  }

  private publishStatus(): void {
    if (!this.client?.connected) return;
    const topic = topics.templateStatus(this.deps.config.site.id);
    this.client.publish(topic, JSON.stringify(this.status()), { qos: 1, retain: true });
  }

  /** "Set default": one field back to the template's value (through the set-up, audited). */
  revert(field: string, caller: Caller): Promise<SiteTemplateState> {
    const run = async () => {
      const env = this.doc.envelope;
      if (!env) throw new CallboardError('NOT_FOUND', 'no config template is applied on this site');
      if (field.startsWith('smsTexts.'))
        throw new CallboardError(
          'VALIDATION_FAILED',
          `"${field}" is set in this site's configuration file (notifications.templates): remove it there to take the template's text`,
        );
      const notice = field.startsWith('notices.') ? env.content.notices?.find((n) => `notices.${n.id}` === field) : undefined;
      if (notice) {
        await this.deps.notices.show({ id: noticeId(notice.id), text: notice.text });
        await this.deps.audit.record(caller, 'template.revert', field, { template: `${env.name} v${env.version}` });
        this.publishStatus();
        return;
      }
      const next = revertField(this.deps.setup.state().setup, env.content, field);
      if (!next) throw new CallboardError('NOT_FOUND', `the template has no field "${field}"`);
      this.applying = true;
      try {
        await this.deps.setup.save(next, caller);
      } finally {
        this.applying = false;
      }
      await this.deps.audit.record(caller, 'template.revert', field, { template: `${env.name} v${env.version}` });
      this.publishStatus();
    };
    let result: SiteTemplateState | undefined;
    return this.queue(async () => {
      await run();
      result = this.state();
    }).then(() => result as SiteTemplateState);
  }

  /** An admin saved the set-up: the fields that became overrides (or changed override) are audited. */
  private async localSave(before: SiteSetup, after: SiteSetup, caller: Caller): Promise<void> {
    const env = this.doc.envelope;
    if (this.applying || !env) return;
    const was = new Map(templateDiffs(before, env.content).map((d) => [d.field, JSON.stringify(d.local)]));
    const changed = templateDiffs(after, env.content).filter((d) => was.get(d.field) !== JSON.stringify(d.local));
    if (changed.length > 0)
      await this.deps.audit.record(caller, 'template.override', `${env.name} v${env.version}`, {
        fields: changed.map((d) => d.field),
      });
    this.publishStatus();
  }

  async close(): Promise<void> {
    this.deps.setup.afterSave = null;
    await this.client?.endAsync(true);
    await this.chain;
  }
}
