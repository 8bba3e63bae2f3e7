/** Drives screens-child.ts: starts the fleet, relays each call's arrivals, closes it. */
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'screens-child.ts');

/** Wall-clock milliseconds with sub-millisecond resolution, comparable with the fleet's. */
export const wallNow = () => performance.timeOrigin + performance.now();

export interface Arrival {
  screen: number;
  number: string;
  counterId: string;
  /** wallNow() at the screen. */
  at: number;
}

export class ScreenFleet {
  private listener: (a: Arrival) => void = () => {};
  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: { kind: string; arrivals?: [number, string, string, number][] }) => {
      if (m.kind !== 'arrivals') return;
      for (const [screen, number, counterId, at] of m.arrivals ?? []) this.listener({ screen, number, counterId, at });
    });
  }

  static async start(url: string, count: number, topicsToRead: string[]): Promise<ScreenFleet> {
    const child = fork(CHILD, [url, String(count), topicsToRead.join(',')], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`screen fleet exited with ${code} before it was ready`)));
      child.on('message', (m: { kind: string }) => m.kind === 'ready' && resolve());
    });
    child.removeAllListeners('exit');
    return new ScreenFleet(child);
  }

  onArrival(listener: (a: Arrival) => void): void {
    this.listener = listener;
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
