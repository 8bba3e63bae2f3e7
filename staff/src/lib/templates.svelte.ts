import {
  type CentralTemplatesReply,
  centralSites,
  centralTemplates,
  revertTemplateField,
  type SiteTemplateState,
  saveCentralTemplate,
  siteTemplate,
  type TemplateContent,
} from '@callboard/hub/client';
import { isSignedOut, type Notice, noticeFor } from './errors';
import type { StaffApp } from './staff.svelte';

const EXAMPLE: TemplateContent = {
  services: [{ id: 'A', prefix: 'A', name: { zh: '综合业务', en: 'General services' }, targetWaitMin: 15 }],
  queue: { maxRecalls: 3 },
};

/** Head office's templates page: the templates, an editor (name, JSON content, sites), and what each site applied. */
export class CentralTemplatesView {
  readonly #app: StaffApp;
  data = $state.raw<CentralTemplatesReply | null>(null);
  /** Sites head office has heard of (to choose from), besides those already assigned. */
  knownSites = $state.raw<string[]>([]);
  off = $state(false);
  busy = $state(false);
  notice = $state.raw<Notice | null>(null);
  name = $state('');
  content = $state(JSON.stringify(EXAMPLE, null, 2));
  sites = $state<string[]>([]);

  constructor(app: StaffApp) {
    this.#app = app;
  }

  async load(): Promise<void> {
    try {
      this.data = await centralTemplates(this.#app.hub);
      const heard = await centralSites(this.#app.hub).then(
        (r) => r.sites.map((s) => s.siteId),
        () => [] as string[],
      );
      const assigned = this.data.templates.flatMap((x) => x.sites);
      this.knownSites = [...new Set([...heard, ...assigned, ...this.data.sites.map((s) => s.siteId)])].sort();
    } catch (err) {
      await this.#fail(err);
    }
  }

  edit(name: string): void {
    const tpl = this.data?.templates.find((x) => x.name === name);
    if (!tpl) return;
    this.name = tpl.name;
    this.content = JSON.stringify(tpl.content, null, 2);
    this.sites = [...tpl.sites];
    this.notice = null;
  }

  toggleSite(siteId: string, on: boolean): void {
    this.sites = on ? [...new Set([...this.sites, siteId])] : this.sites.filter((s) => s !== siteId);
  }

  async save(): Promise<void> {
    let content: TemplateContent;
    try {
      content = JSON.parse(this.content) as TemplateContent;
    } catch (err) {
      this.notice = { tone: 'error', key: 'templateContentBad', params: { error: (err as Error).message } };
      return;
    }
    this.busy = true;
    try {
      const saved = await saveCentralTemplate(this.#app.hub, this.name.trim(), { content, sites: this.sites });
      this.notice = { tone: 'info', key: 'templateSaved', params: { name: saved.name, version: saved.version } };
      await this.load();
    } catch (err) {
      await this.#fail(err);
    } finally {
      this.busy = false;
    }
  }

  async #fail(err: unknown): Promise<void> {
    if (isSignedOut(err)) await this.#app.toLogin();
    else if ((err as { status?: number }).status === 404 && !this.data) this.off = true;
    else this.notice = noticeFor(err);
  }
}

/** The set-up page's "from head office" section: the template applied, each field overridden, "set default". */
export class SiteTemplateView {
  readonly #app: StaffApp;
  state = $state.raw<SiteTemplateState | null>(null);
  busy = $state(false);
  notice = $state.raw<Notice | null>(null);

  constructor(app: StaffApp) {
    this.#app = app;
  }

  async load(): Promise<void> {
    try {
      this.state = await siteTemplate(this.#app.hub);
    } catch (err) {
      if (isSignedOut(err)) await this.#app.toLogin();
      else this.notice = noticeFor(err);
    }
  }

  /** Returns true when the field went back to the template (the set-up page reloads its draft). */
  async revert(field: string): Promise<boolean> {
    this.busy = true;
    try {
      this.state = await revertTemplateField(this.#app.hub, field);
      this.notice = { tone: 'info', key: 'setDefaultDone', params: { field } };
      return true;
    } catch (err) {
      if (isSignedOut(err)) await this.#app.toLogin();
      else this.notice = noticeFor(err);
      return false;
    } finally {
      this.busy = false;
    }
  }
}

/** A template or local value as one short line ("—" for none). */
export function showValue(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}
