#!/usr/bin/env node
// `npm test`: lint, type-check, the layering rules (.dependency-cruiser.cjs), build the web apps
// (the end-to-end tests load them), then run every vitest project (unit, integration, e2e).
// Every step runs even when an earlier one failed
// (a formatting slip should not hide test results), except that a failed build stops the run;
// the exit code is non-zero if any step failed.
import { spawnSync } from 'node:child_process';

const steps = [
  ['lint (biome)', 'npx', ['biome', 'check', '.']],
  ['type-check (tsc)', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
  ['layering (dependency-cruiser)', 'npm', ['run', '--silent', 'check:layers']],
  ['build web apps', 'npm', ['run', 'build', '--workspaces', '--if-present']],
  ['type-check web apps (svelte-check)', 'npm', ['run', 'check', '-w', 'kiosk', '-w', 'display', '-w', 'staff']],
  ['tests (vitest: unit, integration, e2e)', 'npx', ['vitest', 'run', ...process.argv.slice(2)]],
];

const failed = [];
for (const [name, cmd, args] of steps) {
  const started = Date.now();
  process.stdout.write(`\n=== ${name}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status === 0) {
    process.stdout.write(`=== ok: ${name} (${secs} s)\n`);
    continue;
  }
  process.stdout.write(`\n=== FAILED: ${name} (${secs} s)\n`);
  failed.push(name);
  if (name === 'build web apps') break;
}
if (failed.length > 0) {
  process.stdout.write(`\n=== npm test FAILED: ${failed.join(', ')}\n`);
  process.exit(1);
}
process.stdout.write('\n=== npm test passed\n');
