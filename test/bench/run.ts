/**
 * `npm run bench`: every figure beside its baseline, measured in the same run, printed as a
 * table and written to test/bench/results/<scenario>.json. Choose scenarios with
 * `npm run bench -- issue mixed`; tune with BENCH_* variables (see lib/env.ts and
 * docs/performance.md).
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { knobs, machine } from './lib/env';
import { renderProfile } from './lib/profile';
import { type ScenarioResult, writeResult } from './lib/report';
import { renderTable } from './lib/table';
import { callScreenScenario } from './scenarios/call-screen';
import { centralScenario } from './scenarios/central';
import { issueScenario } from './scenarios/issue';
import { mixedDayScenario } from './scenarios/mixed-day';
import { reportsScenario } from './scenarios/reports';
import { startupScenario } from './scenarios/startup';
import { subscribers2000Scenario } from './scenarios/subscribers-2000';

const SCENARIOS: Record<string, () => Promise<ScenarioResult>> = {
  issue: issueScenario,
  'call-screen': callScreenScenario,
  startup: startupScenario,
  mixed: mixedDayScenario,
  reports: reportsScenario,
  central: centralScenario,
  'subscribers-2000': subscribers2000Scenario,
};

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const w of wanted)
  if (!SCENARIOS[w]) throw new Error(`unknown scenario "${w}" (known: ${Object.keys(SCENARIOS).join(', ')})`);
// All of them by default: ≈ 6 min on the 2-core machine, ≈ 8 min the first time, when `reports`
// generates its year of history (2 M tickets, 1.6 GB under the system temp dir, kept for next time).
// `subscribers-2000` adds ≈ 6 min (BENCH_QUICK=1: ≈ 1.5 min).
const names = wanted.length ? wanted : Object.keys(SCENARIOS);
const started = Date.now();
const env = { ...machine(), commit: gitCommit(), knobs };
console.log(`Callboard bench — node ${env.node}, ${env.cpus} × ${env.cpuModel}, load average ${env.loadavg.join(' ')}`);
if ((env.loadavg[0] ?? 0) > 0.5) console.log('Note: the machine is already busy (load average above); figures are pessimistic.');

// As on a site (`npm ci && npm run build`): the hub runs from its compiled bundle, not through
// tsx. `callboard start` would fall back to the sources if the bundle were stale.
execFileSync(process.execPath, [fileURLToPath(new URL('../../hub/scripts/build.mjs', import.meta.url))], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
console.log('Hub built (hub/dist/callboard.mjs): `callboard start` runs it without tsx.');

const results: ScenarioResult[] = [];
for (const name of names) {
  const t0 = Date.now();
  console.log(`\n▶ ${name} …`);
  const r = await (SCENARIOS[name] as () => Promise<ScenarioResult>)();
  results.push(r);
  console.log(`\n${r.title}  (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  console.log(renderTable(r.header, r.rows));
  for (const n of r.notes) console.log(`  · ${n}`);
  for (const p of r.profiles) console.log(renderProfile(p));
  const file = writeResult(name, { ...r, env, finishedAt: new Date().toISOString() });
  console.log(`  → ${file}`);
}

console.log('\nTargets');
console.log(
  renderTable(
    ['scenario', 'what', 'target', 'measured', ''],
    results.flatMap((r) => r.checks.map((c) => [r.name, c.what, c.target, c.measured, c.met ? 'met' : 'MISSED'])),
  ),
);
const endLoad = loadavg().map((x) => Math.round(x * 100) / 100);
console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(0)} s; load average now ${endLoad.join(' ')}.`);
writeResult('summary', {
  env,
  endLoadavg: endLoad,
  durationSec: (Date.now() - started) / 1000,
  checks: results.flatMap((r) => r.checks.map((c) => ({ scenario: r.name, ...c }))),
});
// Children are stopped by each scenario; MQTT clients or timers left behind must not keep us alive.
process.exit(0);
