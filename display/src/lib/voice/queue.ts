/**
 * Announcements one after another: a call that arrives while another is being spoken waits
 * its turn — nothing overlaps, nothing is cut off. The same call delivered twice (MQTT QoS 1
 * may redeliver) is spoken once; a recall has its own key and is spoken again. A burst larger
 * than `maxPending` drops the oldest waiting ones, and an announcement that waited longer than
 * `maxAgeMs` is skipped: a call read out minutes late only misleads.
 * Pure: the player and the clock are passed in.
 */

export interface Queued {
  key: string;
}

export type DropReason = 'overflow' | 'stale';

export interface AnnouncementQueueOptions<T extends Queued> {
  /** Speaks one item; the next starts only after this settles (an error is reported, not fatal). */
  play: (item: T) => Promise<void>;
  now?: () => number;
  maxPending?: number;
  maxAgeMs?: number;
  /** Keys remembered to ignore redeliveries. */
  rememberKeys?: number;
  onDrop?: (item: T, reason: DropReason) => void;
  onError?: (item: T, err: unknown) => void;
}

interface Entry<T> {
  item: T;
  queuedAt: number;
}

export class AnnouncementQueue<T extends Queued> {
  readonly #play: (item: T) => Promise<void>;
  readonly #now: () => number;
  readonly #maxPending: number;
  readonly #maxAgeMs: number;
  readonly #rememberKeys: number;
  readonly #onDrop: (item: T, reason: DropReason) => void;
  readonly #onError: (item: T, err: unknown) => void;
  readonly #pending: Entry<T>[] = [];
  readonly #seen = new Set<string>();
  #playing: T | null = null;
  #looping = false;
  #loop: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(options: AnnouncementQueueOptions<T>) {
    this.#play = options.play;
    this.#now = options.now ?? Date.now;
    this.#maxPending = Math.max(1, options.maxPending ?? 10);
    this.#maxAgeMs = options.maxAgeMs ?? 120_000;
    this.#rememberKeys = Math.max(1, options.rememberKeys ?? 200);
    this.#onDrop = options.onDrop ?? (() => {});
    this.#onError = options.onError ?? ((_item, err) => console.warn('announcement failed', err));
  }

  /** Queues an item; false when it was a repeat of one already queued or spoken. */
  push(item: T): boolean {
    if (this.#stopped || this.#seen.has(item.key)) return false;
    this.#remember(item.key);
    this.#pending.push({ item, queuedAt: this.#now() });
    while (this.#pending.length > this.#maxPending) {
      const dropped = this.#pending.shift() as Entry<T>;
      this.#onDrop(dropped.item, 'overflow');
    }
    if (!this.#looping) {
      this.#looping = true;
      this.#loop = this.#run();
    }
    return true;
  }

  get playing(): T | null {
    return this.#playing;
  }

  get pending(): readonly T[] {
    return this.#pending.map((e) => e.item);
  }

  /** Resolves when nothing is playing or waiting. */
  async idle(): Promise<void> {
    while (this.#looping) await this.#loop;
  }

  /** Drops what is waiting and accepts nothing more; the one being spoken finishes. */
  stop(): void {
    this.#stopped = true;
    this.#pending.length = 0;
  }

  #remember(key: string): void {
    this.#seen.add(key);
    if (this.#seen.size > this.#rememberKeys) {
      const oldest = this.#seen.values().next().value as string;
      this.#seen.delete(oldest);
    }
  }

  /** Plays until nothing is waiting; `#looping` turns false in the same step that finds the queue empty. */
  async #run(): Promise<void> {
    for (;;) {
      const entry = this.#pending.shift();
      if (!entry) {
        this.#looping = false;
        return;
      }
      if (this.#now() - entry.queuedAt > this.#maxAgeMs) {
        this.#onDrop(entry.item, 'stale');
        continue;
      }
      this.#playing = entry.item;
      try {
        await this.#play(entry.item);
      } catch (err) {
        this.#onError(entry.item, err);
      } finally {
        this.#playing = null;
      }
    }
  }
}
