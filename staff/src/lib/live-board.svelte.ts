import { type BoardService, defaultWsUrl, type HubClient, LiveClient } from '@callboard/hub/client';
import { createSubscriber } from 'svelte/reactivity';

const RETRY_MS = 5_000;

/** Waiting counts per service from the hub's retained board snapshot; connected while read. */
export class LiveBoard {
  readonly #hub: HubClient;
  #services = $state.raw<BoardService[] | null>(null);
  readonly #subscribe = createSubscriber(() => this.#start());

  constructor(hub: HubClient) {
    this.#hub = hub;
  }

  /** `null` until the first snapshot arrives. */
  get services(): BoardService[] | null {
    this.#subscribe();
    return this.#services;
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
          if (ev.kind === 'board') this.#services = ev.board.services;
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
