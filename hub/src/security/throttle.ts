/**
 * Backoff after failed sign-ins, per key (an account, a device id, an address): the first few
 * failures cost nothing, then each further failure doubles the wait before the next attempt is
 * even checked (up to a ceiling). A success clears the key. The right password works again
 * once the wait has passed, and a second address gains nothing, because the key is the account.
 * Pure apart from the clock it is given; the map is pruned so that guessing many keys cannot
 * grow it without bound.
 */
export interface ThrottleOptions {
  /** Failures allowed before any wait. */
  free: number;
  /** Wait after the first failure beyond `free`; doubles with each further one. */
  baseMs: number;
  maxMs: number;
  /** A key with no failure for this long is forgotten. */
  forgetAfterMs: number;
  /** At most this many keys are kept (the oldest is dropped first). */
  maxKeys?: number;
}

interface Entry {
  failures: number;
  last: number;
  until: number;
}

export class FailureThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: ThrottleOptions) {}

  /** Milliseconds to wait before `key` may try again (0: now). */
  retryInMs(key: string, now: number): number {
    const e = this.entries.get(key);
    if (!e) return 0;
    if (now - e.last > this.options.forgetAfterMs) {
      this.entries.delete(key);
      return 0;
    }
    return Math.max(0, e.until - now);
  }

  /** Records a failure; returns the number of failures in a row and the wait that now applies. */
  fail(key: string, now: number): { failures: number; waitMs: number } {
    const prev = this.entries.get(key);
    const failures = (prev && now - prev.last <= this.options.forgetAfterMs ? prev.failures : 0) + 1;
    const over = failures - this.options.free;
    const waitMs = over > 0 ? Math.min(this.options.maxMs, this.options.baseMs * 2 ** (over - 1)) : 0;
    this.entries.delete(key); // re-insert: the map's order is least recently failed first
    this.entries.set(key, { failures, last: now, until: now + waitMs });
    this.prune(now);
    return { failures, waitMs };
  }

  succeed(key: string): void {
    this.entries.delete(key);
  }

  failures(key: string): number {
    return this.entries.get(key)?.failures ?? 0;
  }

  private prune(now: number): void {
    const max = this.options.maxKeys ?? 10_000;
    for (const [key, e] of this.entries) {
      if (this.entries.size <= max && now - e.last <= this.options.forgetAfterMs) break;
      this.entries.delete(key);
    }
  }
}
