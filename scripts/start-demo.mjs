#!/usr/bin/env node
// `npm start`: the whole demo site on one machine. Builds the three web apps when their build
// is missing or older than their sources, then runs the hub with the demo configuration and
// an emulated kiosk bridge (socat ptys when socat is installed, else in-process links).
// Ctrl-C stops everything.
// First: on a too-old Node (Debian 12 ships 18), name the version needed instead of crashing later.
import '../hub/bin/node-check.mjs';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const apps = ['kiosk', 'display', 'staff'];

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const clientDir = path.join(root, 'hub/src/client');
const protocolDir = path.join(root, 'hub/src/protocol');
for (const app of apps) {
  const index = path.join(root, app, 'build/index.html');
  const sources = Math.max(newestMtime(path.join(root, app, 'src')), newestMtime(clientDir), newestMtime(protocolDir));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) continue;
  process.stdout.write(`building ${app}…\n`);
  const r = spawnSync('npm', ['run', 'build', '-w', app], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) {
    process.stderr.write(`building ${app} failed; see the errors above\n`);
    process.exit(1);
  }
}

// The hub runs from its bundle (hub/dist) when that is fresh, else from its sources through tsx:
// rebuilding it here when stale is quick (≈ 1 s) and a failure only means running the sources.
const { freshBundle } = await import('../hub/bin/freshness.mjs');
if (!freshBundle()) {
  process.stdout.write('building hub…\n');
  const r = spawnSync('npm', ['run', 'build', '-w', 'hub'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) process.stdout.write('building the hub failed; running it from its sources\n');
}

const children = [];
const start = (name, args, env = {}) => {
  const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  child.on('exit', (code, signal) => {
    process.stdout.write(`${name} exited (${signal ?? code})\n`);
    for (const c of children) if (c !== child && c.exitCode === null) c.kill('SIGTERM');
    process.exitCode = code ?? 0;
  });
  children.push(child);
};

// MALLOC_TRIM_THRESHOLD_ as in the service unit (deploy/systemd): freed memory goes back to the system.
start('hub', ['hub/bin/callboard.mjs', 'start', '--config', process.env.CALLBOARD_CONFIG ?? 'config/callboard.demo.json'], {
  MALLOC_TRIM_THRESHOLD_: process.env.MALLOC_TRIM_THRESHOLD_ ?? '131072',
});

// One emulated kiosk bridge (bridge-1: ID card reader, scanner, printer). With socat its
// peripherals sit on real pty pairs; without it (a fresh machine with only Node + npm) they are
// joined to their emulators by in-process links: same drivers and emulators, no socat needed.
// It waits for the hub by itself; if it stops, the hub stays up. Type "place card zhang-san",
// "paper end", "scan …" here, or use its HTTP control port. CALLBOARD_NO_BRIDGE=1 skips it.
if (process.env.CALLBOARD_NO_BRIDGE) {
  process.stdout.write('emulated kiosk bridge not started (CALLBOARD_NO_BRIDGE is set)\n');
} else {
  const socat = spawnSync(process.env.SOCAT ?? 'socat', ['-V'], { stdio: 'ignore' });
  const hasSocat = !socat.error && socat.status === 0;
  const bridge = spawn(
    process.execPath,
    [
      'firmware-bridge/bin/callboard-bridge.mjs',
      '--config',
      'firmware-bridge/config/bridge-1.demo.json',
      hasSocat ? '--emulate' : '--emulate=inproc',
    ],
    {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        HUB_URL: `http://localhost:${process.env.PORT ?? 8080}`,
        MQTT_URL: `mqtt://localhost:${process.env.MQTT_PORT ?? 1883}`,
        // The print journal (docs/devices.md) survives a restart of the demo bridge too.
        STATE_DIRECTORY: process.env.STATE_DIRECTORY ?? path.join(root, 'data', 'bridge-state'),
      },
    },
  );
  bridge.on('exit', (code, signal) => process.stdout.write(`emulated bridge exited (${signal ?? code})\n`));
  children.push(bridge);
  process.stdout.write(
    `  Emulated kiosk bridge-1 (${hasSocat ? 'socat pty pairs' : 'in-process links; install socat for real serial ptys'}):\n` +
      '  type "place card zhang-san", "lift", "paper end", "scan <code>" here;\n' +
      '  HTTP control http://127.0.0.1:8091 (docs/devices.md); printed tickets in data/printer-bridge-1/\n',
  );
}

for (const sig of ['SIGINT', 'SIGTERM'])
  process.on(sig, () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  });
