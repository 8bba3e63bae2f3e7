import { type BoardSnapshot, type CounterMessage, defaultWsUrl, type HubClient, LiveClient } from '@callboard/hub/client';
import { createSubscriber } from 'svelte/reactivity';
import { Flash } from './flash.svelte';

const RETRY_MS = 5_000;
const FLASH_MS = 4_000;

/** What one screen shows: the whole board, or one counter. */
export type Watch = { board: true } | { counter: string };

/**
 * Live data of one screen from the hub's retained MQTT topics. Connects while read and closes
 * when nothing reads it; MQTT.js reconnects by itself and the broker re-delivers the retained
 * board or counter state, so the screen heals without a reload.
 */
export class LiveFeed {
  readonly #hub: HubClient;
  readonly #watch: Watch;
  readonly #flash = new Flash(FLASH_MS);
  #board = $state.raw<BoardSnapshot | null>(null);
  #counter = $state.raw<CounterMessage | null>(null);
  #connected = $state(false);
  readonly #subscribe = createSubscriber(() => this.#start());

  constructor(hub: HubClient, watch: Watch) {
    this.#hub = hub;
    this.#watch = watch;
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

  /** True for a few seconds after a new call (board) or a new number (counter). */
  get flashing(): boolean {
    this.#subscribe();
    return this.#flash.active;
  }

  #start(): () => void {
    let live: LiveClient | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const connect = async () => {
      try {
        const { siteId } = await this.#hub.health();
        if (stopped) return;
        live = new LiveClient({ url: defaultWsUrl(location), siteId });
        live.on((ev) => {
          if (ev.kind === 'connection') this.#connected = ev.connected;
          else if (ev.kind === 'board') this.#onBoard(ev.board);
          else if (ev.kind === 'counter') this.#onCounter(ev.counter);
        });
        this.#connected = live.connected;
        await live.subscribe('board' in this.#watch ? { board: true } : { counters: [this.#watch.counter] });
      } catch (err) {
        if (live) console.warn('live feed unavailable', err);
        else if (!stopped) retry = setTimeout(connect, RETRY_MS);
      }
    };
    void connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      this.#flash.stop();
      void live?.close();
    };
  }

  #onBoard(board: BoardSnapshot): void {
    this.#board = board;
    const latest = board.calls[0];
    this.#flash.see(latest ? `${latest.number}@${latest.at}` : null);
  }

  #onCounter(counter: CounterMessage): void {
    if ('counter' in this.#watch && counter.id !== this.#watch.counter) return;
    this.#counter = counter;
    this.#flash.see(counter.current?.number ?? null);
  }
}
