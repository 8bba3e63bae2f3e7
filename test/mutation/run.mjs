#!/usr/bin/env node
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Stryker } from '@stryker-mutator/core';
import { MUTATION_GROUPS, NO_SURVIVORS } from './modules.mjs';
import { writeSummary } from './summary.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const { values: args } = parseArgs({
  options: {
    group: { type: 'string', multiple: true },
    concurrency: { type: 'string', default: '2' },
    out: { type: 'string', default: 'results' },
    // Only these files of the chosen groups (e.g. one module after adding its tests).
    file: { type: 'string', multiple: true },
    // Sandbox folder: two runs at once (e.g. a long queue run and a short acl run) need two.
    temp: { type: 'string', default: '.stryker-tmp' },
  },
});
const groups = args.group ?? Object.keys(MUTATION_GROUPS);
for (const g of groups)
  if (!MUTATION_GROUPS[g]) throw new Error(`unknown group "${g}" (${Object.keys(MUTATION_GROUPS).join(', ')})`);
const label = groups.length === Object.keys(MUTATION_GROUPS).length ? 'all' : groups.join('+');
process.chdir(ROOT);

const stryker = new Stryker({
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'test/mutation/vitest.config.mjs' },
  coverageAnalysis: 'perTest',
  concurrency: Number(args.concurrency),
  mutate: args.file ?? groups.flatMap((g) => MUTATION_GROUPS[g].mutate),
  // The sandbox needs the hub, the bridge and this folder; not the apps, docs or other tests.
  ignorePatterns: [
    'kiosk',
    'display',
    'staff',
    'docs',
    'deploy',
    'data',
    'test/*',
    '!test/mutation',
    'test/mutation/report',
    // Other runs' sandboxes (`--temp`), when two run at once.
    '.stryker-tmp*',
    '**/build',
    '**/dist',
    '**/.svelte-kit',
  ],
  reporters: ['html', 'clear-text', 'progress'],
  htmlReporter: { fileName: `test/mutation/report/${label}.html` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: false },
  thresholds: { high: 90, low: 85, break: null },
  timeoutMS: 10_000,
  tempDirName: args.temp,
  cleanTempDir: true,
});
const mutants = await stryker.runMutationTest();

// ---- per-file results -------------------------------------------------------------------
const UNDETECTED = new Set(['Survived', 'NoCoverage']);
const files = {};
for (const m of mutants) {
  const file = path.relative(ROOT, path.resolve(ROOT, m.fileName)).split(path.sep).join('/');
  files[file] ??= { killed: 0, timeout: 0, survived: 0, noCoverage: 0, errors: 0, survivors: [] };
  const f = files[file];
  if (m.status === 'Killed') f.killed++;
  else if (m.status === 'Timeout') f.timeout++;
  else if (m.status === 'Survived') f.survived++;
  else if (m.status === 'NoCoverage') f.noCoverage++;
  else f.errors++;
  if (UNDETECTED.has(m.status))
    f.survivors.push({
      line: m.location.start.line,
      column: m.location.start.column,
      mutator: m.mutatorName,
      replacement: (m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 100),
      status: m.status,
    });
}
for (const f of Object.values(files)) {
  const detected = f.killed + f.timeout;
  const valid = detected + f.survived + f.noCoverage;
  f.score = valid === 0 ? null : Math.round((1000 * detected) / valid) / 10;
  f.survivors.sort((a, b) => a.line - b.line || a.column - b.column);
}

const outFile = path.join(HERE, `${args.out}.json`);
const merged = existsSync(outFile) ? JSON.parse(readFileSync(outFile, 'utf8')) : {};
Object.assign(merged, files);
const sorted = Object.fromEntries(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b)));
writeFileSync(outFile, `${JSON.stringify(sorted, null, 2)}\n`);

// ---- print ------------------------------------------------------------------------------
const pct = (x) => (x === null ? '  n/a' : `${x.toFixed(1).padStart(5)}`);
const total = (rows) => {
  let detected = 0;
  let valid = 0;
  for (const f of rows) {
    detected += f.killed + f.timeout;
    valid += f.killed + f.timeout + f.survived + f.noCoverage;
  }
  return valid === 0 ? null : Math.round((1000 * detected) / valid) / 10;
};
process.stdout.write(`\nMutation score per file (${label}):\n`);
for (const [file, f] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
  process.stdout.write(
    `  ${pct(f.score)} %  ${file}  (killed ${f.killed + f.timeout}, survived ${f.survived}, no coverage ${f.noCoverage})\n`,
  );
}
process.stdout.write(`  ${pct(total(Object.values(files)))} %  overall\n`);
const survivors = Object.entries(files).flatMap(([file, f]) => f.survivors.map((s) => ({ file, ...s })));
if (survivors.length > 0) {
  process.stdout.write('\nSurviving mutants:\n');
  for (const s of survivors)
    process.stdout.write(
      `  ${s.file}:${s.line}:${s.column}  ${s.mutator}${s.status === 'NoCoverage' ? ' (no coverage)' : ''}  → ${s.replacement}\n`,
    );
}

// ---- summary.md ----------------------------------------------------------------------------
const broken = writeSummary();
process.stdout.write(`\nWrote ${path.relative(ROOT, outFile)} and test/mutation/summary.md\n`);
if (broken.length > 0) {
  process.stdout.write(`${broken.length} mutant(s) survive in files that must have none (${NO_SURVIVORS.join(', ')})\n`);
  process.exitCode = 1;
}
