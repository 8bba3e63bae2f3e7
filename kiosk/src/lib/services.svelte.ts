import type { BoardSnapshot, HubClient, QueueReply, Service } from '@callboard/hub/client';
import { createSubscriber } from 'svelte/reactivity';
import { mergeTiles, type Tile } from './tiles';

const REFRESH_MS = 60_000;
const RETRY_MS = 5_000;

/**
 * The service tiles: the service list and queue from REST (refreshed every minute, for opening
 * hours; every 5 s while the hub cannot be reached), live counts from the hub's retained board
 * snapshot, which the kiosk's device link receives. Polls only while read.
 */
export class ServiceTiles {
  readonly #hub: HubClient;
  readonly #board: () => BoardSnapshot | null;
  #services = $state.raw<Service[] | null>(null);
  #queue = $state.raw<QueueReply | null>(null);
  #unreachable = $state(false);
  #nextRefreshAt = $state(0);
  /** The board's set-up version last seen (undefined until the first board). */
  #seenSetup: number | undefined;
  readonly #subscribe: () => void;

  constructor(hub: HubClient, board: () => BoardSnapshot | null) {
    this.#hub = hub;
    this.#board = board;
    this.#subscribe = createSubscriber(() => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let stopped = false;
      const loop = async () => {
        await this.refresh();
        if (stopped) return;
        const wait = this.#unreachable ? RETRY_MS : REFRESH_MS;
        this.#nextRefreshAt = Date.now() + wait;
        timer = setTimeout(() => void loop(), wait);
      };
      void loop();
      return () => {
        stopped = true;
        clearTimeout(timer);
      };
    });
  }

  /** `null` until the service list has loaded. */
  get tiles(): Tile[] | null {
    this.#subscribe();
    this.#watchSetup();
    return this.#services ? mergeTiles(this.#services, this.#queue, this.#board()) : null;
  }

  /**
   * An admin changed services or counters (the board's `setupVersion` moved): reload the list now
   * rather than at the next minute. Runs after the read that noticed it (no state write while rendering).
   */
  #watchSetup(): void {
    const version = this.#board()?.setupVersion ?? 0;
    if (this.#seenSetup === undefined) this.#seenSetup = version;
    else if (version !== this.#seenSetup) {
      this.#seenSetup = version;
      queueMicrotask(() => void this.refresh());
    }
  }

  /** The last REST refresh failed (the tiles, if any, may be stale). */
  get unreachable(): boolean {
    this.#subscribe();
    return this.#unreachable;
  }

  /** When the next refresh (or retry) happens, for a countdown. */
  get nextRefreshAt(): number {
    return this.#nextRefreshAt;
  }

  /** One refresh at a time: the minute loop, a set-up change and a reset may all ask for one. */
  refresh(): Promise<void> {
    this.#inFlight ??= this.#load().finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }
  #inFlight: Promise<void> | null = null;

  async #load(): Promise<void> {
    try {
      const [services, queue] = await Promise.all([this.#hub.services(), this.#hub.queue()]);
      this.#services = services;
      this.#queue = queue;
      this.#unreachable = false;
    } catch {
      this.#unreachable = true;
    }
  }
}
