/**
 * The timer shared by the hub's nightly jobs (backups, personal data retention): every
 * `checkEveryMs` it asks the job whether a run is due, never starts a second run while one is
 * going, and on stop waits for the run in progress (the store closes right after).
 */
export class PeriodicJob<T> {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<T | null> | null = null;

  /** `check` runs the job if it is due and returns its result, or null when nothing was due. */
  constructor(private readonly check: () => Promise<T | null>) {}

  start(checkEveryMs: number): void {
    this.timer = setInterval(() => void this.tick(), checkEveryMs);
    this.timer.unref();
    void this.tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Runs the check now unless a run is in progress (then null). */
  async tick(): Promise<T | null> {
    if (this.running) return null;
    this.running = this.check();
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }
}
