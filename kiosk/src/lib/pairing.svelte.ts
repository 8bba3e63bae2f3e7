/**
 * A new kiosk pairs itself: it asks the hub for a pairing code, shows it, and polls with a
 * secret only it knows until a supervisor — seeing the same code in the staff console —
 * approves it; the hub then hands over the device id and token, once. An expired request
 * (15 min, or a hub restart) is replaced by a new code; a refusal waits for "ask again".
 */
import { ApiError, type HubClient } from '@callboard/hub/client';
import type { DeviceCredentials } from './credentials';

export type PairingPhase = 'requesting' | 'showing' | 'rejected' | 'unreachable' | 'done';

const POLL_MS = 2_000;
const RETRY_MS = 5_000;

export class Pairing {
  readonly #hub: HubClient;
  readonly #name: string | null;
  readonly #onPaired: (creds: DeviceCredentials) => void;
  #request: { requestId: string; pollSecret: string } | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running = false;
  phase = $state<PairingPhase>('requesting');
  code = $state<string | null>(null);
  expiresAt = $state(0);
  /** The next attempt, while the hub cannot be reached (for a countdown). */
  retryAt = $state(0);

  constructor(hub: HubClient, name: string | null, onPaired: (creds: DeviceCredentials) => void) {
    this.#hub = hub;
    this.#name = name;
    this.#onPaired = onPaired;
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

  #later(fn: () => Promise<void>, ms: number): void {
    clearTimeout(this.#timer);
    if (this.#running) this.#timer = setTimeout(() => void fn(), ms);
  }

  async #ask(): Promise<void> {
    this.phase = 'requesting';
    this.code = null;
    try {
      const r = await this.#hub.requestPairing({ kind: 'kiosk', ...(this.#name ? { name: this.#name } : {}) });
      if (!this.#running) return;
      this.#request = { requestId: r.requestId, pollSecret: r.pollSecret };
      this.code = r.code;
      this.expiresAt = r.expiresAt;
      this.phase = 'showing';
      this.#later(() => this.#poll(), POLL_MS);
    } catch (err) {
      if (!this.#running) return;
      // Unreachable, or too many requests (429): ask again a little later.
      this.phase = 'unreachable';
      const wait = err instanceof ApiError && err.status === 429 ? 15_000 : RETRY_MS;
      this.retryAt = Date.now() + wait;
      this.#later(() => this.#ask(), wait);
    }
  }

  async #poll(): Promise<void> {
    const req = this.#request;
    if (!req || !this.#running) return;
    try {
      const r = await this.#hub.pollPairing(req.requestId, req.pollSecret);
      if (!this.#running) return;
      if (r.status === 'approved' && r.deviceId && r.token) {
        this.phase = 'done';
        this.#running = false;
        this.#onPaired({ deviceId: r.deviceId, token: r.token });
      } else if (r.status === 'rejected') {
        this.phase = 'rejected';
        this.code = null;
        this.#running = false;
      } else if (r.status === 'expired') {
        await this.#ask(); // a new code
      } else {
        if (this.phase !== 'showing') this.phase = 'showing';
        this.#later(() => this.#poll(), POLL_MS);
      }
    } catch {
      if (!this.#running) return;
      // Keep the code on screen: the request is still valid when the hub comes back.
      this.#later(() => this.#poll(), RETRY_MS);
    }
  }
}
