/**
 * Reports benchmark: a year of synthetic history (2 million tickets by default, generated once
 * by gen-history.ts and kept in the system temp dir), a real hub started on it as a child
 * process, and the reports asked for over HTTP as the staff console would:
 *   - hub start-up with that archive (spawn → first healthy /health), median of restarts
 *   - 365-day KPI report: the first after start (parses the daily summaries) and warm
 *   - 365-day repeat-visit report (72 h window), first and warm
 *   - frequent visitors, staffing advice and a pair drill-down over the year, first and warm
 * Issue 9 targets: KPI ≤ 1 s, repeat visits ≤ 3 s.
 *
 *   node --import tsx test/bench/reports.ts
 * Knobs: BENCH_HISTORY_DAYS (365), BENCH_HISTORY_PER_DAY (5500), BENCH_HISTORY_SEED (1),
 * BENCH_HISTORY_DIR (where to keep it), BENCH_HISTORY_REGEN=1 (generate afresh), BENCH_RUNS (5).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type HubProcess, spawnHub, tempDir } from '../support/hub';
import { BENCH_SITE, generateHistory, siteConfigPatch } from './gen-history';

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

/** Bump when gen-history.ts or the stored formats change, so a stale cache is not measured. */
const HISTORY_FORMAT = 4;
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

interface Manifest {
  format: number;
  days: string[];
  tickets: number;
  identified: number;
  genMs: number;
}

async function history(log: (s: string) => void): Promise<{ dir: string; manifest: Manifest }> {
  const days = env('BENCH_HISTORY_DAYS', 365);
  const perDay = env('BENCH_HISTORY_PER_DAY', 5500);
  const seed = env('BENCH_HISTORY_SEED', 1);
  const dir = process.env.BENCH_HISTORY_DIR ?? path.join(tmpdir(), `callboard-bench-history-${days}x${perDay}-s${seed}`);
  const manifestFile = path.join(dir, 'bench-history.json');
  if (process.env.BENCH_HISTORY_REGEN !== '1' && existsSync(manifestFile)) {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
    if (manifest.format === HISTORY_FORMAT) {
      log(`history: reusing ${dir} (${manifest.tickets} tickets, ${manifest.days.length} days)`);
      return { dir, manifest };
    }
  }
  rmSync(dir, { recursive: true, force: true });
  log(`history: generating ${days} days × ~${perDay} tickets into ${dir} …`);
  const r = await generateHistory({ dataDir: dir, days, perDay, seed, site: BENCH_SITE });
  const manifest: Manifest = { format: HISTORY_FORMAT, days: r.days, tickets: r.tickets, identified: r.identified, genMs: r.ms };
  writeFileSync(manifestFile, JSON.stringify(manifest));
  log(`history: ${r.tickets} tickets (${r.identified} identified visits) in ${(r.ms / 1000).toFixed(0)} s`);
  return { dir, manifest };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function start(dir: string): Promise<{ hub: HubProcess; ms: number }> {
  const t0 = performance.now();
  const hub = await spawnHub({ dataDir: dir, patch: siteConfigPatch(BENCH_SITE) });
  return { hub, ms: performance.now() - t0 };
}

async function login(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'supervisor', password: 'callboard-demo' }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
}

/**
 * CPU time (user + system) the process has used, in ms, from /proc (Linux; null elsewhere).
 * Wall time is what a supervisor waits; on a shared, busy machine it is mostly waiting for a
 * core, so the hub's own CPU time is printed beside it.
 */
function cpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const fields = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

async function timed(hub: HubProcess, cookie: string, url: string): Promise<{ ms: number; cpu: number | null; body: any }> {
  const c0 = cpuMs(hub.child.pid);
  const t0 = performance.now();
  const res = await fetch(`${hub.baseUrl}/api/v1${url}`, { headers: { cookie } });
  const text = await res.text();
  const ms = performance.now() - t0;
  const c1 = cpuMs(hub.child.pid);
  if (!res.ok) throw new Error(`${url}: ${res.status} ${text.slice(0, 300)}`);
  return { ms, cpu: c0 === null || c1 === null ? null : c1 - c0, body: JSON.parse(text) };
}

export async function benchReports(log: (s: string) => void = console.log): Promise<BenchFigure[]> {
  const runs = env('BENCH_RUNS', 5);
  log(
    `load average at start: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')} on ${cpus().length} cores`,
  );
  const { dir, manifest } = await history(log);
  const from = manifest.days[0] as string;
  const to = manifest.days[manifest.days.length - 1] as string;
  const range = `from=${from}&to=${to}`;
  const figures: BenchFigure[] = [
    { name: 'history: tickets archived', value: manifest.tickets, unit: 'tickets' },
    { name: 'history: identified visits', value: manifest.identified, unit: 'visits' },
  ];

  // Start-up: the first start seeds the demo accounts; restarts are what a site sees daily.
  // The same with an empty data dir, measured alongside, shows what the archive adds (nothing
  // is read from it at start: only the hot store and the small collections are loaded).
  const restarts = async (dataDir: string, n: number) => {
    const times: number[] = [];
    let { hub } = await start(dataDir);
    for (let i = 0; i < n; i++) {
      await hub.stop('SIGTERM');
      const s = await start(dataDir);
      hub = s.hub;
      times.push(s.ms);
    }
    return { hub, ms: median(times) };
  };
  const empty = tempDir('cb-bench-empty-');
  const baseline = await restarts(empty, 3);
  await baseline.hub.stop('SIGTERM');
  rmSync(empty, { recursive: true, force: true });
  const { hub, ms } = await restarts(dir, 3);
  figures.push({ name: 'hub start-up, empty data dir', value: Math.round(baseline.ms), unit: 'ms' });
  figures.push({ name: `hub start-up with ${manifest.days.length}-day archive`, value: Math.round(ms), unit: 'ms' });

  try {
    const cookie = await login(hub.baseUrl);
    const measure = async (name: string, url: string, target?: string, repeats = runs) => {
      const first = await timed(hub, cookie, url);
      const warm: { ms: number; cpu: number | null }[] = [];
      for (let i = 0; i < repeats; i++) warm.push(await timed(hub, cookie, url));
      const t = target ? { target } : {};
      figures.push({ name: `${name}, first after start`, value: Math.round(first.ms), unit: 'ms', ...t });
      figures.push({
        name: `${name}, warm (median of ${repeats})`,
        value: Math.round(median(warm.map((w) => w.ms))),
        unit: 'ms',
        ...t,
      });
      if (first.cpu !== null) {
        figures.push({ name: `${name}, first after start: hub CPU`, value: Math.round(first.cpu), unit: 'ms' });
        figures.push({ name: `${name}, warm: hub CPU`, value: Math.round(median(warm.map((w) => w.cpu ?? 0))), unit: 'ms' });
      }
      return first.body;
    };
    const kpi = await measure(`KPI report, ${manifest.days.length} days`, `/reports/kpis?${range}`, '≤ 1000 ms');
    log(`  KPI report covers ${kpi.days.length} days; exact quantiles: ${kpi.exact}`);
    const rep = await measure(
      `repeat visits, ${manifest.days.length} days`,
      `/reports/repeats?${range}&windowHours=72`,
      '≤ 3000 ms',
      3,
    );
    log(`  repeat rate ${(rep.overall.repeatRate * 100).toFixed(1)} % of ${rep.overall.servedVisits} served visits`);
    await measure(`frequent visitors, ${manifest.days.length} days`, `/reports/frequent-visitors?${range}`, undefined, 3);
    await measure(
      `repeat pairs drill-down, ${manifest.days.length} days`,
      `/reports/repeats/pairs?${range}&limit=100`,
      undefined,
      3,
    );
    await measure(`staffing advice, ${manifest.days.length} days`, `/reports/staffing?${range}`, undefined, 3);
  } finally {
    await hub.stop('SIGTERM');
  }
  log(
    `load average at the end: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  return figures;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const figures = await benchReports();
  const width = Math.max(...figures.map((f) => f.name.length));
  console.log('\nReports benchmark');
  for (const f of figures)
    console.log(
      `  ${f.name.padEnd(width)}  ${String(f.value).padStart(9)} ${f.unit.padEnd(7)} ${f.target ? `target ${f.target}` : ''}`,
    );
  process.exit(0);
}
