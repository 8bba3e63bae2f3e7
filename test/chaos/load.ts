/**
 * Steady load for a chaos run: kiosks issuing tickets and clerks calling next, each in its
 * own loop. Failures while the hub is down are expected and not recorded; only
 * acknowledgements (2xx answers) go to the ledger. `pause()` stops new requests and waits for
 * those in flight, so the checks run against a quiet hub.
 */
import { ApiError, HubClient } from '@callboard/hub/client';
import type { Prng } from '../bench/lib/prng';
import { CLERK_PASSWORD, clerkName, counterId, SERVICES } from '../bench/lib/site';
import type { Ledger } from './ledger';

export class Load {
  private running = false;
  private stopped = false;
  private readonly inflight = new Set<Promise<unknown>>();
  private loops: Promise<void>[] = [];
  readonly stats = { issueFailures: 0, callFailures: 0, queueEmpty: 0 };
  readonly clerks: HubClient[];
  private readonly kiosk: HubClient;

  constructor(
    baseUrl: string,
    private readonly ledger: Ledger,
    private readonly rng: Prng,
    private readonly opts: { kiosks: number; clerks: number; kioskPauseMs: number; clerkPauseMs: number },
  ) {
    this.kiosk = new HubClient({ baseUrl });
    this.clerks = Array.from({ length: opts.clerks }, () => new HubClient({ baseUrl }));
  }

  /** Signs the clerks in once: sessions are persisted, so they survive every restart. */
  async login(): Promise<void> {
    await Promise.all(this.clerks.map((c, i) => c.login(clerkName(i + 1), CLERK_PASSWORD)));
  }

  get inflightCount(): number {
    return this.inflight.size;
  }

  start(): void {
    if (this.loops.length === 0) {
      for (let k = 0; k < this.opts.kiosks; k++) this.loops.push(this.kioskLoop());
      for (let c = 0; c < this.opts.clerks; c++) this.loops.push(this.clerkLoop(c));
    }
    this.running = true;
  }

  /** Stops sending and waits until every request in flight has been answered or has failed. */
  async pause(): Promise<void> {
    this.running = false;
    await Promise.allSettled([...this.inflight]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.running = false;
    await Promise.allSettled(this.loops);
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p)).catch(() => {});
    return p;
  }

  private async idle(ms: number): Promise<void> {
    await new Promise((r) => setTimeout(r, ms));
  }

  private async kioskLoop(): Promise<void> {
    while (!this.stopped) {
      if (!this.running) {
        await this.idle(20);
        continue;
      }
      try {
        const t = await this.track(this.kiosk.issueTicket({ serviceId: this.rng.pick(SERVICES), source: 'kiosk' }));
        this.ledger.ticketAcked(t);
      } catch {
        this.stats.issueFailures++;
      }
      await this.idle(this.opts.kioskPauseMs * (0.5 + this.rng.next()));
    }
  }

  private async clerkLoop(i: number): Promise<void> {
    const clerk = this.clerks[i] as HubClient;
    const id = counterId(i + 1);
    while (!this.stopped) {
      if (!this.running) {
        await this.idle(20);
        continue;
      }
      try {
        const t = await this.track(clerk.callNext(id));
        this.ledger.callAcked(t.id, t.number);
      } catch (err) {
        if (err instanceof ApiError && err.code === 'QUEUE_EMPTY') this.stats.queueEmpty++;
        else this.stats.callFailures++;
      }
      await this.idle(this.opts.clerkPauseMs * (0.5 + this.rng.next()));
    }
  }
}
