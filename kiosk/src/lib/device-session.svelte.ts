/**
 * Who this kiosk is to the hub: the paired device's credentials and its live link, or the pairing
 * flow while it has none. A token handed over in the URL fragment (a provisioning link) is stored
 * and wiped from the address bar; a token the hub no longer knows (device removed) sends the
 * kiosk back to pairing.
 */
import { ApiError, type HubClient } from '@callboard/hub/client';
import {
  clearCredentials,
  credentialsFor,
  type DeviceCredentials,
  loadCredentials,
  saveCredentials,
  tokenFromFragment,
} from './credentials';
import { DeviceLink } from './device-link.svelte';
import type { KioskInbound } from './device-messages';
import { Pairing } from './pairing.svelte';

export interface DeviceSessionHooks {
  /** A message on this kiosk's commands topic. */
  onMessage: (m: KioskInbound) => void;
  /** The kiosk has no token (any more): show the pairing screen. */
  onUnpaired: () => void;
  /** A supervisor approved the pairing: the kiosk is now `creds.deviceId`. */
  onPaired: (creds: DeviceCredentials) => void;
}

export class DeviceSession {
  readonly #hub: HubClient;
  /** The device id the URL asks for (`?device=`), or null. */
  readonly #device: string | null;
  readonly #storage: Storage;
  readonly #hooks: DeviceSessionHooks;

  creds = $state.raw<DeviceCredentials | null>(null);
  link = $state.raw<DeviceLink | null>(null);
  pairing = $state.raw<Pairing | null>(null);

  constructor(hub: HubClient, device: string | null, storage: Storage, hooks: DeviceSessionHooks) {
    this.#hub = hub;
    this.#device = device;
    this.#storage = storage;
    this.#hooks = hooks;
  }

  get paired(): boolean {
    return this.creds !== null;
  }

  /** Takes a provisioning token from the URL fragment (`#token=…`), then the stored credentials or pairing. */
  start(location: Location, history: History): void {
    const fragmentToken = tokenFromFragment(location.hash);
    if (location.hash) history.replaceState(history.state, '', location.pathname + location.search);
    if (fragmentToken && this.#device) saveCredentials(this.#storage, { deviceId: this.#device, token: fragmentToken });
    const creds = credentialsFor(loadCredentials(this.#storage), this.#device);
    if (creds) this.#usePaired(creds);
    else this.#startPairing();
  }

  stop(): void {
    this.pairing?.stop();
    void this.link?.stop();
  }

  unpair(): void {
    clearCredentials(this.#storage);
    const link = this.link;
    this.link = null;
    void link?.stop();
    this.creds = null;
    this.#hub.setDeviceToken(undefined);
    this.#startPairing();
  }

  #usePaired(creds: DeviceCredentials): void {
    this.creds = creds;
    this.#hub.setDeviceToken(creds.token);
    const link = new DeviceLink(this.#hub, creds, {
      onMessage: (m) => this.#hooks.onMessage(m),
      onRefused: () => void this.#checkToken(),
    });
    this.link = link;
    link.start();
    void this.#checkToken();
  }

  async #checkToken(): Promise<void> {
    const creds = this.creds;
    if (!creds) return;
    try {
      await this.#hub.device(creds.deviceId);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401 && this.creds === creds) this.unpair();
    }
  }

  #startPairing(): void {
    this.pairing?.stop();
    const pairing = new Pairing(this.#hub, this.#device, (creds) => this.#paired(creds));
    this.pairing = pairing;
    pairing.start();
    this.#hooks.onUnpaired();
  }

  #paired(creds: DeviceCredentials): void {
    saveCredentials(this.#storage, creds);
    this.pairing = null;
    this.#usePaired(creds);
    this.#hooks.onPaired(creds);
  }
}
