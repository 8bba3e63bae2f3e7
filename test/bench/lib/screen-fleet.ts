/** Drives screens-child.ts: starts the fleet, relays each call's arrivals, closes it. */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { askLag, forkFleet, type LagFigures } from './fleet-child';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'screens-child.ts');

/** Which MQTT client a fleet's subscribers use. */
export type FleetClient = 'mqttjs' | 'lean';

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

  /**
   * `niced`: the fleet under `nice -n 10`, below the server under test (see fleet-child.ts).
   * `client`: MQTT.js (as the display app) or the bench's lean subscriber (lean-subscriber.ts).
   */
  static async start(
    url: string,
    count: number,
    topicsToRead: string[],
    niced = false,
    client: FleetClient = 'mqttjs',
  ): Promise<ScreenFleet> {
    const child = await forkFleet(CHILD, [url, String(count), topicsToRead.join(','), client], 'screen fleet', niced);
    return new ScreenFleet(child);
  }

  onArrival(listener: (a: Arrival) => void): void {
    this.listener = listener;
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
