import { ApiError, type SetupState } from '@callboard/hub/client';
import { isSignedOut, type Notice, noticeFor } from './errors';
import { freeId, fromDraft, moved, newCounter, newService, type SetupDraft, toDraft } from './setup-draft';
import type { StaffApp } from './staff.svelte';

/**
 * The admin's set-up editor: services, counters, priority classes and policy parameters, edited
 * as a draft and saved in one go (`PUT /admin/setup`); the hub applies it without a restart or
 * answers with every problem, each naming where it sits.
 */
export class SetupEditor {
  readonly #app: StaffApp;
  draft = $state<SetupDraft | null>(null);
  state = $state.raw<SetupState | null>(null);
  problems = $state.raw<string[]>([]);
  notice = $state.raw<Notice | null>(null);
  busy = $state(false);
  /** The draft as JSON, for the advanced editor. */
  json = $state('');
  jsonError = $state('');

  constructor(app: StaffApp) {
    this.#app = app;
  }

  async load(): Promise<void> {
    try {
      this.#take(await this.#app.hub.adminSetup());
    } catch (err) {
      await this.#fail(err);
    }
  }

  async save(): Promise<boolean> {
    if (!this.draft || !this.state) return false;
    this.busy = true;
    this.problems = [];
    this.notice = null;
    try {
      const saved = await this.#app.hub.saveSetup(fromDraft(this.draft), this.state.version);
      this.#take(saved);
      this.notice = { tone: 'info', key: 'setupSaved', params: { version: saved.version } };
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.code === 'SETUP_INVALID')
        this.problems = (err.details as { problems?: string[] } | undefined)?.problems ?? [err.message];
      else if (err instanceof ApiError && err.code === 'VALIDATION_FAILED') this.problems = [err.message];
      else await this.#fail(err);
      this.notice = this.notice ?? { tone: 'error', key: 'setupNotSaved' };
      return false;
    } finally {
      this.busy = false;
    }
  }

  #take(state: SetupState): void {
    this.state = state;
    this.draft = toDraft(state.setup);
    this.showJson();
  }

  /** Fills the advanced editor from the draft as it is now (form edits included). */
  showJson(): void {
    if (this.draft) this.json = JSON.stringify(fromDraft(this.draft), null, 2);
    this.jsonError = '';
  }

  /** Replaces the draft by the advanced editor's JSON (the hub checks it on save). */
  applyJson(): void {
    try {
      const parsed = JSON.parse(this.json);
      if (!parsed || typeof parsed !== 'object' || !Array.isArray(parsed.services) || !Array.isArray(parsed.counters))
        throw new Error('{ "services": [...], "counters": [...], "queue": {...} }');
      this.draft = toDraft(parsed);
      this.jsonError = '';
    } catch (err) {
      this.jsonError = (err as Error).message;
    }
  }

  addService(): void {
    if (this.draft) this.draft.services.push(newService(this.draft));
  }

  removeService(index: number): void {
    if (!this.draft) return;
    const [gone] = this.draft.services.splice(index, 1);
    if (gone) for (const c of this.draft.counters) c.services = c.services.filter((l) => l.serviceId !== gone.id);
  }

  addCounter(): void {
    if (this.draft) this.draft.counters.push(newCounter(this.draft));
  }

  removeCounter(index: number): void {
    this.draft?.counters.splice(index, 1);
  }

  /** Whether the counter serves the service, and with which weight. */
  link(counter: number, serviceId: string): { serviceId: string; weight: number } | undefined {
    return this.draft?.counters[counter]?.services.find((l) => l.serviceId === serviceId);
  }

  setServes(counter: number, serviceId: string, on: boolean): void {
    const c = this.draft?.counters[counter];
    if (!c || !this.draft) return;
    const rest = c.services.filter((l) => l.serviceId !== serviceId);
    const order = this.draft.services.map((s) => s.id);
    c.services = on
      ? [...rest, { serviceId, weight: 1 }].sort((a, b) => order.indexOf(a.serviceId) - order.indexOf(b.serviceId))
      : rest;
  }

  addClass(): void {
    if (!this.draft) return;
    const id = freeId(
      'class',
      this.draft.queue.priorities.map((p) => p.id),
    );
    // New classes go just above `normal` (the lowest by convention).
    const at = Math.max(
      0,
      this.draft.queue.priorities.findIndex((p) => p.id === 'normal'),
    );
    this.draft.queue.priorities.splice(at, 0, { id, name: { zh: '', en: '' } });
  }

  removeClass(index: number): void {
    this.draft?.queue.priorities.splice(index, 1);
  }

  moveClass(index: number, by: -1 | 1): void {
    if (this.draft) this.draft.queue.priorities = moved(this.draft.queue.priorities, index, by);
  }

  async #fail(err: unknown): Promise<void> {
    if (isSignedOut(err)) await this.#app.toLogin();
    else this.notice = noticeFor(err);
  }
}
