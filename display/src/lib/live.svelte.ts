import {
  type BoardSnapshot,
  type CallMessage,
  type CounterMessage,
  type DeviceCredentials,
  defaultWsUrl,
  type HubClient,
  type LiveClient,
  type LiveSubscription,
  type OpenLiveOptions,
  openLive,
  topics,
} from '@callboard/hub/client';
import { createSubscriber } from 'svelte/reactivity';
import { callKey } from './board-view';
import { Flash, TileFlashes } from './flash.svelte';
import { LinkWatch } from './link';

/** How long a new call draws the eye (the board's tile or panel, the counter screen). */
const FLASH_MS = 6_000;

/** What one screen shows: the whole board (optionally some services only), or one counter. */
export type Watch = { board: true; services?: string[] | null } | { counter: string };

/** How the screen connects: as its paired device, and what to do when the broker refuses it. */
export interface FeedIdentity {
  /** Paired: MQTT as this device, with a retained `online` status and a last will `offline`. */
  device?: DeviceCredentials | null;
  /** The broker refused the connection (a revoked token, or a site that requires pairing). */
  onRefused?: () => void;
}

const VERSION = 'display-0.1.0';

/**
 * Live data of one screen from the hub's retained MQTT topics. Connects while read and closes
 * when nothing reads it; `openLive` reconnects with backoff and the broker re-delivers the
 * retained board or counter state, so the screen heals without a reload. `lost` turns true
 * only after 5 s without the broker. `onCall` (for the voice) gets every call message.
 */
export class LiveFeed {
  readonly #hub: HubClient;
  readonly #watch: Watch;
  readonly #onCall: ((call: CallMessage) => void) | undefined;
  readonly #flash = new Flash(FLASH_MS);
  readonly #tiles = new TileFlashes(FLASH_MS);
  #board = $state.raw<BoardSnapshot | null>(null);
  #counter = $state.raw<CounterMessage | null>(null);
  #connected = $state(false);
  #lost = $state(false);
  readonly #subscribe = createSubscriber(() => this.#start());
  readonly #identity: FeedIdentity;

  constructor(hub: HubClient, watch: Watch, onCall?: (call: CallMessage) => void, identity: FeedIdentity = {}) {
    this.#hub = hub;
    this.#watch = watch;
    this.#onCall = onCall;
    this.#identity = identity;
  }

  get board(): BoardSnapshot | null {
    this.#subscribe();
    return this.#board;
  }

  get counter(): CounterMessage | null {
    this.#subscribe();
    return this.#counter;
  }

  get connected(): boolean {
    this.#subscribe();
    return this.#connected;
  }

  /** No broker for 5 s or more (the screen still shows the last state it had). */
  get lost(): boolean {
    this.#subscribe();
    return this.#lost;
  }

  /** True for a few seconds after a new call (board) or a new number (counter). */
  get flashing(): boolean {
    this.#subscribe();
    return this.#flash.active;
  }

  /** True for a few seconds after this counter's tile shows a new call or a recall. */
  tileFlashing(counterId: string): boolean {
    this.#subscribe();
    return this.#tiles.has(counterId);
  }

  #start(): () => void {
    const link = new LinkWatch((lost) => (this.#lost = lost));
    // A counter screen reads the board too: its waiting count and the site's notices while idle.
    const subscribe: LiveSubscription =
      'board' in this.#watch ? { board: true } : { counters: [this.#watch.counter], board: true };
    if (this.#onCall) subscribe.calls = true;
    const device = this.#identity.device ?? null;
    let client: LiveClient | null = null;
    const status = async (state: 'online' | 'offline'): Promise<void> => {
      if (!device || !client?.connected) return;
      const payload =
        state === 'online'
          ? { v: 1, state, at: Date.now(), detail: { version: VERSION, app: 'display' } }
          : { v: 1, state, at: Date.now() };
      await client.publishDevice(device.deviceId, 'status', payload, { retain: true }).catch(() => {});
    };
    const options: OpenLiveOptions = {
      hub: this.#hub,
      url: defaultWsUrl(location),
      subscribe,
      onEvent: (ev) => {
        if (ev.kind === 'connection') {
          this.#connected = ev.connected;
          link.update(ev.connected);
          if (ev.connected) void status('online');
        } else if (ev.kind === 'board') this.#onBoard(ev.board);
        else if (ev.kind === 'counter') this.#onCounter(ev.counter);
        else if (ev.kind === 'call') this.#onCall?.(ev.call);
      },
      onError: (err) => {
        const code = (err as { code?: unknown }).code;
        if (code === 4 || code === 5) this.#identity.onRefused?.();
        else console.warn('live updates:', err);
      },
    };
    if (device) {
      options.username = device.deviceId;
      options.password = device.token;
      options.clientId = `${device.deviceId}-${Math.random().toString(36).slice(2, 10)}`;
      options.will = (siteId) => ({
        topic: topics.deviceStatus(siteId, device.deviceId),
        payload: JSON.stringify({ v: 1, state: 'offline' }),
        qos: 1,
        retain: true,
      });
      options.onClient = (c) => {
        client = c;
      };
    }
    const close = openLive(options);
    return () => {
      link.stop();
      this.#flash.stop();
      this.#tiles.stop();
      // A screen closed on purpose says goodbye (retained `offline`), then disconnects.
      void status('offline').then(() => close());
    };
  }

  #onBoard(board: BoardSnapshot): void {
    this.#board = board;
    if (!('board' in this.#watch)) return;
    const shown = 'board' in this.#watch ? this.#watch.services : null;
    const latest = shown ? board.calls.find((c) => shown.includes(c.serviceId)) : board.calls[0];
    this.#flash.see(latest ? callKey(latest) : null);
    this.#tiles.see(board.counters ?? []);
  }

  #onCounter(counter: CounterMessage): void {
    if ('counter' in this.#watch && counter.id !== this.#watch.counter) return;
    this.#counter = counter;
    this.#flash.see(counter.current?.number ?? null);
  }
}
