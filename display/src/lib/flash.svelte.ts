import type { BoardCounter } from '@callboard/hub/client';
import { freshCalls } from './board-view';

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

/** Per counter tile: briefly true after that counter calls a new number or recalls one (`freshCalls`). */
export class TileFlashes {
  readonly #ms: number;
  readonly #seen = new Map<string, string | null>();
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  #active = $state.raw<ReadonlySet<string>>(new Set());
  #first = true;

  constructor(ms: number) {
    this.#ms = ms;
  }

  has(counterId: string): boolean {
    return this.#active.has(counterId);
  }

  see(tiles: Pick<BoardCounter, 'id' | 'current'>[]): void {
    const fresh = freshCalls(this.#seen, tiles, this.#first);
    this.#first = false;
    if (fresh.length === 0) return;
    this.#active = new Set([...this.#active, ...fresh]);
    for (const id of fresh) {
      clearTimeout(this.#timers.get(id));
      this.#timers.set(
        id,
        setTimeout(() => {
          this.#timers.delete(id);
          this.#active = new Set([...this.#active].filter((a) => a !== id));
        }, this.#ms),
      );
    }
  }

  stop(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#active = new Set();
  }
}
