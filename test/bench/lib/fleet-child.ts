/**
 * What the fleet processes (screens-child.ts, phones-child.ts) share with their drivers.
 *
 * - `forkFleet`: forks a fleet under `nice -n 10` (relative to the bench, hence to the server under
 *   test, which the bench starts at its own priority). On a site the phones and screens are other
 *   devices: here they share the machine's cores with the server, and at a lower priority the
 *   server runs first when both are ready, as it would on its own machine. `nice` (not
 *   os.setPriority) because Linux priorities are per thread: the whole process must start niced.
 * - `LoopLag`: the fleet's own event-loop delay (perf_hooks monitorEventLoopDelay), asked for and
 *   reset over IPC, so that the report shows how long the fleet's process itself was busy (a
 *   copy that reached its socket waits in the fleet's queue until the copies before it are decoded).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export const FLEET_NICE = 10;

export interface LagFigures {
  /** Event-loop delay, milliseconds: p99 and max since the last reset. */
  p99: number;
  max: number;
}

/** `niced` false: at the bench's own priority (as the scenarios before subscribers-2000 measured). */
export async function forkFleet(modulePath: string, args: string[], what: string, niced: boolean): Promise<ChildProcess> {
  const child = fork(modulePath, args, {
    ...(niced
      ? { execPath: '/usr/bin/nice', execArgv: ['-n', String(FLEET_NICE), process.execPath, '--import', 'tsx'] }
      : { execArgv: ['--import', 'tsx'] }),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code} before it was ready`)));
    child.on('message', (m: { kind: string }) => m.kind === 'ready' && resolve());
  });
  child.removeAllListeners('exit');
  return child;
}

/** The driver's side: the fleet's loop lag since the last ask (the ask resets it). */
export function askLag(child: ChildProcess): Promise<LagFigures> {
  return new Promise((resolve) => {
    const on = (m: { kind: string; p99: number; max: number }) => {
      if (m.kind !== 'lag') return;
      child.off('message', on);
      resolve({ p99: m.p99, max: m.max });
    };
    child.on('message', on);
    child.send({ kind: 'lag?' });
  });
}

/** The fleet's side: answers 'lag?' with its loop delay since the last ask, and resets. */
export function serveLag(): void {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  process.on('message', (m: { kind: string }) => {
    if (m.kind !== 'lag?') return;
    process.send?.({ kind: 'lag', p99: h.percentile(99) / 1e6, max: h.max / 1e6 });
    h.reset();
  });
}
