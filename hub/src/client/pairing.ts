/**
 * Device pairing for browser apps (kiosk, waiting-room board), without any UI: the device's
 * identity kept in local storage, and the flow that gets it. A new device asks the hub for a
 * pairing code, shows it, and polls with a secret only it knows until a supervisor — seeing
 * the same code in the staff console — approves it; the hub then hands over the device id and
 * token, once. An expired request (15 min, or a hub restart) is replaced by a new code; a
 * refusal waits for "ask again". The apps render `PairingFlow.state` their own way.
 */
import type { DeviceKind, PairingPoll, PairingStart } from '../protocol';
import { ApiError } from './rest';

// ---------------- credentials ----------------

/**
 * A paired device's identity: `{ deviceId, token }`. The token is the device's password for
 * REST (Bearer) and MQTT (username = device id); it is never shown and never put in a URL the
 * app writes.
 */
export interface DeviceCredentials {
  deviceId: string;
  token: string;
}

/** The part of `Storage` the credentials need (tests pass a Map-backed fake). */
export type CredentialStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const TOKEN = /^[A-Za-z0-9_.~-]{8,256}$/;

export function isCredentials(value: unknown): value is DeviceCredentials {
  const v = value as Partial<DeviceCredentials> | null;
  return typeof v?.deviceId === 'string' && ID.test(v.deviceId) && typeof v.token === 'string' && TOKEN.test(v.token);
}

/** The credentials stored under `key`, or null (none, or not valid). */
export function loadCredentialsAt(store: CredentialStore, key: string): DeviceCredentials | null {
  try {
    const parsed: unknown = JSON.parse(store.getItem(key) ?? 'null');
    return isCredentials(parsed) ? { deviceId: parsed.deviceId, token: parsed.token } : null;
  } catch {
    return null;
  }
}

export function saveCredentialsAt(store: CredentialStore, key: string, creds: DeviceCredentials): void {
  store.setItem(key, JSON.stringify({ deviceId: creds.deviceId, token: creds.token }));
}

export function clearCredentialsAt(store: CredentialStore, key: string): void {
  store.removeItem(key);
}

/**
 * The credentials a device runs with: the stored ones, when they are for the device the URL
 * names (`?device=`), or when the URL names none. A device whose URL names another device pairs
 * again (a PC moved to another place in the hall keeps no stale identity).
 */
export function credentialsFor(stored: DeviceCredentials | null, urlDevice: string | null): DeviceCredentials | null {
  if (!stored) return null;
  return urlDevice === null || urlDevice === stored.deviceId ? stored : null;
}

/**
 * A provisioning link: `…?device=kiosk-1#token=…` (the fragment never reaches a server or its
 * logs). The installer's link pairs the device without a supervisor; the app stores the token
 * and removes the fragment from the address bar at once.
 */
export function tokenFromFragment(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token !== null && TOKEN.test(token) ? token : null;
}

// ---------------- the pairing flow ----------------

export type PairingPhase = 'requesting' | 'showing' | 'rejected' | 'unreachable' | 'done';

export interface PairingState {
  phase: PairingPhase;
  /** The code to show while `showing`. */
  code: string | null;
  expiresAt: number;
  /** The next attempt, while the hub cannot be reached (for a countdown). */
  retryAt: number;
}

export interface PairingFlowOptions {
  hub: {
    requestPairing(body: { kind: DeviceKind; name?: string }): Promise<PairingStart>;
    pollPairing(requestId: string, pollSecret: string): Promise<PairingPoll>;
  };
  kind: DeviceKind;
  /** The name (or wished-for id) the supervisor sees with the code. */
  name?: string | null;
  onPaired: (creds: DeviceCredentials) => void;
  /** Every change of `state` (the apps mirror it into their reactive state). */
  onChange?: (state: PairingState) => void;
  pollMs?: number;
  retryMs?: number;
}

export class PairingFlow {
  readonly #o: PairingFlowOptions;
  #request: { requestId: string; pollSecret: string } | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running = false;
  #state: PairingState = { phase: 'requesting', code: null, expiresAt: 0, retryAt: 0 };

  constructor(options: PairingFlowOptions) {
    this.#o = options;
  }

  get state(): PairingState {
    return this.#state;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    void this.#ask();
  }

  stop(): void {
    this.#running = false;
    clearTimeout(this.#timer);
  }

  /** After a refusal: a new code. */
  again(): void {
    clearTimeout(this.#timer);
    this.#running = true;
    void this.#ask();
  }

  #set(patch: Partial<PairingState>): void {
    this.#state = { ...this.#state, ...patch };
    this.#o.onChange?.(this.#state);
  }

  #later(fn: () => Promise<void>, ms: number): void {
    clearTimeout(this.#timer);
    if (this.#running) this.#timer = setTimeout(() => void fn(), ms);
  }

  async #ask(): Promise<void> {
    this.#set({ phase: 'requesting', code: null });
    try {
      const name = this.#o.name;
      const r = await this.#o.hub.requestPairing({ kind: this.#o.kind, ...(name ? { name } : {}) });
      if (!this.#running) return;
      this.#request = { requestId: r.requestId, pollSecret: r.pollSecret };
      this.#set({ phase: 'showing', code: r.code, expiresAt: r.expiresAt });
      this.#later(() => this.#poll(), this.#o.pollMs ?? 2_000);
    } catch (err) {
      if (!this.#running) return;
      // Unreachable, or too many requests (429): ask again a little later.
      const wait = err instanceof ApiError && err.status === 429 ? 15_000 : (this.#o.retryMs ?? 5_000);
      this.#set({ phase: 'unreachable', retryAt: Date.now() + wait });
      this.#later(() => this.#ask(), wait);
    }
  }

  async #poll(): Promise<void> {
    const req = this.#request;
    if (!req || !this.#running) return;
    try {
      const r = await this.#o.hub.pollPairing(req.requestId, req.pollSecret);
      if (!this.#running) return;
      if (r.status === 'approved' && r.deviceId && r.token) {
        this.#running = false;
        this.#set({ phase: 'done' });
        this.#o.onPaired({ deviceId: r.deviceId, token: r.token });
      } else if (r.status === 'rejected') {
        this.#running = false;
        this.#set({ phase: 'rejected', code: null });
      } else if (r.status === 'expired') {
        await this.#ask(); // a new code
      } else {
        if (this.#state.phase !== 'showing') this.#set({ phase: 'showing' });
        this.#later(() => this.#poll(), this.#o.pollMs ?? 2_000);
      }
    } catch {
      if (!this.#running) return;
      // Keep the code on screen: the request is still valid when the hub comes back.
      this.#later(() => this.#poll(), this.#o.retryMs ?? 5_000);
    }
  }
}
