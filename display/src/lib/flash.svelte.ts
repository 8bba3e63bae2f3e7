/**
 * Briefly true when what is shown changes to something new (a new call, a recall). The first
 * value seen, and the same value delivered again (a retained message after a reconnect), do not flash.
 */
export class Flash {
  active = $state(false);
  readonly #ms: number;
  #last: string | null | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(ms: number) {
    this.#ms = ms;
  }

  /** `key` identifies what is on screen now; `null` for nothing. */
  see(key: string | null): void {
    const changed = this.#last !== undefined && key !== null && key !== this.#last;
    this.#last = key;
    if (!changed) return;
    clearTimeout(this.#timer);
    this.active = true;
    this.#timer = setTimeout(() => (this.active = false), this.#ms);
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.active = false;
  }
}
