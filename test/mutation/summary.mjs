#!/usr/bin/env node
// Writes test/mutation/summary.md from baseline.json (the scores before the tests added for
// mutation testing) and results.json (the latest run of each file; a file not run again since
// keeps its baseline figures, marked as such). Run by run.mjs after each run; standalone:
// `node test/mutation/summary.mjs`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { explain } from './explained.mjs';
import { NO_SURVIVORS } from './modules.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const read = (name) => {
  const file = path.join(HERE, name);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
};

export function scoreOf(rows) {
  let detected = 0;
  let valid = 0;
  for (const f of rows) {
    detected += f.killed + f.timeout;
    valid += f.killed + f.timeout + f.survived + f.noCoverage;
  }
  return valid === 0 ? null : Math.round((1000 * detected) / valid) / 10;
}

/** Writes summary.md; returns the mutants left in files where none may survive. */
export function writeSummary() {
  const baseline = read('baseline.json');
  const results = read('results.json');
  const files = [...new Set([...Object.keys(baseline), ...Object.keys(results)])].sort();
  const now = (file) => results[file] ?? baseline[file];
  const pct = (x) => (x === null || x === undefined ? '–' : `${x}%`);
  const lines = [
    '# Mutation testing: scores per file',
    '',
    'Written by `npm run mutation` (test/mutation/summary.mjs). _Before_: `baseline.json`, the run before the',
    'tests added for mutation testing. _After_: `results.json`, the latest run of the file; "not re-run" keeps the',
    'baseline figures. Score = killed (or timed out) ÷ (killed + survived + not covered).',
    '',
    '| file | before | after | survived / not covered |',
    '| --- | ---: | ---: | ---: |',
  ];
  for (const file of files) {
    const f = now(file);
    const after = results[file] ? pct(f.score) : `${pct(f.score)} (not re-run)`;
    lines.push(`| \`${file}\` | ${pct(baseline[file]?.score)} | ${after} | ${f.survived} / ${f.noCoverage} |`);
  }
  lines.push(`| **overall** | ${pct(scoreOf(Object.values(baseline)))} | ${pct(scoreOf(files.map(now)))} | |`, '');
  const left = files.flatMap((file) => now(file).survivors.map((s) => ({ file, ...s, rerun: Boolean(results[file]) })));
  let unexplained = 0;
  if (left.length > 0) {
    lines.push(
      '## Mutants left',
      '',
      'One line per mutant: where, the mutation, and why it is equivalent or harmless (from',
      '`test/mutation/explained.mjs`; docs/testing.md groups them by kind).',
      '',
    );
    for (const s of left) {
      const why = explain(s);
      if (!why && s.rerun) unexplained++;
      lines.push(
        `- \`${s.file}:${s.line}\` ${s.mutator}${s.status === 'NoCoverage' ? ' (no coverage)' : ''}: \`${s.replacement.replaceAll('`', "'")}\`${s.rerun ? '' : ' (baseline)'} — ${why ?? '**not explained yet**'}`,
      );
    }
    lines.push('');
  }
  if (unexplained > 0) lines.push(`**${unexplained} mutant(s) left without an explanation.**`, '');
  const broken = left.filter((s) => s.rerun && NO_SURVIVORS.includes(s.file));
  if (broken.length > 0) lines.push(`**${broken.length} mutant(s) survive in files that must have none.**`, '');
  const out = path.join(HERE, 'summary.md');
  writeFileSync(out, `${lines.join('\n')}\n`);
  // The repository's formatter aligns the tables (and keeps `npm test`'s lint step green).
  const written = [out, ...['baseline.json', 'results.json'].map((f) => path.join(HERE, f)).filter((f) => existsSync(f))];
  spawnSync('npx', ['biome', 'format', '--write', ...written], { stdio: 'ignore' });
  return broken;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) writeSummary();
