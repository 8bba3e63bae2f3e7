/**
 * Groups writes into one NeDB insert: one append to the data file instead of hundreds at a
 * morning peak. Each caller's promise settles only after the batch holding its document has
 * been appended, so "acknowledged" still means "on disk".
 *
 * Group commit: while one batch is being written, everything that arrives waits and goes out
 * as the *next single* batch when the write finishes. (Flushing every tick instead queued one
 * small append per tick behind the one in flight — each an open/write/close of the file — and
 * at 100 concurrent kiosks that append chain, not the CPU, bounded throughput: see
 * docs/performance.md.)
 */
export class InsertBatcher<T> {
  private pending: { doc: T; resolve: () => void; reject: (err: unknown) => void }[] = [];
  private scheduled = false;
  private writing = false;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(private readonly write: (docs: T[]) => Promise<unknown>) {}

  add(doc: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ doc, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves when everything added so far has been written (used on shutdown). */
  async drain(): Promise<void> {
    // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, documents wait only while a flush is scheduled or a write runs
    while (this.pending.length > 0 || this.scheduled || this.writing) {
      await (this.writing ? this.inFlight : new Promise((r) => setImmediate(r)));
    }
  }

  /** Flush after the current tick, so every add of this tick joins the batch; never during a write. */
  private schedule(): void {
    if (this.scheduled || this.writing) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, schedule() never lets a flush start during a write or with nothing to write (kept as a guard)
    if (this.writing || this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.writing = true;
    this.inFlight = Promise.resolve()
      .then(() => this.write(batch.map((b) => b.doc)))
      .then(
        () => {
          for (const b of batch) b.resolve();
        },
        (err: unknown) => {
          for (const b of batch) b.reject(err);
        },
      )
      .finally(() => {
        this.writing = false;
        // What arrived during the write is the next batch.
        if (this.pending.length > 0) this.schedule();
      });
  }
}
