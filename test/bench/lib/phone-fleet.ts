/** Drives phones-child.ts: the tracking-page phones of a site, with their REST refreshes. */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { askLag, forkFleet, type LagFigures } from './fleet-child';
import type { Arrival } from './screen-fleet';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'phones-child.ts');

export interface PhoneCount {
  requests: number;
  errors: number;
  why: Record<'now' | 'soon' | 'poll' | 'again', number>;
  connected: number;
}

export class PhoneFleet {
  private listener: (a: Arrival) => void = () => {};
  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: { kind: string; arrivals?: [number, string, string, number][] }) => {
      if (m.kind !== 'arrivals') return;
      for (const [screen, number, counterId, at] of m.arrivals ?? []) this.listener({ screen, number, counterId, at });
    });
  }

  /**
   * Under `nice -n 10` (see fleet-child.ts). `restBase` null: subscribers only (a bare broker has no
   * track page to ask). `follow`: each phone its own service's line (the page now) or the whole board
   * and every call (the page before).
   */
  static async start(wsUrl: string, count: number, restBase: string | null, siteId: string, follow: 'line' | 'board') {
    const child = await forkFleet(CHILD, [wsUrl, String(count), restBase ?? '-', siteId, follow], 'phone fleet', true);
    return new PhoneFleet(child);
  }

  onArrival(listener: (a: Arrival) => void): void {
    this.listener = listener;
  }

  track(tickets: { token: string; number: string; serviceId: string }[]): void {
    this.child.send({ kind: 'tickets', tickets });
  }

  /** The phones' REST refreshes: off, or by the page's rule (kiosk/src/lib/track-refresh.ts); zeroes the count. */
  rest(mode: 'off' | 'page'): void {
    this.child.send({ kind: 'rest', mode });
  }

  /** Requests since the last `rest()`, and why they were made (see phones-child.ts). */
  count(): Promise<PhoneCount> {
    return new Promise((resolve) => {
      const on = (m: PhoneCount & { kind: string }) => {
        if (m.kind !== 'count') return;
        this.child.off('message', on);
        resolve(m);
      };
      this.child.on('message', on);
      this.child.send({ kind: 'count?' });
    });
  }

  /** The fleet process's own event-loop delay since the last ask (resets it). */
  lag(): Promise<LagFigures> {
    return askLag(this.child);
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.send({ kind: 'close' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
