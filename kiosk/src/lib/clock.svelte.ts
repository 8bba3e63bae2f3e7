import { createSubscriber } from 'svelte/reactivity';

/** The current time, ticking while something reads it (countdowns on screen). */
export class Clock {
  #now = $state(Date.now());
  readonly #subscribe: () => void;

  constructor(tickMs = 250) {
    this.#subscribe = createSubscriber((update) => {
      const timer = setInterval(() => {
        this.#now = Date.now();
        update();
      }, tickMs);
      return () => clearInterval(timer);
    });
  }

  /** Always the real time; reading it re-renders the reader on every tick. */
  get now(): number {
    this.#subscribe();
    void this.#now;
    return Date.now();
  }

  /** Whole seconds left until `at` (never negative). */
  secondsUntil(at: number): number {
    return Math.max(0, Math.ceil((at - this.now) / 1000));
  }
}
