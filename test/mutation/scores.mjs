#!/usr/bin/env node
// Writes test/mutation/scores.md: the mutation score of each file at three points — the first run
// (baseline.json, before any test was added for mutation testing), an earlier commit's results.json
// (`--since <commit>`, e.g. the start of a round of work) and the latest results.json — so a
// closing note can quote per-file scores before and after. `node test/mutation/scores.mjs --since <commit>
// [--also <commit>]…` (`--also`, repeatable: one more column each, e.g. the first run of a round, before its fixes).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { scoreOf } from './summary.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { since: { type: 'string' }, also: { type: 'string', multiple: true } } });
if (!values.since) throw new Error('--since <commit> is required (the commit whose results.json is "before")');
const since = execFileSync('git', ['rev-parse', '--short', values.since], { encoding: 'utf8' }).trim();
const read = (name) => JSON.parse(readFileSync(path.join(HERE, name), 'utf8'));
const baseline = read('baseline.json');
const before = JSON.parse(
  execFileSync('git', ['show', `${since}:test/mutation/results.json`], { encoding: 'utf8', maxBuffer: 1 << 26 }),
);
const after = read('results.json');
const resultsAt = (rev) =>
  JSON.parse(execFileSync('git', ['show', `${rev}:test/mutation/results.json`], { encoding: 'utf8', maxBuffer: 1 << 26 }));
const also = (values.also ?? []).map((rev) => execFileSync('git', ['rev-parse', '--short', rev], { encoding: 'utf8' }).trim());
const middle = also.map(resultsAt);
const files = [...new Set([...Object.keys(baseline), ...Object.keys(before), ...Object.keys(after)])].sort();

const pct = (f) => (f?.score === null || f?.score === undefined ? '–' : `${f.score}%`);
const mutants = (f) => (f ? f.killed + f.timeout + f.survived + f.noCoverage : 0);
const changed = (a, b) => JSON.stringify(a) !== JSON.stringify(b);
const lines = [
  '# Mutation scores per file: first run, before and after',
  '',
  `Written by \`node test/mutation/scores.mjs --since ${since}${also.map((rev) => ` --also ${rev}`).join('')}\`. _First run_: \`baseline.json\` (before the tests`,
  `added for mutation testing). _Before_: \`results.json\` at commit ${since}. _After_: \`results.json\` now.`,
  ...also.map((rev) => `_At ${rev}_: \`results.json\` at that commit (a round's first run, before its fixes).`),
  'A file whose results did not change since _before_ is marked "same". Score = killed (or timed out) ÷',
  '(killed + survived + not covered); the mutants left and why they are harmless are in summary.md.',
  '',
  `| file | first run | before |${also.map((rev) => ` at ${rev} |`).join('')} after | mutants | survived / not covered |`,
  `| --- | ---: | ---: |${also.map(() => ' ---: |').join('')} ---: | ---: | ---: |`,
];
for (const file of files) {
  const a = after[file];
  const same = a && before[file] && !changed(a, before[file]) ? ' (same)' : '';
  lines.push(
    `| \`${file}\` | ${pct(baseline[file])} | ${pct(before[file])} |${middle.map((m) => ` ${pct(m[file])} |`).join('')} ${pct(a)}${same} | ${mutants(a)} | ${a ? `${a.survived} / ${a.noCoverage}` : '–'} |`,
  );
}
const all = (rows) => pct({ score: scoreOf(Object.values(rows)) });
lines.push(
  `| **overall** | ${all(baseline)} | ${all(before)} |${middle.map((m) => ` ${all(m)} |`).join('')} ${all(after)} | ${Object.values(after).reduce((n, f) => n + mutants(f), 0)} | |`,
  '',
);
const out = path.join(HERE, 'scores.md');
writeFileSync(out, `${lines.join('\n')}\n`);
execFileSync('npx', ['biome', 'format', '--write', out], { stdio: 'ignore' });
process.stdout.write(`Wrote ${path.relative(process.cwd(), out)}\n`);
