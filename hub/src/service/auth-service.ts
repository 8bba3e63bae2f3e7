/**
 * Staff accounts, sessions and device tokens. Passwords are scrypt hashes; session and device
 * tokens are random and stored only as SHA-256 hashes, so a copy of the data dir cannot be
 * used to sign in.
 */
import { randomUUID } from 'node:crypto';
import type { HubConfig } from '../config';
import { CallboardError, type DeviceKind, type DeviceSettings, type StaffPublic } from '../protocol';
import { hashPassword, newToken, sha256, verifyPassword } from '../security';
import { FailureThrottle } from '../security/throttle';
import type { DeviceDoc, Repositories, StaffDoc } from '../store';

export const SESSION_TTL_MS = 12 * 3600 * 1000; // one working day
/**
 * Failed sign-ins per account: five free, then 2 s, 4 s … up to a minute before the account's
 * next attempt is even checked, from whatever address (docs/security.md).
 */
export const LOGIN_BACKOFF = { free: 5, baseMs: 2000, maxMs: 60_000, forgetAfterMs: 30 * 60_000 };

export interface DeviceIdentity {
  id: string;
  kind: DeviceKind;
  name: string;
}

export class AuthService {
  private readonly sessions = new Map<string, { staffId: string; expiresAt: number }>();
  private readonly staffById = new Map<string, StaffDoc>();
  private readonly devicesByTokenHash = new Map<string, DeviceDoc>();
  private readonly loginFailures = new FailureThrottle(LOGIN_BACKOFF);
  /** Called when an account starts to be backed off (the supervisor's alert). */
  onLoginBackoff: ((username: string, failures: number) => void) | undefined;
  /** Told when a device's token stops working (revoked or replaced): its live sessions must end. */
  private readonly keyListeners: ((deviceId: string) => void)[] = [];

  constructor(
    private readonly repos: Pick<Repositories, 'staff' | 'devices' | 'sessions'>,
    private readonly now: () => number,
  ) {}

  /** Loads accounts, live sessions and devices; creates the configured seed accounts once. */
  async load(config: HubConfig): Promise<{ seededStaff: string[] }> {
    const seededStaff: string[] = [];
    for (const seed of config.staff) {
      const existing = await this.repos.staff.byUsername(seed.username);
      if (existing) continue;
      await this.repos.staff.add({
        _id: randomUUID(),
        username: seed.username,
        name: seed.name,
        role: seed.role,
        skills: seed.skills ?? [],
        passwordHash: await hashPassword(seed.password),
        createdAt: this.now(),
      });
      seededStaff.push(seed.username);
    }
    for (const seed of config.devices) {
      const doc: DeviceDoc = {
        _id: seed.id,
        kind: seed.kind,
        name: seed.name,
        tokenHash: sha256(seed.token),
        createdAt: this.now(),
      };
      const existing = await this.repos.devices.get(seed.id);
      if (!existing) await this.repos.devices.put(doc);
      else if (existing.tokenHash !== doc.tokenHash || existing.kind !== doc.kind)
        await this.repos.devices.put({ ...existing, kind: doc.kind, tokenHash: doc.tokenHash });
    }
    for (const s of await this.repos.staff.all()) this.staffById.set(s._id, s);
    for (const d of await this.repos.devices.all()) this.devicesByTokenHash.set(d.tokenHash, d);
    for (const s of await this.repos.sessions.live(this.now()))
      this.sessions.set(s._id, { staffId: s.staffId, expiresAt: s.expiresAt });
    return { seededStaff };
  }

  async createStaff(p: {
    username: string;
    name: string;
    role: StaffDoc['role'];
    skills?: string[];
    password: string;
  }): Promise<StaffPublic> {
    const doc: StaffDoc = {
      _id: randomUUID(),
      username: p.username,
      name: p.name,
      role: p.role,
      skills: p.skills ?? [],
      passwordHash: await hashPassword(p.password),
      createdAt: this.now(),
    };
    await this.repos.staff.add(doc);
    this.staffById.set(doc._id, doc);
    return publicStaff(doc);
  }

  async login(
    username: string,
    password: string,
    ip?: string,
  ): Promise<{ token: string; staff: StaffPublic; expiresAt: number }> {
    // Backing off: not even checked, so the right password is no use to a guesser meanwhile.
    const key = username.toLowerCase();
    const wait = this.loginFailures.retryInMs(key, this.now());
    if (wait > 0)
      throw new CallboardError(
        'RATE_LIMITED',
        `too many failed sign-ins for this account: retry in ${Math.ceil(wait / 1000)} s`,
        {
          retryAfterSec: Math.ceil(wait / 1000),
        },
      );
    const doc = [...this.staffById.values()].find((s) => s.username === username && !s.disabled);
    // Verify against a dummy hash when the user is unknown, so timing does not reveal usernames.
    const ok = await verifyPassword(password, doc?.passwordHash ?? DUMMY_HASH);
    if (!doc || !ok) {
      const { failures } = this.loginFailures.fail(key, this.now());
      if (failures === LOGIN_BACKOFF.free + 1) this.onLoginBackoff?.(username, failures);
      throw new CallboardError('BAD_CREDENTIALS', 'wrong username or password');
    }
    this.loginFailures.succeed(key);
    const token = newToken();
    const at = this.now();
    const expiresAt = at + SESSION_TTL_MS;
    await this.repos.sessions.add({
      _id: sha256(token),
      staffId: doc._id,
      createdAt: at,
      expiresAt,
      ...(ip ? { ip } : {}),
    });
    this.sessions.set(sha256(token), { staffId: doc._id, expiresAt });
    return { token, staff: publicStaff(doc), expiresAt };
  }

  async logout(token: string): Promise<void> {
    const key = sha256(token);
    this.sessions.delete(key);
    await this.repos.sessions.remove(key);
  }

  staffForSession(token: string): { staff: StaffPublic; expiresAt: number } | undefined {
    const s = this.sessions.get(sha256(token));
    if (!s || s.expiresAt <= this.now()) return undefined;
    const doc = this.staffById.get(s.staffId);
    return doc && !doc.disabled ? { staff: publicStaff(doc), expiresAt: s.expiresAt } : undefined;
  }

  /** Creates (or re-keys) a device and returns its new token; the token is shown once, stored hashed. */
  async addDevice(p: { id: string; kind: DeviceKind; name: string }): Promise<string> {
    const token = newToken(32);
    const doc: DeviceDoc = { _id: p.id, kind: p.kind, name: p.name, tokenHash: sha256(token), createdAt: this.now() };
    const existing = await this.repos.devices.get(p.id);
    if (existing) this.devicesByTokenHash.delete(existing.tokenHash);
    if (existing?.settings) doc.settings = existing.settings; // a re-paired screen keeps its settings
    await this.repos.devices.put(doc);
    this.devicesByTokenHash.set(doc.tokenHash, doc);
    if (existing) this.keyChanged(p.id);
    return token;
  }

  /** Registers a listener for revoked or re-keyed devices (the broker closes their sessions). */
  onDeviceKeyChanged(listener: (deviceId: string) => void): void {
    this.keyListeners.push(listener);
  }

  private keyChanged(deviceId: string): void {
    for (const listener of this.keyListeners) listener(deviceId);
  }

  /** Ids of every paired device (client ids that belong to them are theirs alone). */
  deviceIds(): string[] {
    return [...this.devicesByTokenHash.values()].map((d) => d._id);
  }

  /** A paired device's kind, or undefined when no such device is paired. */
  deviceKind(id: string): DeviceKind | undefined {
    for (const d of this.devicesByTokenHash.values()) if (d._id === id) return d.kind;
    return undefined;
  }

  async hasDevice(id: string): Promise<boolean> {
    return (await this.repos.devices.get(id)) !== undefined;
  }

  // ----- administration (admin role; every call is audited by the route) -----

  /** A staff member's display name (a doctor's name on a room screen); none for an unknown or disabled one. */
  staffName(id: string): string | undefined {
    const doc = this.staffById.get(id);
    return doc && doc.disabled !== true ? doc.name : undefined;
  }

  listStaff(): (StaffPublic & { disabled: boolean })[] {
    return [...this.staffById.values()]
      .map((d) => ({ ...publicStaff(d), disabled: d.disabled === true }))
      .sort((a, b) => a.username.localeCompare(b.username));
  }

  /** Changes name, role, skills or disabled; disabling (or a role change) ends that person's sessions. */
  async updateStaff(
    id: string,
    patch: { name?: string; role?: StaffDoc['role']; skills?: string[]; disabled?: boolean },
  ): Promise<StaffPublic> {
    const doc = this.staffById.get(id);
    if (!doc) throw new CallboardError('NOT_FOUND', `no staff member "${id}"`);
    const next: StaffDoc = { ...doc, ...patch };
    if (patch.disabled === false) delete next.disabled;
    await this.repos.staff.replace(next);
    this.staffById.set(id, next);
    if (patch.disabled || (patch.role && patch.role !== doc.role)) await this.endSessionsOf(id);
    return publicStaff(next);
  }

  async setPassword(id: string, password: string): Promise<void> {
    const doc = this.staffById.get(id);
    if (!doc) throw new CallboardError('NOT_FOUND', `no staff member "${id}"`);
    const next = { ...doc, passwordHash: await hashPassword(password) };
    await this.repos.staff.replace(next);
    this.staffById.set(id, next);
    await this.endSessionsOf(id);
  }

  private async endSessionsOf(staffId: string): Promise<void> {
    for (const [key, s] of this.sessions) if (s.staffId === staffId) this.sessions.delete(key);
    await this.repos.sessions.removeOfStaff(staffId);
  }

  async listDevices(): Promise<{ id: string; kind: DeviceKind; name: string; createdAt: number }[]> {
    return (await this.repos.devices.all()).map((d) => ({
      id: d._id,
      kind: d.kind,
      name: d.name,
      createdAt: d.createdAt,
    }));
  }

  async renameDevice(id: string, name: string): Promise<void> {
    const doc = await this.repos.devices.get(id);
    if (!doc) throw new CallboardError('NOT_FOUND', `no device "${id}"`);
    const next = { ...doc, name };
    await this.repos.devices.put(next);
    this.devicesByTokenHash.set(next.tokenHash, next);
  }

  /** Replaces a screen's settings (an empty object clears them: the screen's defaults apply). */
  async setDeviceSettings(id: string, settings: DeviceSettings): Promise<DeviceSettings | undefined> {
    const doc = await this.repos.devices.get(id);
    if (!doc) throw new CallboardError('NOT_FOUND', `no device "${id}"`);
    const next: DeviceDoc = { ...doc };
    if (Object.keys(settings).length > 0) next.settings = settings;
    else delete next.settings;
    await this.repos.devices.put(next);
    this.devicesByTokenHash.set(next.tokenHash, next);
    return next.settings;
  }

  /** A device's settings, or undefined when it has none (or does not exist). */
  async deviceSettings(id: string): Promise<DeviceSettings | undefined> {
    return (await this.repos.devices.get(id))?.settings;
  }

  /** Revokes a device's token: REST and MQTT are refused from now on, and its live MQTT sessions closed. */
  async revokeDevice(id: string): Promise<void> {
    const doc = await this.repos.devices.get(id);
    if (!doc) throw new CallboardError('NOT_FOUND', `no device "${id}"`);
    await this.repos.devices.remove(id);
    this.devicesByTokenHash.delete(doc.tokenHash);
    this.keyChanged(id);
  }

  deviceForToken(token: string): DeviceIdentity | undefined {
    const d = this.devicesByTokenHash.get(sha256(token));
    return d ? { id: d._id, kind: d.kind, name: d.name } : undefined;
  }
}

export function publicStaff(doc: StaffDoc): StaffPublic {
  return { id: doc._id, username: doc.username, name: doc.name, role: doc.role, skills: doc.skills };
}

// scrypt hash of a random string, computed once: only used to equalise login timing.
const DUMMY_HASH = await hashPassword(newToken());
