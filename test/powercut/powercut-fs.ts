/**
 * The power-cut file system (powercut_fs.py) from Node: mount it over a fresh backing dir,
 * `cut()` the power (every write, truncate and name change not yet fsynced is undone, and the
 * file system freezes), `remount()` it (the machine comes back), `unmount()` at the end.
 * Needs /dev/fuse, Debian's python3-fusepy (under /usr/bin/python3) and fusermount3 (fuse3).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../support/hub';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'powercut_fs.py');
const PYTHON = '/usr/bin/python3';

/** Null when the harness can run here, else what is missing and how to get it. */
export function powerCutUnsupported(): string | null {
  if (!existsSync('/dev/fuse')) return '/dev/fuse is missing (no FUSE in this kernel or container)';
  if (!existsSync('/usr/bin/fusermount3')) return 'fusermount3 not found: install the Debian package "fuse3"';
  try {
    execFileSync(PYTHON, ['-c', 'import fusepy'], { stdio: 'ignore' });
  } catch {
    return 'fusepy not importable by /usr/bin/python3: install the Debian package "python3-fusepy"';
  }
  return null;
}

/** Returns true to run the power-cut checks; false (after saying why) to skip them; throws in CI. */
export function powerCutOrSkip(): boolean {
  const why = powerCutUnsupported();
  if (!why) return true;
  if (process.env.CI) throw new Error(`CI requires the power-cut harness: ${why}`);
  console.warn(`SKIPPED power-cut test: ${why}`);
  return false;
}

export interface CutReport {
  files: number;
  bytes: number;
  names: number;
}

export class PowerCutFs {
  private proc: ChildProcess | null = null;
  private lines: string[] = [];
  private waiters: ((line: string) => void)[] = [];
  private stderr = '';

  private constructor(
    readonly base: string,
    readonly mountpoint: string,
  ) {}

  /** A fresh, empty file system mounted at `<base>/mnt`. */
  static async create(): Promise<PowerCutFs> {
    const base = tempDir('cb-powercut-');
    for (const d of ['backing', 'stash', 'mnt']) mkdirSync(path.join(base, d));
    const fs = new PowerCutFs(base, path.join(base, 'mnt'));
    await fs.mount();
    return fs;
  }

  /** The power cut: what was not fsynced is gone; the file system answers EIO until remounted. */
  async cut(): Promise<CutReport> {
    const reply = await this.command('cut');
    const m = /files=(\d+) bytes=(\d+) names=(\d+)/.exec(reply);
    if (!m) throw new Error(`power-cut file system: unexpected answer ${reply}`);
    return { files: Number(m[1]), bytes: Number(m[2]), names: Number(m[3]) };
  }

  /** Everything written so far becomes durable (for files the test itself wrote). */
  async sync(): Promise<void> {
    await this.command('sync');
  }

  /** The machine is back: a fresh mount of what stable storage held. */
  async remount(): Promise<void> {
    await this.unmount();
    await this.mount();
  }

  async unmount(): Promise<void> {
    if (!this.proc) return;
    const proc = this.proc;
    this.proc = null;
    const exited = new Promise((r) => proc.once('exit', r));
    try {
      execFileSync('fusermount3', ['-u', this.mountpoint], { stdio: 'ignore' });
    } catch {
      execFileSync('fusermount3', ['-u', '-z', this.mountpoint], { stdio: 'ignore' });
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (proc.exitCode === null) proc.kill('SIGKILL');
  }

  async destroy(): Promise<void> {
    await this.unmount();
    rmSync(this.base, { recursive: true, force: true });
  }

  private async mount(): Promise<void> {
    this.lines = [];
    this.waiters = [];
    const proc = spawn(PYTHON, [SCRIPT, path.join(this.base, 'backing'), path.join(this.base, 'stash'), this.mountpoint], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.proc = proc;
    let buf = '';
    proc.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        const waiter = this.waiters.shift();
        if (waiter) waiter(line);
        else this.lines.push(line);
      }
    });
    proc.stderr?.on('data', (d: Buffer) => {
      this.stderr += d.toString();
    });
    const ready = await Promise.race([
      this.next(),
      new Promise<string>((r) => proc.once('exit', (code) => r(`exited ${code}`))),
      new Promise<string>((r) => setTimeout(() => r('timeout'), 15_000)),
    ]);
    if (ready !== 'ready') throw new Error(`power-cut file system did not mount (${ready}): ${this.stderr}`);
  }

  private next(): Promise<string> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise((r) => this.waiters.push(r));
  }

  private async command(cmd: string): Promise<string> {
    if (!this.proc?.stdin) throw new Error('power-cut file system is not mounted');
    this.proc.stdin.write(`${cmd}\n`);
    return this.next();
  }
}
