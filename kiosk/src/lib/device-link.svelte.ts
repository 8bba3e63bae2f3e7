/**
 * The kiosk page as a paired device on MQTT (username = device id, password = token): it reads
 * the board (live counts for the tiles) and its own `devices/<id>/commands` (card and print
 * results from the hub), publishes `select-service` on its own events before a card is placed,
 * and keeps a retained `online` status with a last will `offline`, so the staff console sees
 * a kiosk that died. Reconnects by itself (openLive's backoff).
 */
import { type BoardSnapshot, defaultWsUrl, type HubClient, type LiveClient, openLive, topics } from '@callboard/hub/client';
import type { DeviceCredentials } from './credentials';
import { type KioskInbound, parseKioskMessage } from './device-messages';

/** The "connection lost" mark appears only after this long (short blips do not flicker it). */
export const LOST_AFTER_MS = 5_000;
const VERSION = 'kiosk-0.1.0';

export interface DeviceLinkHandlers {
  onMessage: (message: KioskInbound) => void;
  /** The broker refused the token (bad username or password, or not authorised). */
  onRefused: () => void;
}

export class DeviceLink {
  readonly deviceId: string;
  readonly #hub: HubClient;
  readonly #token: string;
  readonly #handlers: DeviceLinkHandlers;
  #client: LiveClient | null = null;
  #close: (() => Promise<void>) | null = null;
  #lostTimer: ReturnType<typeof setTimeout> | undefined;
  #connected = $state(false);
  #lost = $state(false);
  #board = $state.raw<BoardSnapshot | null>(null);

  constructor(hub: HubClient, creds: DeviceCredentials, handlers: DeviceLinkHandlers) {
    this.#hub = hub;
    this.deviceId = creds.deviceId;
    this.#token = creds.token;
    this.#handlers = handlers;
  }

  get connected(): boolean {
    return this.#connected;
  }
  /** No broker for LOST_AFTER_MS or more. */
  get lost(): boolean {
    return this.#lost;
  }
  get board(): BoardSnapshot | null {
    return this.#board;
  }

  start(): void {
    if (this.#close) return;
    this.#armLost();
    this.#close = openLive({
      hub: this.#hub,
      url: defaultWsUrl(location),
      username: this.deviceId,
      password: this.#token,
      clientId: `${this.deviceId}-${Math.random().toString(36).slice(2, 10)}`,
      subscribe: { board: true, commands: this.deviceId },
      will: (siteId) => ({
        topic: topics.deviceStatus(siteId, this.deviceId),
        payload: JSON.stringify({ v: 1, state: 'offline' }),
        qos: 1,
        retain: true,
      }),
      onClient: (client) => {
        this.#client = client;
      },
      onEvent: (ev) => {
        if (ev.kind === 'connection') {
          this.#connected = ev.connected;
          if (ev.connected) {
            clearTimeout(this.#lostTimer);
            this.#lost = false;
            void this.#publishStatus('online');
          } else this.#armLost();
        } else if (ev.kind === 'board') this.#board = ev.board;
        else if (ev.kind === 'command' && ev.deviceId === this.deviceId) {
          const message = parseKioskMessage(ev.message);
          if (message) this.#handlers.onMessage(message);
        }
      },
      onError: (err) => {
        const code = (err as { code?: unknown }).code;
        if (code === 4 || code === 5) this.#handlers.onRefused();
      },
    });
  }

  /** Tells the hub which service the next card placed on this kiosk's reader is for. */
  async selectService(serviceId: string): Promise<boolean> {
    const client = this.#client;
    if (!client?.connected) return false;
    try {
      await client.publishDevice(this.deviceId, 'events', { v: 1, type: 'select-service', serviceId, at: Date.now() });
      return true;
    } catch {
      return false;
    }
  }

  /** Says goodbye (retained `offline`: a kiosk closed on purpose is not "online"), then disconnects. */
  async stop(): Promise<void> {
    clearTimeout(this.#lostTimer);
    const close = this.#close;
    this.#close = null;
    if (this.#client?.connected) await this.#publishStatus('offline');
    this.#client = null;
    await close?.();
  }

  #armLost(): void {
    clearTimeout(this.#lostTimer);
    this.#lostTimer = setTimeout(() => (this.#lost = true), LOST_AFTER_MS);
  }

  async #publishStatus(state: 'online' | 'offline'): Promise<void> {
    const client = this.#client;
    if (!client) return;
    const payload =
      state === 'online'
        ? { v: 1, state, at: Date.now(), detail: { version: VERSION, app: 'kiosk', peripherals: [] } }
        : { v: 1, state, at: Date.now() };
    await client.publishDevice(this.deviceId, 'status', payload, { retain: true }).catch(() => {});
  }
}
