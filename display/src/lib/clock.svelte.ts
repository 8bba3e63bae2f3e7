import { createSubscriber } from 'svelte/reactivity';

/** The current time, ticking every second while something reads it. */
export class Clock {
  readonly #subscribe = createSubscriber((update) => {
    const timer = setInterval(update, 1000);
    return () => clearInterval(timer);
  });

  get now(): Date {
    this.#subscribe();
    return new Date();
  }
}
