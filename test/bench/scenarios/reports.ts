/**
 * Reports over a year of history (issue 9): wraps test/bench/reports.ts so `npm run bench`
 * prints the 365-day KPI and repeat-visit query times and the hub's start-up with that archive.
 * The year (≈ 2 M tickets) is generated once and cached under /tmp (2–3 min the first time).
 */

import type { Check, ScenarioResult } from '../lib/report';
import { benchReports } from '../reports';

export async function reportsScenario(): Promise<ScenarioResult> {
  const figures = await benchReports((s) => console.log(s));
  const checks: Check[] = figures
    .filter((f) => f.target !== undefined)
    .map((f) => {
      const limit = Number(/([\d.]+)/.exec(f.target ?? '')?.[1] ?? Number.NaN);
      return { what: f.name, target: f.target as string, measured: `${f.value} ${f.unit}`, met: f.value <= limit };
    });
  return {
    name: 'reports',
    title: 'Reports over a year of archived history',
    header: ['figure', 'value', 'target'],
    rows: figures.map((f) => [f.name, `${f.value} ${f.unit}`, f.target ?? '']),
    checks,
    notes: ['first = first query after the hub started; warm = median of the repeats that follow'],
    profiles: [],
    data: figures,
  };
}
