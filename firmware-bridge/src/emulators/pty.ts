/**
 * socat pty pairs: `socat pty,raw,echo=0,link=A pty,raw,echo=0,link=B` gives two linked serial
 * ports; the driver opens one end and the emulator the other, so tests and the demo run the
 * real serial stack. We keep socat's PID, wait for both links, and kill it by PID.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface PtyPair {
  /** The end the bridge's driver opens. */
  host: string;
  /** The end the emulator opens. */
  device: string;
  readonly pid: number | undefined;
  close(): Promise<void>;
}

export async function openPtyPair(host: string, device: string, socat = 'socat', timeoutMs = 5000): Promise<PtyPair> {
  const child: ChildProcess = spawn(socat, [`pty,raw,echo=0,link=${host}`, `pty,raw,echo=0,link=${device}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (err) => reject(new Error(`cannot run ${socat}: ${err.message} (install the Debian package "socat")`))),
  );
  const deadline = Date.now() + timeoutMs;
  const ready = (async () => {
    while (!(existsSync(host) && existsSync(device))) {
      if (child.exitCode !== null) throw new Error(`socat exited with ${child.exitCode}: ${stderr.trim()}`);
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`socat did not create ${host} and ${device} within ${timeoutMs} ms`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  await Promise.race([ready, spawnError]);
  return {
    host,
    device,
    pid: child.pid,
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
