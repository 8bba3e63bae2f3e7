/**
 * Start-up time (spawn → first healthy /health) and resident memory of the hub: with an empty
 * data dir and a bare Fastify process as baselines, with today's 20,000 tickets, and with
 * those plus a year of closed days in archive/. Every run starts from a fresh copy of the
 * seeded data, so each measures the same first start after a (re)boot.
 */
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../../support/hub';
import { freePort } from '../../support/ports';
import { knobs } from '../lib/env';
import { type ChildServer, spawnHubOn, spawnServer } from '../lib/hub-process';
import { cpuProfArgs, stopAndSummarize } from '../lib/profiling';
import type { Check, ScenarioResult } from '../lib/report';
import { seedDataDir } from '../lib/seed';
import { benchSitePatch } from '../lib/site';
import { mb, round } from '../lib/stats';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TARGET_RSS_MB = 200;
const SETTLE_MS = 1000;

interface Variant {
  name: string;
  seed: string | null;
  tickets: number;
  archivedDays: number;
}

interface Measurement {
  readyMs: number[];
  /** RSS one second after the first healthy answer: still holding the garbage of loading. */
  rssMb: number[];
  /** Lowest RSS over the settle window of the first run, once V8's idle GC has given memory back. */
  settledMb: number | null;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function startOnce(
  seed: string | null,
  nodeArgs: string[] = [],
  patch: (raw: any) => void = benchSitePatch,
): Promise<{ server: ChildServer; dir: string }> {
  const dir = tempDir('cb-bench-start-');
  if (seed) cpSync(seed, dir, { recursive: true });
  const [port, mqttPort] = [await freePort(), await freePort()];
  const server = await spawnHubOn({ dataDir: dir, port, mqttPort, patch, nodeArgs, healthTimeoutMs: 120_000 });
  return { server, dir };
}

/**
 * The daily backup falls due at the first start after its time (02:30 by default): a hub
 * restarted mid-morning backs up at once. Polls /health through it to see how long the event
 * loop stalls (screens and kiosks wait that long) and how high RSS goes.
 */
async function measureBackupAtStart(
  seed: string,
): Promise<{ readyMs: number; peakRssMb: number; worstHealthMs: number; written: boolean }> {
  const { server, dir } = await startOnce(seed, [], (raw) => {
    benchSitePatch(raw);
    raw.backup = { enabled: true, time: '00:00' };
  });
  let peak = 0;
  let worst = 0;
  let written = false;
  const end = Date.now() + knobs.settleSec * 1000;
  while (Date.now() < end) {
    const t0 = performance.now();
    await fetch(`${server.baseUrl}/api/v1/health`).then((r) => r.arrayBuffer());
    worst = Math.max(worst, performance.now() - t0);
    peak = Math.max(peak, mb(server.rss()));
    written = existsSync(path.join(dir, 'backups')) && readdirSync(path.join(dir, 'backups')).some((f) => f.endsWith('.cbk'));
    await new Promise((r) => setTimeout(r, 50));
  }
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
  return { readyMs: server.readyMs, peakRssMb: peak, worstHealthMs: worst, written };
}

/** Samples RSS once a second for `ms` and returns the lowest. */
async function settledRss(server: ChildServer, ms: number): Promise<number> {
  let low = Number.POSITIVE_INFINITY;
  for (let t = 0; t < ms; t += 1000) {
    await new Promise((r) => setTimeout(r, 1000));
    low = Math.min(low, mb(server.rss()));
  }
  return low;
}

async function measureHub(seed: string | null): Promise<Measurement> {
  const m: Measurement = { readyMs: [], rssMb: [], settledMb: null };
  for (let i = 0; i < knobs.startupRuns; i++) {
    const { server, dir } = await startOnce(seed);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    m.readyMs.push(server.readyMs);
    m.rssMb.push(mb(server.rss()));
    if (i === 0) m.settledMb = await settledRss(server, knobs.settleSec * 1000);
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return m;
}

async function measureBare(): Promise<Measurement> {
  const m: Measurement = { readyMs: [], rssMb: [], settledMb: null };
  for (let i = 0; i < knobs.startupRuns; i++) {
    const port = await freePort();
    const server = await spawnServer({
      args: ['--import', 'tsx', path.join(HERE, '../baselines/bare-http.ts')],
      env: { PORT: String(port) },
      baseUrl: `http://127.0.0.1:${port}`,
      healthPath: '/api/v1/health',
    });
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    m.readyMs.push(server.readyMs);
    m.rssMb.push(mb(server.rss()));
    await server.stop();
  }
  return m;
}

export async function startupScenario(): Promise<ScenarioResult> {
  const t0 = Date.now();
  const today = tempDir('cb-bench-seed-today-');
  await seedDataDir(today, { today: knobs.startupTickets, yearDays: 0, perPastDay: 0 });
  const variants: Variant[] = [
    {
      name: `hub, ${knobs.startupTickets.toLocaleString('en-US')} tickets today`,
      seed: today,
      tickets: knobs.startupTickets,
      archivedDays: 0,
    },
  ];
  if (knobs.yearDays > 0) {
    const year = tempDir('cb-bench-seed-year-');
    await seedDataDir(year, { today: knobs.startupTickets, yearDays: knobs.yearDays, perPastDay: knobs.yearTicketsPerDay });
    const archived = readdirSync(path.join(year, 'archive')).filter((f) => f.endsWith('.db')).length;
    variants.push({
      name: `hub, same + ${archived} archived days (${(archived * knobs.yearTicketsPerDay).toLocaleString('en-US')} tickets)`,
      seed: year,
      tickets: knobs.startupTickets,
      archivedDays: archived,
    });
  }
  const seedSec = (Date.now() - t0) / 1000;

  // Warm-up: tsx's transform cache and the page cache, so that no variant pays for them alone.
  await measureHub(null).catch(() => undefined);
  const bare = await measureBare();
  const empty = await measureHub(null);
  const measured: { variant: Variant; m: Measurement }[] = [];
  for (const v of variants) measured.push({ variant: v, m: await measureHub(v.seed) });

  const yearSeed = variants[1]?.seed;
  const backup = yearSeed ? await measureBackupAtStart(yearSeed) : null;
  const main = measured[0] as { variant: Variant; m: Measurement };
  const settled = main.m.settledMb ?? Number.NaN;
  const atReady = median(main.m.rssMb);
  const checks: Check[] = [
    {
      what: `RSS with ${knobs.startupTickets.toLocaleString('en-US')} tickets, settled`,
      target: `≤ ${TARGET_RSS_MB} MB`,
      measured: `${settled} MB`,
      met: settled <= TARGET_RSS_MB,
    },
    {
      what: `RSS with ${knobs.startupTickets.toLocaleString('en-US')} tickets, 1 s after ready`,
      target: `≤ ${TARGET_RSS_MB} MB`,
      measured: `${atReady} MB`,
      met: atReady <= TARGET_RSS_MB,
    },
  ];
  const profiles = [];
  if (knobs.profile === 'always' || (knobs.profile === 'auto' && checks.some((c) => !c.met))) {
    const prof = cpuProfArgs('startup');
    const since = Date.now();
    const { server, dir } = await startOnce(main.variant.seed, prof.args);
    const s = await stopAndSummarize(server, prof.dir, since);
    rmSync(dir, { recursive: true, force: true });
    if (s) profiles.push(s);
  }
  const row = (name: string, m: Measurement) => [
    name,
    round(median(m.readyMs), 0),
    round(Math.max(...m.readyMs), 0),
    median(m.rssMb),
    Math.max(...m.rssMb),
    m.settledMb ?? '',
  ];
  return {
    name: 'startup',
    title: `Start-up: spawn → healthy, RSS ${SETTLE_MS / 1000} s later (median and worst of ${knobs.startupRuns} runs), and lowest RSS over the next ${knobs.settleSec} s`,
    header: ['process', 'ready ms', 'worst ms', 'RSS MB', 'worst MB', 'settled MB'],
    rows: [
      row('bare Fastify process', bare),
      row('hub, empty data dir', empty),
      ...measured.map((x) => row(x.variant.name, x.m)),
      ...(backup
        ? [['hub, same, daily backup due at start (peak RSS)', round(backup.readyMs, 0), '', '', backup.peakRssMb, '']]
        : []),
    ],
    checks,
    notes: [
      `seeding took ${round(seedSec, 0)} s (through the hub's Store and day-close code)`,
      "the hub runs from its compiled bundle (hub/dist, built by `npm run build`) with the service unit's MALLOC_TRIM_THRESHOLD_; run from the TypeScript sources through tsx it has ≈ 35 MB more RSS (tsx's loader thread). The bare Fastify baseline still runs through tsx",
      ...(backup
        ? [
            `daily backup at start-up (year of archive): ${backup.written ? 'written' : 'NOT written'}; /health answered within ${round(backup.worstHealthMs, 0)} ms at worst while it ran (the event loop stalls that long)`,
          ]
        : []),
      '"settled": V8 returns the garbage of loading (NeDB replays and rewrites each file) after some seconds idle',
    ],
    profiles,
    data: { bare, empty, variants: measured, backup },
  };
}
