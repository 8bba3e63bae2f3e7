/**
 * `npm run simulate -- --scenario normal|peak|priority-flood|all [--seed N] [--seeds K] [--json]`:
 * replays a synthetic business day through the real queue policy and prints the issue-3 table.
 * `--seeds K` adds one summary line per seed N … N+K−1 (the estimate error varies with the day).
 * Exits 1 if the anti-starvation bound was violated in any day run.
 */
import { parseArgs } from 'node:util';
import { format, run } from './report';
import { SCENARIOS, scenario } from './scenarios';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'peak' },
    seed: { type: 'string', default: '1' },
    seeds: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
  },
});
const names = values.scenario === 'all' ? SCENARIOS : [values.scenario as string];
const first = Number(values.seed);
const count = Math.max(1, Number(values.seeds));
let violated = false;
for (const name of names) {
  const summary = run(scenario(name, first));
  violated ||= summary.starvation.violations > 0;
  console.log(values.json ? JSON.stringify(summary, null, 2) : format(summary));
  if (count > 1 && !values.json) {
    const medians: number[] = [];
    console.log(`\nSeeds ${first}–${first + count - 1}:`);
    for (let seed = first; seed < first + count; seed++) {
      const s = seed === first ? summary : run(scenario(name, seed));
      violated ||= s.starvation.violations > 0;
      medians.push(s.estimate.medianRelError);
      console.log(
        `  seed ${String(seed).padStart(2)}: estimate median error ${(s.estimate.medianRelError * 100).toFixed(1)}% (n ${s.estimate.n}), max normal wait ${s.starvation.maxNormalWaitMin.toFixed(1)} min, bound violations ${s.starvation.violations}`,
      );
    }
    const sorted = [...medians].sort((a, b) => a - b);
    const mid = sorted[Math.floor((sorted.length - 1) / 2)] as number;
    const met = medians.filter((m) => m <= 0.25).length;
    console.log(`  median of the per-seed medians: ${(mid * 100).toFixed(1)}%; seeds meeting ≤ 25%: ${met} of ${count}`);
  }
  console.log('');
}
process.exitCode = violated ? 1 : 0;
