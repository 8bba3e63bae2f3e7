/**
 * Runs `task` at most once per `intervalMs`, and always once more after the last request:
 * a burst of 300 ticket issues produces a handful of board publishes, and the final state is
 * always published.
 */
export class Coalescer {
  private timer: NodeJS.Timeout | null = null;
  private lastRun = 0;
  private dirty = false;

  constructor(
    private readonly intervalMs: number,
    private readonly task: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  request(): void {
    this.dirty = true;
    if (this.timer) return;
    const wait = Math.max(0, this.lastRun + this.intervalMs - this.now());
    this.timer = setTimeout(() => this.run(), wait);
  }

  /** Runs now if something is pending (used before shutdown). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.dirty) this.run();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.dirty = false;
  }

  private run(): void {
    this.timer = null;
    if (!this.dirty) return;
    this.dirty = false;
    this.lastRun = this.now();
    this.task();
  }
}
