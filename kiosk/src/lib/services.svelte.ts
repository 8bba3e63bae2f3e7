import {
  type BoardSnapshot,
  defaultWsUrl,
  type HubClient,
  LiveClient,
  type QueueReply,
  type Service,
} from '@callboard/hub/client';
import { createSubscriber } from 'svelte/reactivity';
import { mergeTiles, type Tile } from './tiles';

const REFRESH_MS = 60_000;
const RETRY_MS = 5_000;

/**
 * The service tiles: the service list and queue from REST (refreshed every minute, for opening
 * hours), live counts from the hub's retained board snapshot. Connects only while read.
 */
export class ServiceTiles {
  readonly #hub: HubClient;
  #services = $state.raw<Service[] | null>(null);
  #queue = $state.raw<QueueReply | null>(null);
  #board = $state.raw<BoardSnapshot | null>(null);
  #unreachable = $state(false);
  #tiles = $derived(this.#services ? mergeTiles(this.#services, this.#queue, this.#board) : null);
  readonly #subscribe: () => void;

  constructor(hub: HubClient) {
    this.#hub = hub;
    this.#subscribe = createSubscriber(() => {
      void this.refresh();
      const timer = setInterval(() => void this.refresh(), REFRESH_MS);
      const stopLive = this.#watchBoard();
      return () => {
        clearInterval(timer);
        stopLive();
      };
    });
  }

  /** `null` until the service list has loaded. */
  get tiles(): Tile[] | null {
    this.#subscribe();
    return this.#tiles;
  }

  /** The last REST refresh failed (the tiles, if any, may be stale). */
  get unreachable(): boolean {
    this.#subscribe();
    return this.#unreachable;
  }

  async refresh(): Promise<void> {
    try {
      const [services, queue] = await Promise.all([this.#hub.services(), this.#hub.queue()]);
      this.#services = services;
      this.#queue = queue;
      this.#unreachable = false;
    } catch {
      this.#unreachable = true;
    }
  }

  #watchBoard(): () => void {
    let live: LiveClient | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const connect = async () => {
      try {
        const { siteId } = await this.#hub.health();
        if (stopped) return;
        live = new LiveClient({ url: defaultWsUrl(location), siteId });
        live.on((ev) => {
          if (ev.kind === 'board') this.#board = ev.board;
        });
        await live.subscribe({ board: true });
      } catch (err) {
        if (live) console.warn('live board unavailable', err);
        else if (!stopped) retry = setTimeout(connect, RETRY_MS);
      }
    };
    void connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      void live?.close();
    };
  }
}
