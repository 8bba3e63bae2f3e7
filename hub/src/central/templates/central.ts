/**
 * Head office's side of config templates (`callboard central` with `central.templateKey`): the
 * templates, each version signed for each chosen site and published retained to that site's
 * `callboard/<site>/central/template` on the central broker (the site's bridge brings it in, now or
 * when the site comes back); every site's answer (`template-status`) is kept to show per site the
 * version applied and its overrides count. Edits and assignments are audited. A site is given one
 * template: assigning it to another takes it off the first. Kept in `DATA_DIR/central-templates.json`.
 */
import type { KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { Value } from 'typebox/value';
import type { HubConfig } from '../../config';
import { writeFileDurably } from '../../fs/durable-file';
import {
  type CentralTemplatesReply,
  type ConfigTemplate,
  type TemplateContent,
  type TemplateEnvelope,
  TemplateStatusMessage,
  topics,
} from '../../protocol';
import type { AuditLog } from '../../service/audit-log';
import type { Caller } from '../../service/caller';
import { canonicalJson, loadPrivateKey, signEnvelope } from './sign';

export interface CentralTemplatesDeps {
  settings: NonNullable<HubConfig['central']>;
  dataDir: string;
  audit: AuditLog;
  now: () => number;
  log: { warn: (o: object, m?: string) => void };
}

/** A version as signed for each of its sites (the site and the signature are added per site). */
type VersionBody = Omit<TemplateEnvelope, 'site' | 'sig'>;

interface Doc {
  templates: ConfigTemplate[];
  envelopes: Record<string, VersionBody>;
  sites: CentralTemplatesReply['sites'];
  /**
   * When each site was last given its template: a site takes only templates issued after the one
   * it applied, so a template last edited before that one is issued to it at its assignment time.
   */
  assignedAt?: Record<string, number>;
}

export class CentralTemplates {
  private doc: Doc = { templates: [], envelopes: {}, sites: [] };
  private chain: Promise<unknown> = Promise.resolve();
  private client: MqttClient | null = null;
  private readonly file: string;

  private constructor(
    private readonly deps: CentralTemplatesDeps,
    private readonly key: KeyObject,
  ) {
    this.file = path.join(deps.dataDir, 'central-templates.json');
  }

  static async start(deps: CentralTemplatesDeps): Promise<CentralTemplates | null> {
    const { settings } = deps;
    if (!settings.templateKey) return null;
    const t = new CentralTemplates(deps, loadPrivateKey(settings.templateKey));
    try {
      t.doc = JSON.parse(await readFile(t.file, 'utf8')) as Doc;
    } catch {
      // no templates yet
    }
    const client = mqtt.connect(settings.url, {
      protocolVersion: 4,
      clientId: `callboard-central-templates-${process.pid}`,
      reconnectPeriod: 2000,
      ...(settings.username ? { username: settings.username } : {}),
      ...(settings.password ? { password: settings.password } : {}),
      ...(settings.ca ? { ca: await readFile(settings.ca) } : {}),
    });
    t.client = client;
    client.on('error', (err) => deps.log.warn({ err: err.message }, 'central template link error'));
    client.on('connect', () => {
      client.subscribe(topics.templateStatusWildcard(), { qos: 1 });
      // The broker keeps nothing across its restarts: every assignment is published again.
      for (const tpl of t.doc.templates) for (const site of tpl.sites) t.publish(site, tpl.name);
    });
    client.on('message', (topic, payload) => {
      const siteId = topic.split('/')[1] ?? '';
      if (topic !== topics.templateStatus(siteId)) return;
      let status: unknown;
      try {
        status = JSON.parse(payload.toString());
      } catch {
        return;
      }
      if (!Value.Check(TemplateStatusMessage, status)) return;
      t.queue(async () => {
        const row = { siteId, status, receivedAt: deps.now() };
        t.doc.sites = [...t.doc.sites.filter((s) => s.siteId !== siteId), row].sort((a, b) => (a.siteId < b.siteId ? -1 : 1));
        await t.persist();
      });
    });
    return t;
  }

  private queue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.chain.then(work);
    this.chain = run.catch((err: Error) => this.deps.log.warn({ err: err.message }, 'central template write failed'));
    return run;
  }

  private persist(): Promise<void> {
    return writeFileDurably(this.file, JSON.stringify(this.doc));
  }

  private publish(siteId: string, name: string | null): void {
    const version = name ? this.doc.envelopes[name] : undefined;
    // Signed for this site alone (Ed25519 is deterministic: the same version gives the same message).
    const { site: _s, sig: _g, ...body } = (version ?? {}) as VersionBody & Partial<Pick<TemplateEnvelope, 'site' | 'sig'>>;
    const issuedAt = Math.max(body.issuedAt ?? 0, this.doc.assignedAt?.[siteId] ?? 0);
    const env = version
      ? signEnvelope({ ...body, issuedAt, site: siteId } as VersionBody & { site: string }, this.key)
      : undefined;
    // An empty retained message takes the template off the site's topic (the site keeps what it applied).
    this.client?.publish(topics.centralTemplate(siteId), env ? JSON.stringify(env) : '', { qos: 1, retain: true });
  }

  list(): CentralTemplatesReply {
    return { templates: this.doc.templates, sites: this.doc.sites };
  }

  /** Creates or edits a template (a new version when its content changed) and assigns it to `sites`. */
  save(name: string, content: TemplateContent, sites: string[], caller: Caller): Promise<ConfigTemplate> {
    return this.queue(async () => {
      const now = this.deps.now();
      const old = this.doc.templates.find((x) => x.name === name);
      const changed = !old || canonicalJson(old.content) !== canonicalJson(content);
      const wanted = [...new Set(sites)].sort();
      const version = changed ? (old?.version ?? 0) + 1 : (old?.version ?? 1);
      const tpl: ConfigTemplate = {
        name,
        version,
        content,
        sites: wanted,
        updatedAt: now,
        updatedBy: caller.actor.id ?? caller.actor.type,
      };
      if (changed) this.doc.envelopes[name] = { v: 1, name, version, issuedAt: now, content };
      // A site has one template: assigning it here takes it off any other.
      const takenFrom: { name: string; sites: string[] }[] = [];
      for (const other of this.doc.templates) {
        if (other.name === name) continue;
        const moved = other.sites.filter((s) => wanted.includes(s));
        if (moved.length === 0) continue;
        other.sites = other.sites.filter((s) => !wanted.includes(s));
        takenFrom.push({ name: other.name, sites: moved });
      }
      this.doc.templates = [...this.doc.templates.filter((x) => x.name !== name), tpl].sort((a, b) => (a.name < b.name ? -1 : 1));
      const added = wanted.filter((s) => !old?.sites.includes(s));
      const removed = (old?.sites ?? []).filter((s) => !wanted.includes(s));
      this.doc.assignedAt = { ...this.doc.assignedAt, ...Object.fromEntries(added.map((s) => [s, now])) };
      await this.persist();
      if (changed) await this.deps.audit.record(caller, 'template.update', `${name} v${version}`, { version });
      if (added.length + removed.length > 0)
        await this.deps.audit.record(caller, 'template.assign', name, { version, added, removed, takenFrom });
      for (const s of changed ? wanted : added) this.publish(s, name);
      for (const s of removed) this.publish(s, null);
      return tpl;
    });
  }

  async close(): Promise<void> {
    await this.client?.endAsync(true);
    await this.chain;
  }
}
