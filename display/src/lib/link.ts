/**
 * "Connection lost" only after a grace period: MQTT reconnects within a second or two after
 * a blip, and a screen that flickers a warning at every blip teaches people to ignore it.
 * Pure apart from the timer functions, which a test can pass in.
 */
export const LOST_AFTER_MS = 5_000;

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export class LinkWatch {
  readonly #graceMs: number;
  readonly #onChange: (lost: boolean) => void;
  readonly #timers: Timers;
  #timer: unknown = null;
  #connected = false;
  #lost = false;

  /** Starts disconnected: a screen that never reaches the broker is marked after the grace period too. */
  constructor(onChange: (lost: boolean) => void, graceMs = LOST_AFTER_MS, timers: Timers = globalThis as unknown as Timers) {
    this.#onChange = onChange;
    this.#graceMs = graceMs;
    this.#timers = timers;
    this.#arm();
  }

  get lost(): boolean {
    return this.#lost;
  }

  update(connected: boolean): void {
    if (connected === this.#connected) return;
    this.#connected = connected;
    if (connected) {
      this.#disarm();
      this.#set(false);
    } else {
      this.#arm();
    }
  }

  stop(): void {
    this.#disarm();
  }

  #arm(): void {
    this.#disarm();
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = null;
      this.#set(true);
    }, this.#graceMs);
  }

  #disarm(): void {
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #set(lost: boolean): void {
    if (lost === this.#lost) return;
    this.#lost = lost;
    this.#onChange(lost);
  }
}
