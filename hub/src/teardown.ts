/**
 * The hub's one teardown path: each part is registered as it starts, and stopped in reverse
 * order, both when start-up fails half-way and when the hub closes. A step that fails is
 * logged and the others still run.
 */
export class Teardown {
  private readonly steps: { name: string; stop: () => unknown }[] = [];
  private done: Promise<void> | undefined;

  constructor(private readonly log: { error: (obj: object, msg?: string) => void }) {}

  /** Registers how to stop a part that has just started. */
  add(name: string, stop: () => unknown): void {
    this.steps.push({ name, stop });
  }

  /** Stops everything registered, newest first; runs once (a second call waits for the first). */
  run(): Promise<void> {
    this.done ??= (async () => {
      for (const { name, stop } of this.steps.reverse()) {
        try {
          await stop();
        } catch (err) {
          this.log.error({ err, part: name }, 'stopping failed');
        }
      }
    })();
    return this.done;
  }
}
