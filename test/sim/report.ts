/** Figures and the printed table of a simulated day (issue 3: per class and service, counters, bound, estimate). */
import { type PromiseAccuracy, promiseAccuracy, waitRange } from '@callboard/hub/queue';
import { CATEGORIES, DAY0, type DayResult, generateDay, simulateDay } from './engine';
import { percentile } from './random';
import type { Scenario } from './scenarios';

const MIN = 60_000;

export interface WaitRow {
  category: string;
  serviceId: string;
  n: number;
  meanMin: number;
  p90Min: number;
  maxMin: number;
}

export interface Summary {
  scenario: string;
  description: string;
  seed: number;
  arrivals: number;
  counters: number;
  waits: WaitRow[];
  calls: { counterId: string; services: string; total: number; byService: Record<string, number> }[];
  starvation: {
    boundMin: number;
    normalTickets: number;
    maxNormalWaitMin: number;
    violations: number;
    /** Latest point into a normal ticket's wait at which a later arrival was still called first. */
    latestOvertakingMin: number;
    /** Largest extra wait of a normal ticket compared with the same day in plain arrival order. */
    maxExtraVsPlainMin: number;
    longestVisitMin: number;
  };
  estimate: { n: number; medianRelError: number; p90RelError: number; medianAbsErrorMin: number };
  /** Every called visitor: was the first call inside the range shown at issue (queue/wait-range.ts)? */
  promises: PromiseAccuracy;
  /** The same day under each policy (the scenario's own first): mean / p90 wait per class, minutes. */
  policies: { policy: string; byClass: Record<string, { n: number; meanMin: number; p90Min: number }> }[];
  uncalled: number;
  lastCall: string;
}

function waitsOf(rows: { waitMin: number }[]) {
  const w = rows.map((r) => r.waitMin);
  return {
    n: w.length,
    meanMin: w.reduce((a, b) => a + b, 0) / Math.max(1, w.length),
    p90Min: percentile(w, 90),
    maxMin: Math.max(0, ...w),
  };
}

const clock = (at: number) => {
  const m = Math.round((at - DAY0) / MIN);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

export function summarise(sc: Scenario, day: DayResult, plain: DayResult): Summary {
  const originals = day.records.filter((r) => !r.continuation);
  const called = originals
    .filter((r) => r.calledAt !== undefined)
    .map((r) => ({ ...r, waitMin: ((r.calledAt as number) - r.arrivalAt) / MIN }));
  const waits: WaitRow[] = [];
  for (const category of CATEGORIES) {
    const ofClass = called.filter((r) => r.category === category);
    if (ofClass.length === 0) continue;
    for (const s of sc.services) {
      const rows = ofClass.filter((r) => r.serviceId === s.id);
      if (rows.length > 0) waits.push({ category, serviceId: s.id, ...waitsOf(rows) });
    }
    waits.push({ category, serviceId: 'all', ...waitsOf(ofClass) });
  }
  waits.push({ category: 'all', serviceId: 'all', ...waitsOf(called) });

  const calls = sc.counters.map((c) => {
    const mine = day.calls.filter((x) => x.counterId === c.id);
    const byService: Record<string, number> = {};
    for (const x of mine) byService[x.serviceId] = (byService[x.serviceId] ?? 0) + 1;
    const services = c.links.map((l) => (l.weight > 1 ? `${l.serviceId}×${l.weight}` : l.serviceId)).join(' ');
    return {
      counterId: c.id,
      services: c.skills ? `${services} (clerk: ${c.skills.join(' ')})` : services,
      total: mine.length,
      byService,
    };
  });

  const normalRule = sc.policy.classes.find((c) => c.id === 'normal');
  const normals = called.filter((r) => r.category === 'normal');
  const plainCalled = new Map(plain.records.map((r) => [r.ticketId, r.calledAt]));
  const extra = normals.map((r) => ((r.calledAt as number) - (plainCalled.get(r.ticketId) ?? (r.calledAt as number))) / MIN);
  const allRecords = day.records;

  const sample = called.filter((r) => r.waitMin >= 5);
  const rel = sample.map((r) => Math.abs(r.estimateSec / 60 - r.waitMin) / r.waitMin);
  const abs = sample.map((r) => Math.abs(r.estimateSec / 60 - r.waitMin));

  const visits = generateDay(sc).map((v) => v.serviceSec / 60);
  return {
    scenario: sc.name,
    description: sc.description,
    seed: sc.seed,
    arrivals: sc.arrivals,
    counters: sc.counters.length,
    waits,
    calls,
    starvation: {
      boundMin: (normalRule?.boundMs ?? 0) / MIN,
      normalTickets: normals.length,
      maxNormalWaitMin: Math.max(0, ...normals.map((r) => r.waitMin)),
      violations: day.violations.length,
      latestOvertakingMin: Math.max(0, ...allRecords.filter((r) => r.category === 'normal').map((r) => r.overtakenAfterMs / MIN)),
      maxExtraVsPlainMin: Math.max(0, ...extra),
      longestVisitMin: Math.max(0, ...visits),
    },
    estimate: {
      n: sample.length,
      medianRelError: percentile(rel, 50),
      p90RelError: percentile(rel, 90),
      medianAbsErrorMin: percentile(abs, 50),
    },
    promises: promiseAccuracy(
      called.map((r) => ({ range: waitRange(r.estimateSec), actualSec: ((r.calledAt as number) - r.arrivalAt) / 1000 })),
    ),
    policies: [{ policy: sc.compare ? 'ratio' : 'site', byClass: byClass(called) }],
    uncalled: day.records.filter((r) => r.calledAt === undefined).length,
    lastCall: clock(Math.max(...day.calls.map((c) => c.at))),
  };
}

function byClass(called: { category: string; waitMin: number }[]) {
  const out: Record<string, { n: number; meanMin: number; p90Min: number }> = {};
  for (const category of CATEGORIES) {
    const rows = called.filter((r) => r.category === category);
    if (rows.length > 0) out[category] = waitsOf(rows);
  }
  out.all = waitsOf(called);
  return out;
}

export function run(sc: Scenario): Summary {
  const visitors = generateDay(sc);
  const summary = summarise(sc, simulateDay(sc, visitors), simulateDay(sc, visitors, { plain: true }));
  for (const [name, policy] of Object.entries(sc.compare ?? {})) {
    const day = simulateDay({ ...sc, policy }, visitors);
    const called = day.records
      .filter((r) => !r.continuation && r.calledAt !== undefined)
      .map((r) => ({ category: r.category, waitMin: ((r.calledAt as number) - r.arrivalAt) / MIN }));
    summary.policies.push({ policy: name, byClass: byClass(called) });
  }
  return summary;
}

const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '–');
const pad = (s: string | number, n: number, right = false) => (right ? String(s).padStart(n) : String(s).padEnd(n));

export function format(s: Summary): string {
  const out: string[] = [];
  out.push(`Scenario "${s.scenario}" (seed ${s.seed}): ${s.description}`);
  out.push(`${s.arrivals} arrivals 08:30–16:30, ${s.counters} counters; last call ${s.lastCall}; never called: ${s.uncalled}`);
  out.push('');
  out.push('Waits from arrival to first call, minutes');
  out.push(
    `${pad('class', 12)}${pad('service', 8)}${pad('n', 5, true)}${pad('mean', 8, true)}${pad('p90', 8, true)}${pad('max', 8, true)}`,
  );
  for (const w of s.waits)
    out.push(
      `${pad(w.category, 12)}${pad(w.serviceId, 8)}${pad(w.n, 5, true)}${pad(f1(w.meanMin), 8, true)}${pad(f1(w.p90Min), 8, true)}${pad(f1(w.maxMin), 8, true)}`,
    );
  out.push('');
  out.push('Calls per counter');
  const services = [...new Set(s.calls.flatMap((c) => Object.keys(c.byService)))].sort();
  out.push(`${pad('counter', 9)}${pad('serves', 24)}${pad('calls', 6, true)}${services.map((x) => pad(x, 6, true)).join('')}`);
  for (const c of s.calls)
    out.push(
      `${pad(c.counterId, 9)}${pad(c.services, 24)}${pad(c.total, 6, true)}${services.map((x) => pad(c.byService[x] ?? 0, 6, true)).join('')}`,
    );
  out.push('');
  const st = s.starvation;
  out.push(`Anti-starvation (normal class, bound ${st.boundMin} min)`);
  out.push(`  normal tickets called: ${st.normalTickets}; max normal wait: ${f1(st.maxNormalWaitMin)} min`);
  out.push(
    `  overtaken by a later arrival after waiting ≥ the bound: ${st.violations} times → ${st.violations === 0 ? 'BOUND HOLDS' : 'BOUND VIOLATED'}`,
  );
  out.push(`  latest point in a normal wait at which a later arrival was still called first: ${f1(st.latestOvertakingMin)} min`);
  out.push(
    `  largest extra wait of a normal ticket vs the same day in plain arrival order: ${f1(st.maxExtraVsPlainMin)} min (bound + longest visit = ${f1(st.boundMin + st.longestVisitMin)} min)`,
  );
  out.push('');
  const e = s.estimate;
  out.push(`Wait estimate given at issue, tickets that waited ≥ 5 min (n = ${e.n})`);
  out.push(
    `  |estimated − actual| / actual: median ${pct(e.medianRelError)}, p90 ${pct(e.p90RelError)}; median absolute error ${f1(e.medianAbsErrorMin)} min`,
  );
  out.push(`  target median ≤ 25%: ${e.n === 0 ? 'no ticket waited 5 min' : e.medianRelError <= 0.25 ? 'MET' : 'NOT MET'}`);
  const p = s.promises;
  out.push('');
  out.push(`Wait shown as a range at issue (n = ${p.called} called)`);
  out.push(
    `  called inside the range: ${pct(p.share ?? Number.NaN)} (early ${p.early}, late ${p.late}); median range width ${f1((p.medianWidthSec ?? Number.NaN) / 60)} min`,
  );
  out.push(`  target ≥ 80% inside: ${p.share === undefined ? 'nobody called' : p.share >= 0.8 ? 'MET' : 'NOT MET'}`);
  if (s.policies.length > 1) {
    out.push('');
    out.push('Waits per class under each policy, minutes (mean / p90)');
    const classes = [...new Set(s.policies.flatMap((x) => Object.keys(x.byClass)))];
    out.push(`${pad('class', 12)}${s.policies.map((x) => pad(x.policy, 18, true)).join('')}`);
    for (const c of classes)
      out.push(
        `${pad(c, 12)}${s.policies
          .map((x) => {
            const w = x.byClass[c];
            return pad(w ? `${f1(w.meanMin)} / ${f1(w.p90Min)}` : '–', 18, true);
          })
          .join('')}`,
      );
  }
  return out.join('\n');
}
