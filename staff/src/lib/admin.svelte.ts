import type { HubClient, Role, Service, StaffPublic } from '@callboard/hub/client';
import { isSignedOut, type Notice, noticeFor } from './errors';
import type { StaffApp } from './staff.svelte';

/** A staff account as admins see it (`GET /admin/staff`). */
export type StaffRow = Awaited<ReturnType<HubClient['adminStaff']>>[number];
/** A paired device (`GET /admin/devices`). */
export type DeviceRow = Awaited<ReturnType<HubClient['adminDevices']>>[number];

export const ROLES: readonly Role[] = ['clerk', 'supervisor', 'admin'];

/** The hub's rules, checked here first so the form can say what is wrong. */
import { PASSWORD_MIN, USERNAME_PATTERN } from '@callboard/hub/client';

export { PASSWORD_MIN, USERNAME_PATTERN };

export interface StaffDraft {
  username: string;
  name: string;
  role: Role;
  skills: string[];
  password: string;
}

export function emptyDraft(): StaffDraft {
  return { username: '', name: '', role: 'clerk', skills: [], password: '' };
}

/** Only admins see the administration page (the API refuses everyone else with 403 anyway). */
export function isAdmin(staff: StaffPublic | null): boolean {
  return staff?.role === 'admin';
}

/** What is wrong with a new account before it is sent (null when nothing). */
export function draftProblem(draft: StaffDraft, existing: readonly StaffRow[]): Notice | null {
  const username = draft.username.trim();
  if (!new RegExp(USERNAME_PATTERN).test(username)) return { tone: 'error', key: 'errUsernameFormat' };
  if (existing.some((s) => s.username === username)) return { tone: 'error', key: 'errUsernameTaken' };
  if (!draft.name.trim()) return { tone: 'error', key: 'errNameRequired' };
  if (draft.password.length < PASSWORD_MIN) return { tone: 'error', key: 'errPasswordShort', params: { n: PASSWORD_MIN } };
  return null;
}

/** `skills` with `serviceId` added or removed, in the services' order. */
export function withSkill(skills: readonly string[], serviceId: string, on: boolean, order: readonly string[]): string[] {
  const set = new Set(skills);
  if (on) set.add(serviceId);
  else set.delete(serviceId);
  return order.filter((id) => set.has(id)).concat([...set].filter((id) => !order.includes(id)));
}

/** The administration page: staff accounts and devices, every change applied at once. */
export class Admin {
  readonly #app: StaffApp;
  staff = $state.raw<StaffRow[]>([]);
  devices = $state.raw<DeviceRow[]>([]);
  services = $state.raw<Service[]>([]);
  notice = $state.raw<Notice | null>(null);
  busy = $state(false);
  /** The device whose revocation awaits confirmation. */
  confirmRevoke = $state<string | null>(null);
  draft = $state<StaffDraft>(emptyDraft());
  /** New passwords being typed, by staff id. */
  passwords = $state<Record<string, string>>({});

  constructor(app: StaffApp) {
    this.#app = app;
  }

  get serviceOrder(): string[] {
    return this.services.map((s) => s.id);
  }

  async load(): Promise<void> {
    try {
      const [services, staff, devices] = await Promise.all([
        this.#app.hub.services(),
        this.#app.hub.adminStaff(),
        this.#app.hub.adminDevices(),
      ]);
      this.services = services;
      this.staff = staff;
      this.devices = devices.sort((a, b) => a.id.localeCompare(b.id));
    } catch (err) {
      await this.#fail(err);
    }
  }

  async #fail(err: unknown): Promise<void> {
    if (isSignedOut(err)) await this.#app.toLogin();
    else this.notice = noticeFor(err);
  }

  /**
   * Runs one change after those already under way (controls stay enabled, so keyboard focus is
   * never lost), then reloads; true when it worked.
   */
  #do(work: () => Promise<unknown>, done?: Notice): Promise<boolean> {
    this.#pending++;
    this.busy = true;
    const run = this.#queue.then(async () => {
      this.notice = null;
      let ok = false;
      try {
        await work();
        ok = true;
        this.notice = done ?? null;
      } catch (err) {
        await this.#fail(err);
      }
      // Reload either way: after a failure the row shows again what the hub really holds.
      await this.load();
      this.#pending--;
      this.busy = this.#pending > 0;
      return ok;
    });
    this.#queue = run;
    return run;
  }
  #queue: Promise<unknown> = Promise.resolve();
  #pending = 0;

  async create(): Promise<boolean> {
    const problem = draftProblem(this.draft, this.staff);
    if (problem) {
      this.notice = problem;
      return false;
    }
    const d = this.draft;
    const username = d.username.trim();
    const ok = await this.#do(
      () =>
        this.#app.hub.createStaff({
          username,
          name: d.name.trim(),
          role: d.role,
          skills: [...d.skills],
          password: d.password,
        }),
      { tone: 'info', key: 'staffCreated', params: { username } },
    );
    if (ok) this.draft = emptyDraft();
    return ok;
  }

  toggleDraftSkill(serviceId: string, on: boolean): void {
    this.draft.skills = withSkill(this.draft.skills, serviceId, on, this.serviceOrder);
  }

  rename(row: StaffRow, name: string): Promise<boolean> {
    const next = name.trim();
    if (!next || next === row.name) return Promise.resolve(false);
    return this.#do(() => this.#app.hub.updateStaff(row.id, { name: next }));
  }

  setRole(row: StaffRow, role: Role): Promise<boolean> {
    if (role === row.role) return Promise.resolve(false);
    return this.#do(() => this.#app.hub.updateStaff(row.id, { role }));
  }

  setSkill(row: StaffRow, serviceId: string, on: boolean): Promise<boolean> {
    const skills = withSkill(row.skills, serviceId, on, this.serviceOrder);
    return this.#do(() => this.#app.hub.updateStaff(row.id, { skills }));
  }

  setDisabled(row: StaffRow, disabled: boolean): Promise<boolean> {
    return this.#do(() => this.#app.hub.updateStaff(row.id, { disabled }));
  }

  async resetPassword(row: StaffRow): Promise<boolean> {
    const password = this.passwords[row.id] ?? '';
    if (password.length < PASSWORD_MIN) {
      this.notice = { tone: 'error', key: 'errPasswordShort', params: { n: PASSWORD_MIN } };
      return false;
    }
    const ok = await this.#do(() => this.#app.hub.resetPassword(row.id, password), {
      tone: 'info',
      key: 'passwordReset',
      params: { username: row.username },
    });
    if (ok) this.passwords[row.id] = '';
    return ok;
  }

  renameDevice(row: DeviceRow, name: string): Promise<boolean> {
    const next = name.trim();
    if (!next || next === row.name) return Promise.resolve(false);
    return this.#do(() => this.#app.hub.renameDevice(row.id, next), {
      tone: 'info',
      key: 'deviceRenamed',
      params: { id: row.id },
    });
  }

  askRevoke(id: string | null): void {
    this.confirmRevoke = id;
  }

  async revoke(id: string): Promise<boolean> {
    this.confirmRevoke = null;
    return this.#do(() => this.#app.hub.revokeDevice(id), { tone: 'info', key: 'deviceRevoked', params: { id } });
  }

  /** You cannot disable or demote yourself (the hub refuses it too). */
  isSelf(row: StaffRow): boolean {
    return row.id === this.#app.staff?.id;
  }
}
