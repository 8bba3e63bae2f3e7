#!/usr/bin/env node
// `npm run property [-- --runs N] [--seed S]`: the property tests (fast-check) with N times the
// cases of `npm test` (default 20) and a new seed each run (printed; `--seed` replays one).
// `npm test` runs the same properties with one fixed seed (hub/src/testing/property.ts).
// Not part of `npm test`.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' }, seed: { type: 'string' } } });
const seed = values.seed ?? String(Date.now() % 2_147_483_647);
process.stdout.write(
  `property tests: ${values.runs}× the cases of npm test, seed ${seed} (replay: npm run property -- --seed ${seed})\n`,
);
// Every unit test file with a fast-check property (a new one is included without editing this list).
const files = ['hub/src', 'firmware-bridge/src']
  .flatMap((dir) => readdirSync(dir, { recursive: true }).map((f) => path.join(dir, String(f))))
  .filter((f) => f.endsWith('.test.ts') && readFileSync(f, 'utf8').includes('fc.assert('))
  .sort();
process.stdout.write(`${files.join('\n')}\n`);
const r = spawnSync('npx', ['vitest', 'run', '--project', 'unit', '--testTimeout', '900000', ...files], {
  stdio: 'inherit',
  env: { ...process.env, PROPERTY_RUNS: values.runs, PROPERTY_SEED: seed },
});
if (r.status !== 0) process.stdout.write(`\nproperty tests FAILED with seed ${seed}\n`);
process.exit(r.status ?? 1);
