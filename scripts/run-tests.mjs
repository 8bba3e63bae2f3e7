#!/usr/bin/env node
// `npm test`: lint, type-check, build the web apps (the end-to-end tests load them), then run
// every vitest project (unit, integration, e2e). Stops at the first failing step.
import { spawnSync } from 'node:child_process';

const steps = [
  ['lint (biome)', 'npx', ['biome', 'check', '.']],
  ['type-check (tsc)', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
  ['build web apps', 'npm', ['run', 'build', '--workspaces', '--if-present']],
  ['type-check web apps (svelte-check)', 'npm', ['run', 'check', '-w', 'kiosk', '-w', 'display', '-w', 'staff']],
  ['tests (vitest: unit, integration, e2e)', 'npx', ['vitest', 'run', ...process.argv.slice(2)]],
];

for (const [name, cmd, args] of steps) {
  const started = Date.now();
  process.stdout.write(`\n=== ${name}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    process.stdout.write(`\n=== FAILED: ${name} (${secs} s)\n`);
    process.exit(r.status ?? 1);
  }
  process.stdout.write(`=== ok: ${name} (${secs} s)\n`);
}
