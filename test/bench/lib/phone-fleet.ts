/** Drives phones-child.ts: the tracking-page phones of a site, with their REST refreshes. */
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Arrival } from './screen-fleet';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'phones-child.ts');

export class PhoneFleet {
  private listener: (a: Arrival) => void = () => {};
  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: { kind: string; arrivals?: [number, string, string, number][] }) => {
      if (m.kind !== 'arrivals') return;
      for (const [screen, number, counterId, at] of m.arrivals ?? []) this.listener({ screen, number, counterId, at });
    });
  }

  /** `restBase` null: subscribers only (a bare broker has no track page to ask). */
  static async start(wsUrl: string, count: number, restBase: string | null, board: string, calls: string) {
    const child = fork(CHILD, [wsUrl, String(count), restBase ?? '-', board, calls], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`phone fleet exited with ${code} before it was ready`)));
      child.on('message', (m: { kind: string }) => m.kind === 'ready' && resolve());
    });
    child.removeAllListeners('exit');
    return new PhoneFleet(child);
  }

  onArrival(listener: (a: Arrival) => void): void {
    this.listener = listener;
  }

  track(tickets: { token: string; number: string; serviceId: string }[]): void {
    this.child.send({ kind: 'tickets', tickets });
  }

  /** The phones' REST refreshes: off, by the page's earlier rules (every board; its service's figures moved), or by its rule now; zeroes the count. */
  rest(mode: 'off' | 'every-board' | 'moved' | 'page'): void {
    this.child.send({ kind: 'rest', mode });
  }

  count(): Promise<{ requests: number; errors: number; connected: number }> {
    return new Promise((resolve) => {
      const on = (m: { kind: string; requests: number; errors: number; connected: number }) => {
        if (m.kind !== 'count') return;
        this.child.off('message', on);
        resolve(m);
      };
      this.child.on('message', on);
      this.child.send({ kind: 'count?' });
    });
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
