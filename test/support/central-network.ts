/**
 * A network of sites and a head office, all on Debian's Mosquitto with the files shipped in
 * docs/mosquitto: a central broker (central.conf, central.acl, make-central-passwd.sh, TLS with a
 * CA and server certificate made here with openssl), and per site a Mosquitto (mosquitto.conf,
 * callboard.acl) with the bridge of site-bridge.conf to the central broker, its hub (external broker
 * mode, uplink to that same Mosquitto) and a `central` console instance reading the central broker.
 * Each bridge goes through a TCP link the test can cut (a partition) and restore.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { appendFileSync, chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import path from 'node:path';
import { summariseDay } from '../../hub/src/analytics/day-summary';
import type { Ticket } from '../../hub/src/protocol';
import { DEMO_SITE, generateHistory } from '../bench/gen-history';
import { REPO, startTestHub, type TestHub, type TestHubOptions, tempDir } from './hub';
import { freePort } from './ports';

const DOCS = path.join(REPO, 'docs/mosquitto');
export const CONSOLE_USER = 'callboard-central';
const HUB_USER = 'callboard-hub';

export function mosquittoBin(): string | null {
  for (const b of ['/usr/sbin/mosquitto', '/usr/bin/mosquitto'])
    try {
      execFileSync('test', ['-x', b]);
      return b;
    } catch {
      // next
    }
  return null;
}

/** A broker process on a config file; resolves once it accepts connections. */
export class Broker {
  private proc: ChildProcess | null = null;
  private log = '';
  constructor(
    readonly bin: string,
    readonly conf: string,
    readonly port: number,
  ) {}

  async start(): Promise<void> {
    const proc = spawn(this.bin, ['-c', this.conf], { stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout?.on('data', (d) => (this.log += d));
    proc.stderr?.on('data', (d) => (this.log += d));
    this.proc = proc;
    for (let i = 0; i < 200; i++) {
      if (proc.exitCode !== null) throw new Error(`mosquitto exited (${proc.exitCode}):\n${this.log}`);
      if (await accepts(this.port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`mosquitto did not listen on ${this.port}:\n${this.log}`);
  }

  output(): string {
    return this.log;
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await exited;
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** A TCP link between a site's bridge and the central broker: `cut()` is a partition. */
export class Link {
  private readonly sockets = new Set<Socket>();
  private up = true;
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async open(targetPort: number): Promise<Link> {
    const port = await freePort();
    const server = createServer();
    const link = new Link(server, port);
    server.on('connection', (client) => {
      if (!link.up) {
        client.destroy();
        return;
      }
      const upstream = connect(targetPort, '127.0.0.1');
      for (const [a, b] of [
        [client, upstream],
        [upstream, client],
      ] as const) {
        link.sockets.add(a);
        a.on('error', () => b.destroy());
        a.on('close', () => {
          link.sockets.delete(a);
          b.destroy();
        });
        a.pipe(b);
      }
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return link;
  }

  cut(): void {
    this.up = false;
    for (const s of this.sockets) s.destroy();
  }

  restore(): void {
    this.up = true;
  }

  close(): Promise<void> {
    this.cut();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A CA and a server certificate for 127.0.0.1 and localhost, made with openssl. */
function makeCerts(dir: string): { ca: string; cert: string; key: string } {
  const f = (n: string) => path.join(dir, n);
  const run = (args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  run(
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '30'].concat([
      '-keyout',
      f('ca.key'),
      '-out',
      f('ca.crt'),
      '-subj',
      '/CN=Callboard test head-office CA',
    ]),
  );
  run(
    ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'].concat([
      '-keyout',
      f('central.key'),
      '-out',
      f('central.csr'),
      '-subj',
      '/CN=127.0.0.1',
    ]),
  );
  writeFileSync(f('san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  run(
    ['x509', '-req', '-in', f('central.csr'), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial'].concat([
      '-days',
      '30',
      '-out',
      f('central.crt'),
      '-extfile',
      f('san.ext'),
    ]),
  );
  for (const n of ['ca.crt', 'central.crt', 'central.key']) chmodSync(f(n), 0o644);
  return { ca: f('ca.crt'), cert: f('central.crt'), key: f('central.key') };
}

/** Rewrites lines of a shipped file; fails loudly if the file no longer has one. */
function rewrite(text: string, file: string, swaps: [RegExp, string][]): string {
  let out = text;
  for (const [from, to] of swaps) {
    if (!from.test(out)) throw new Error(`docs/mosquitto/${file} no longer has ${from}`);
    out = out.replace(from, to);
  }
  return out;
}

export interface Site {
  id: string;
  password: string;
  broker: Broker;
  link: Link;
  hub: TestHub;
  hubPassword: string;
}

export interface CentralNetworkOptions {
  sites: string[];
  /** The hubs' uplink heartbeat and resend interval (s). */
  heartbeatSec?: number;
  resendSec?: number;
  offlineAfterSec?: number;
  /** Serve the staff app from the central instance (end-to-end). */
  serveApps?: boolean;
  /** Extra options for each site's hub. */
  siteHub?: (siteId: string) => Partial<TestHubOptions>;
  /** Extra edits of the central console's configuration (config templates' key). */
  centralPatch?: (raw: any) => void;
  /** Skip the central console instance (the bench runs its own). */
  noConsole?: boolean;
  /** Site ids given bridge credentials at the central broker but no Mosquitto or hub (the bench simulates them). */
  simulatedSites?: string[];
}

export class CentralNetwork {
  readonly sites = new Map<string, Site>();
  central: TestHub | null = null;
  private constructor(
    readonly dir: string,
    readonly bin: string,
    readonly centralBroker: Broker,
    readonly certs: { ca: string; cert: string; key: string },
    readonly consolePassword: string,
  ) {}

  /** The central console's `central` config section. */
  consoleSettings(offlineAfterSec?: number) {
    return {
      url: `mqtts://127.0.0.1:${this.centralBroker.port}`,
      username: CONSOLE_USER,
      password: this.consolePassword,
      ca: this.certs.ca,
      ...(offlineAfterSec ? { offlineAfterSec } : {}),
    };
  }

  static async start(opts: CentralNetworkOptions): Promise<CentralNetwork> {
    const bin = mosquittoBin();
    if (!bin) throw new Error('mosquitto is not installed (apt-get install mosquitto)');
    const dir = tempDir('cb-central-net-');
    chmodSync(dir, 0o755); // mosquitto drops root privileges before it reads its files
    const certs = makeCerts(dir);
    const consolePassword = 'console-secret-1';
    const sitePasswords = opts.sites.map((id) => [id, `bridge-${id}-secret`] as const);
    const simulated = (opts.simulatedSites ?? []).map((id) => [id, `bridge-${id}-secret`] as const);
    // The central broker, from central.conf / central.acl / make-central-passwd.sh.
    const passwd = path.join(dir, 'central.passwd');
    execFileSync(
      'sh',
      [path.join(DOCS, 'make-central-passwd.sh'), passwd, consolePassword, ...sitePasswords.flat(), ...simulated.flat()],
      {
        stdio: 'ignore',
      },
    );
    chmodSync(passwd, 0o644);
    const acl = path.join(dir, 'central.acl');
    writeFileSync(acl, readFileSync(path.join(DOCS, 'central.acl')));
    chmodSync(acl, 0o644);
    const centralPort = await freePort();
    const centralConf = path.join(dir, 'central.conf');
    writeFileSync(
      centralConf,
      rewrite(readFileSync(path.join(DOCS, 'central.conf'), 'utf8'), 'central.conf', [
        [/^password_file .*$/m, `password_file ${passwd}`],
        [/^acl_file .*$/m, `acl_file ${acl}`],
        [/^listener 8883$/m, `listener ${centralPort} 127.0.0.1`],
        [/^certfile .*$/m, `certfile ${certs.cert}`],
        [/^keyfile .*$/m, `keyfile ${certs.key}`],
        [/^cafile .*$/m, `cafile ${certs.ca}`],
      ]),
    );
    const centralBroker = new Broker(bin, centralConf, centralPort);
    await centralBroker.start();
    const net = new CentralNetwork(dir, bin, centralBroker, certs, consolePassword);
    try {
      for (const [id, password] of sitePasswords) await net.addSite(id, password, opts);
      if (!opts.noConsole)
        net.central = await startTestHub({
          env: { SITE_ID: 'head-office' },
          serveApps: opts.serveApps ?? false,
          patch: (raw) => {
            raw.central = net.consoleSettings(opts.offlineAfterSec);
            opts.centralPatch?.(raw);
          },
        });
    } catch (err) {
      await net.close();
      throw err;
    }
    return net;
  }

  /** A site's Mosquitto (mosquitto.conf + callboard.acl + site-bridge.conf) and its hub. */
  private async addSite(id: string, password: string, opts: CentralNetworkOptions): Promise<void> {
    const dir = tempDir(`cb-site-${id}-`);
    chmodSync(dir, 0o755);
    const hubPassword = `hub-${id}-secret`;
    const passwd = path.join(dir, 'callboard.passwd');
    execFileSync('sh', [path.join(DOCS, 'make-passwd.sh'), passwd, hubPassword], { stdio: 'ignore' });
    chmodSync(passwd, 0o644);
    const acl = path.join(dir, 'callboard.acl');
    writeFileSync(acl, readFileSync(path.join(DOCS, 'callboard.acl'), 'utf8').replaceAll('callboard/demo/', `callboard/${id}/`));
    chmodSync(acl, 0o644);
    const link = await Link.open(this.centralBroker.port);
    const port = await freePort();
    let conf = rewrite(readFileSync(path.join(DOCS, 'mosquitto.conf'), 'utf8'), 'mosquitto.conf', [
      [/^listener 1883$/m, `listener ${port} 127.0.0.1`],
      [/^password_file .*$/m, `password_file ${passwd}`],
      [/^acl_file .*$/m, `acl_file ${acl}`],
    ]);
    conf += `\n${rewrite(readFileSync(path.join(DOCS, 'site-bridge.conf'), 'utf8'), 'site-bridge.conf', [
      [/^address .*$/m, `address 127.0.0.1:${link.port}`],
      [/^bridge_cafile .*$/m, `bridge_cafile ${this.certs.ca}`],
      [/^restart_timeout .*$/m, 'restart_timeout 1 2'],
    ])
      .replaceAll('SITE_ID', id)
      .replaceAll('SITE_PASSWORD', password)}`;
    const confFile = path.join(dir, 'mosquitto.conf');
    writeFileSync(confFile, conf);
    const broker = new Broker(this.bin, confFile, port);
    await broker.start();
    const extra = opts.siteHub?.(id) ?? {};
    const url = `mqtt://127.0.0.1:${port}`;
    const hub = await startTestHub({
      ...extra,
      env: { SITE_ID: id, MQTT_URL: url, MQTT_USERNAME: HUB_USER, MQTT_PASSWORD: hubPassword, ...extra.env },
      patch: (raw) => {
        raw.uplink = {
          url,
          username: HUB_USER,
          password: hubPassword,
          heartbeatSec: opts.heartbeatSec ?? 1,
          resendSec: opts.resendSec ?? 1,
        };
        extra.patch?.(raw);
      },
    });
    this.sites.set(id, { id, password, broker, link, hub, hubPassword });
  }

  site(id: string): Site {
    const s = this.sites.get(id);
    if (!s) throw new Error(`no site ${id}`);
    return s;
  }

  /** Writes a closed day's row as day close does, and tells the uplink (what the day-close schedule does next). */
  async closeDay(siteId: string, date: string, issued: number): Promise<void> {
    const { hub } = this.site(siteId);
    const row = { _id: date, issued, byStatus: { done: issued - 1, no_show: 1 }, byService: {}, archivedAt: Date.now() };
    appendFileSync(path.join(hub.config.dataDir, 'daily_stats.db'), `${JSON.stringify(row)}\n`);
    await hub.app.publishLatestDaily();
  }

  async close(): Promise<void> {
    await this.central?.close().catch(() => undefined);
    for (const s of this.sites.values()) {
      await s.hub.close().catch(() => undefined);
      await s.broker.stop();
      await s.link.close();
    }
    await this.centralBroker.stop();
  }
}

/**
 * Some finished visits rated on the rating pad (the generator rates none), written back as day close
 * would have: the archive and each day's summary row with its KPI pre-aggregate.
 */
function rateVisits(dir: string, days: Map<string, Ticket[]>, seed: number): void {
  let x = seed * 7919;
  const rows: string[] = [];
  for (const [date, tickets] of days) {
    for (const t of tickets) {
      const finished = t.events.find((e) => e.type === 'finished');
      x = (x * 1103515245 + 12345) % 2 ** 31;
      if (t.status !== 'done' || !finished || x % 10 >= 4) continue;
      t.rating = {
        score: 1 + (x % 5),
        at: finished.at + 5000,
        source: 'pad',
        ...(t.counterId ? { counterId: t.counterId } : {}),
      };
    }
    writeFileSync(
      path.join(dir, 'archive', `${date}.db`),
      tickets.map((t) => `${JSON.stringify({ ...t, _id: t.id })}\n`).join(''),
    );
    const closeAt = Date.parse(`${date}T16:05:00Z`);
    rows.push(JSON.stringify(summariseDay(date, tickets, closeAt)));
  }
  writeFileSync(path.join(dir, 'daily_stats.db'), `${rows.join('\n')}\n`);
}

/**
 * Five days of a demo hall's history (as day close leaves them, with ratings) in `dir`, ending `lastDate`;
 * with a group key, the visits carry their group pseudonyms (the same people visit every generated hall).
 */
export async function historyWithRatings(dir: string, lastDate: string, seed: number, groupKey?: string): Promise<void> {
  const history = await generateHistory({
    dataDir: dir,
    days: 5,
    lastDate,
    perDay: 120,
    seed,
    site: DEMO_SITE,
    collect: true,
    ...(groupKey ? { groupKey } : {}),
  });
  rateVisits(dir, history.collected as Map<string, Ticket[]>, seed);
}
