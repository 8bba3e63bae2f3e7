/**
 * One request at a time, and the reply that answers it (the idea of zigbee-herdsman's
 * waitress + mutex, written small): serial devices answer in order and cannot interleave, so
 * the driver queues requests and waits for the first incoming message a matcher accepts,
 * with a timeout. A reply nobody waits for is handed back to the caller (unsolicited).
 */
export class TimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`no reply to ${what} within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

interface Waiter<T> {
  accept: (msg: T) => boolean;
  resolve: (msg: T) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

export class Waitress<T> {
  private waiter: Waiter<T> | null = null;
  private tail: Promise<unknown> = Promise.resolve();

  /**
   * Runs `send` once every earlier request has finished, then waits for a message `accept`ed
   * within `ms`. Requests never overlap, so a reply cannot be taken for another's.
   */
  request(what: string, send: () => Promise<void> | void, accept: (msg: T) => boolean, ms: number): Promise<T> {
    const run = async () => {
      const reply = new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.waiter = null;
          reject(new TimeoutError(what, ms));
        }, ms);
        this.waiter = { accept, resolve, reject, timer };
      });
      // It may be cancelled (port closed, driver stopped) while `send` is still writing; the
      // rejection reaches the caller through `return reply`, not as an unhandled rejection.
      reply.catch(() => undefined);
      try {
        await send();
      } catch (err) {
        this.cancel(err as Error);
      }
      return reply;
    };
    const result = this.tail.then(run, run);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Runs `fn` in the same queue as requests (a print job must not interleave with a status poll). */
  exclusive<R>(fn: () => Promise<R>): Promise<R> {
    const result = this.tail.then(fn, fn);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Offers an incoming message to the pending request; `false` if nobody wanted it. */
  offer(msg: T): boolean {
    const w = this.waiter;
    if (!w?.accept(msg)) return false;
    this.waiter = null;
    clearTimeout(w.timer);
    w.resolve(msg);
    return true;
  }

  /** Fails the pending request (port closed, driver stopping). */
  cancel(err: Error): void {
    const w = this.waiter;
    if (!w) return;
    this.waiter = null;
    clearTimeout(w.timer);
    w.reject(err);
  }
}
