/**
 * Groups writes that arrive in the same tick into one NeDB insert: one append to the data
 * file instead of hundreds at a morning peak. Each caller's promise settles only after the
 * batch holding its document has been appended, so "acknowledged" still means "on disk".
 */
export class InsertBatcher<T> {
  private pending: { doc: T; resolve: () => void; reject: (err: unknown) => void }[] = [];
  private scheduled = false;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(private readonly write: (docs: T[]) => Promise<unknown>) {}

  add(doc: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ doc, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Resolves when everything added so far has been written (used on shutdown). */
  async drain(): Promise<void> {
    while (this.pending.length > 0 || this.scheduled) {
      await new Promise((r) => setImmediate(r));
    }
    await this.inFlight;
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    this.inFlight = this.inFlight
      .then(() => this.write(batch.map((b) => b.doc)))
      .then(
        () => {
          for (const b of batch) b.resolve();
        },
        (err: unknown) => {
          for (const b of batch) b.reject(err);
        },
      );
  }
}
