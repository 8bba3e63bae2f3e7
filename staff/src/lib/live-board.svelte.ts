import { type BoardCounter, type BoardService, defaultWsUrl, type HubClient, openLive } from '@callboard/hub/client';
import { createSubscriber } from 'svelte/reactivity';

/** Waiting counts per service and each counter's current number, from the hub's retained board snapshot; connected while read. */
export class LiveBoard {
  readonly #hub: HubClient;
  #services = $state.raw<BoardService[] | null>(null);
  #counters = $state.raw<BoardCounter[] | null>(null);
  readonly #subscribe = createSubscriber(() => this.#start());

  constructor(hub: HubClient) {
    this.#hub = hub;
  }

  /** `null` until the first snapshot arrives. */
  get services(): BoardService[] | null {
    this.#subscribe();
    return this.#services;
  }

  /** Each counter with the number it calls or serves now; `null` until the first snapshot. */
  get counters(): BoardCounter[] | null {
    this.#subscribe();
    return this.#counters;
  }

  #start(): () => void {
    return openLive({
      hub: this.#hub,
      url: defaultWsUrl(location),
      subscribe: { board: true },
      onEvent: (ev) => {
        if (ev.kind === 'board') {
          this.#services = ev.board.services;
          this.#counters = ev.board.counters ?? null;
        }
      },
    });
  }
}
