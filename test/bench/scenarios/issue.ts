/**
 * Ticket issue under 100 concurrent HTTP clients (autocannon), against a bare Fastify JSON
 * route in the same process layout. Rounds alternate bare/hub so that a burst of load from
 * someone else on the machine hits both alike; the best round of each is compared. A third
 * server in the same rounds is the hub without its fdatasync per batch
 * (`CALLBOARD_UNSAFE_NO_FSYNC=1`, never on a site): the price of durability, side by side.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon, { type Result } from 'autocannon';
import { tempDir } from '../../support/hub';
import { freePort } from '../../support/ports';
import { knobs } from '../lib/env';
import { type ChildServer, spawnHubOn, spawnServer } from '../lib/hub-process';
import { cpuProfArgs, stopAndSummarize } from '../lib/profiling';
import type { Check, ScenarioResult } from '../lib/report';
import { benchSitePatch, SERVICES } from '../lib/site';
import { mb, round } from '../lib/stats';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TARGET_RPS = 3000;
const TARGET_SHARE = 0.5;

const requests = SERVICES.map((s) => ({
  method: 'POST',
  path: '/api/v1/tickets',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ serviceId: s }),
}));

function load(baseUrl: string, seconds: number): Promise<Result> {
  return autocannon({ url: baseUrl, connections: knobs.connections, duration: seconds, requests, timeout: 10 });
}

interface Run {
  reqPerSec: number;
  ok: number;
  non2xx: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
}

const summarize = (r: Result): Run => ({
  reqPerSec: round(r['2xx'] / r.duration, 0),
  ok: r['2xx'],
  non2xx: r.non2xx,
  errors: r.errors + r.timeouts,
  p50: r.latency.p50,
  p99: r.latency.p99,
  max: r.latency.max,
});

async function startHub(nodeArgs: string[] = [], env: Record<string, string> = {}): Promise<ChildServer> {
  const [port, mqttPort] = [await freePort(), await freePort()];
  return spawnHubOn({ dataDir: tempDir('cb-bench-issue-'), port, mqttPort, patch: benchSitePatch, nodeArgs, env });
}

async function startBare(): Promise<ChildServer> {
  const port = await freePort();
  return spawnServer({
    args: ['--import', 'tsx', path.join(HERE, '../baselines/bare-http.ts')],
    env: { PORT: String(port) },
    baseUrl: `http://127.0.0.1:${port}`,
    healthPath: '/api/v1/health',
  });
}

export async function issueScenario(): Promise<ScenarioResult> {
  const hub = await startHub();
  const bare = await startBare();
  const noSync = await startHub([], { CALLBOARD_UNSAFE_NO_FSYNC: '1' });
  const runs: { hub: Run[]; bare: Run[]; noSync: Run[] } = { hub: [], bare: [], noSync: [] };
  let hubRss = 0;
  try {
    // Warm-up: JIT, connection pools, the hub's first batches.
    await load(bare.baseUrl, 2);
    await load(hub.baseUrl, 2);
    await load(noSync.baseUrl, 2);
    for (let i = 0; i < knobs.issueRounds; i++) {
      runs.bare.push(summarize(await load(bare.baseUrl, knobs.issueSec)));
      runs.hub.push(summarize(await load(hub.baseUrl, knobs.issueSec)));
      hubRss = Math.max(hubRss, hub.rss() ?? 0);
      runs.noSync.push(summarize(await load(noSync.baseUrl, knobs.issueSec)));
    }
  } finally {
    await hub.stop();
    await bare.stop();
    await noSync.stop();
  }
  const best = (rs: Run[]) => rs.reduce((a, b) => (b.reqPerSec > a.reqPerSec ? b : a));
  const h = best(runs.hub);
  const b = best(runs.bare);
  const n = best(runs.noSync);
  const share = h.reqPerSec / b.reqPerSec;
  const fsyncCost = 1 - h.reqPerSec / n.reqPerSec;
  const checks: Check[] = [
    {
      what: 'issue throughput',
      target: `≥ ${TARGET_RPS} req/s`,
      measured: `${h.reqPerSec} req/s`,
      met: h.reqPerSec >= TARGET_RPS,
    },
    {
      what: 'issue vs bare route',
      target: `≥ ${TARGET_SHARE * 100}%`,
      measured: `${round(share * 100, 0)}%`,
      met: share >= TARGET_SHARE,
    },
    {
      what: 'issue errors',
      target: '0 non-2xx, 0 errors',
      measured: `${h.non2xx} / ${h.errors}`,
      met: h.non2xx + h.errors === 0,
    },
  ];
  const profiles = [];
  if (knobs.profile === 'always' || (knobs.profile === 'auto' && checks.some((c) => !c.met))) {
    const prof = cpuProfArgs('issue');
    const since = Date.now();
    const profiled = await startHub(prof.args);
    await load(profiled.baseUrl, knobs.issueSec);
    const p = await stopAndSummarize(profiled, prof.dir, since);
    if (p) profiles.push(p);
  }
  const row = (name: string, r: Run) => [name, r.reqPerSec, r.p50, r.p99, r.max, r.non2xx, r.errors];
  return {
    name: 'issue',
    title: `Ticket issue, ${knobs.connections} connections, ${knobs.issueSec} s × ${knobs.issueRounds} rounds (best round)`,
    header: ['server', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'non-2xx', 'errors'],
    rows: [
      row('hub POST /api/v1/tickets', h),
      row('hub without fdatasync (CALLBOARD_UNSAFE_NO_FSYNC=1)', n),
      row('bare Fastify JSON route', b),
      ['hub / bare', `${round(share * 100, 0)}%`, '', '', '', '', ''],
    ],
    checks,
    notes: [
      `hub RSS after the runs: ${mb(hubRss)} MB (tickets pile up: nobody calls them in this scenario)`,
      `fdatasync per group-commit batch costs ${round(fsyncCost * 100, 0)}% of issue throughput ` +
        `(${h.reqPerSec} vs ${n.reqPerSec} req/s without it)`,
    ],
    profiles,
    data: { runs, best: { hub: h, bare: b, noSync: n }, share, fsyncCost, hubRssBytes: hubRss },
  };
}
