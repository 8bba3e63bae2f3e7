/**
 * Is the reader's line healthy? Pure bookkeeping the driver feeds after every exchange and
 * every poll cycle. The reader is **degraded** when `failedCyclesToDegrade` read cycles in a
 * row failed (every retry of a step broke), or when at least `degradedFailures` of the last
 * `window` exchanges broke (a reader that works only thanks to retries still needs a look);
 * it is healthy again after `window` exchanges in a row without a broken one.
 */
export interface HealthOptions {
  window?: number;
  degradedFailures?: number;
  failedCyclesToDegrade?: number;
}

export class ReaderHealth {
  private readonly window: number;
  private readonly degradedFailures: number;
  readonly failedCyclesToDegrade: number;
  private recent: boolean[] = [];
  private cleanRun = 0;
  /** Read cycles in a row that failed on a broken exchange. */
  failedCycles = 0;
  degraded = false;

  constructor(options: HealthOptions = {}) {
    this.window = options.window ?? 20;
    this.degradedFailures = options.degradedFailures ?? 5;
    this.failedCyclesToDegrade = options.failedCyclesToDegrade ?? 3;
  }

  /** One request/reply: `ok` false for a broken frame or no reply. Returns true when `degraded` changed. */
  exchange(ok: boolean): boolean {
    this.recent.push(ok);
    if (this.recent.length > this.window) this.recent.shift();
    this.cleanRun = ok ? this.cleanRun + 1 : 0;
    const failures = this.recent.reduce((n, x) => n + (x ? 0 : 1), 0);
    if (!this.degraded && failures >= this.degradedFailures) return this.set(true);
    if (this.degraded && this.cleanRun >= this.window && this.failedCycles === 0) return this.set(false);
    return false;
  }

  /** A poll cycle ended: `broken` when it gave up on a step after its retries. Returns true when `degraded` changed. */
  cycle(broken: boolean): boolean {
    this.failedCycles = broken ? this.failedCycles + 1 : 0;
    if (!this.degraded && this.failedCycles >= this.failedCyclesToDegrade) return this.set(true);
    return false;
  }

  private set(degraded: boolean): boolean {
    this.degraded = degraded;
    return true;
  }
}
