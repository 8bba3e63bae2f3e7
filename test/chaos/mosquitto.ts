/**
 * Starts Debian's mosquitto with the configuration shipped in docs/mosquitto (the same
 * mosquitto.conf and callboard.acl, a password file made by make-passwd.sh), on a free port,
 * in a temporary folder. Used by the external-broker and security tests and by the chaos
 * run's broker-drop fault. Never a system service: the test owns the process.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { REPO, tempDir } from '../support/hub';
import { freePort } from '../support/ports';

export const DOCS = path.join(REPO, 'docs/mosquitto');
export const HUB_USER = 'callboard-hub';

export interface MosquittoOptions {
  bin: string;
  hubPassword: string;
  /** [device id, token] pairs for the password file. */
  devices: [string, string][];
  allowAnonymous?: boolean;
  /** Also listen for MQTT over WebSocket (screens), on a port of its own. */
  websockets?: boolean;
}

export class Mosquitto {
  private proc: ChildProcess | null = null;
  private log = '';

  private constructor(
    readonly bin: string,
    readonly port: number,
    readonly conf: string,
    /** The WebSocket listener's port, when asked for. */
    readonly wsPort: number | null = null,
  ) {}

  /** Writes conf, ACL and password file from docs/mosquitto, then starts the broker. */
  static async start(opts: MosquittoOptions): Promise<Mosquitto> {
    const dir = tempDir('cb-mosq-');
    chmodSync(dir, 0o755); // mosquitto drops root privileges before it reads the ACL and passwords
    const port = await freePort();
    const acl = path.join(dir, 'callboard.acl');
    const passwd = path.join(dir, 'callboard.passwd');
    copyFileSync(path.join(DOCS, 'callboard.acl'), acl);
    execFileSync('sh', [path.join(DOCS, 'make-passwd.sh'), passwd, opts.hubPassword, ...opts.devices.flat()], {
      stdio: 'ignore',
    });
    chmodSync(passwd, 0o644);
    chmodSync(acl, 0o644);
    let conf = readFileSync(path.join(DOCS, 'mosquitto.conf'), 'utf8');
    const swap = (from: RegExp, to: string) => {
      if (!from.test(conf)) throw new Error(`docs/mosquitto/mosquitto.conf no longer has ${from}`);
      conf = conf.replace(from, to);
    };
    swap(/^listener 1883$/m, `listener ${port} 127.0.0.1`);
    swap(/^password_file .*$/m, `password_file ${passwd}`);
    swap(/^acl_file .*$/m, `acl_file ${acl}`);
    if (opts.allowAnonymous === false) swap(/^allow_anonymous true$/m, 'allow_anonymous false');
    const wsPort = opts.websockets ? await freePort() : null;
    if (wsPort !== null) conf += `\nlistener ${wsPort} 127.0.0.1\nprotocol websockets\n`;
    const confFile = path.join(dir, 'mosquitto.conf');
    writeFileSync(confFile, conf);
    const m = new Mosquitto(opts.bin, port, confFile, wsPort);
    await m.restart();
    return m;
  }

  /** (Re)starts the broker on the same port with the same files; resolves once it accepts. */
  async restart(): Promise<void> {
    const proc = spawn(this.bin, ['-c', this.conf], { stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout?.on('data', (d) => (this.log += d));
    proc.stderr?.on('data', (d) => (this.log += d));
    this.proc = proc;
    for (let i = 0; i < 100; i++) {
      if (proc.exitCode !== null) throw new Error(`mosquitto exited (${proc.exitCode}):\n${this.log}`);
      const ok = await new Promise<boolean>((resolve) => {
        const s = connect(this.port, '127.0.0.1');
        s.once('connect', () => {
          s.destroy();
          resolve(true);
        });
        s.once('error', () => resolve(false));
      });
      if (ok) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`mosquitto did not listen on ${this.port}:\n${this.log}`);
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  output(): string {
    return this.log;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill(signal);
    await exited;
  }
}
