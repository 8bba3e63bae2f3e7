/**
 * Many sites, one view (docs/operations.md §10): `BENCH_CENTRAL_SITES` (50) simulated sites
 * uplink through the central Mosquitto (TLS, per-site credentials and ACL from docs/mosquitto)
 * into one central console: each site's bridge is simulated by one MQTT client logging in as that
 * site, sending a live status every second (as a hub with `heartbeatSec: 1` would, more often than
 * the default 15 s) for `BENCH_CENTRAL_SEC`, then its closed days (`BENCH_CENTRAL_DAYS`, with KPI
 * pre-aggregates from the history generator) until acknowledged.
 * Measured: the central view's lag (status sent → stored in the console's view), beside a raw
 * subscriber on the same broker in the same run; the time to take in every day; the cross-site
 * KPI report's time over every site and day.
 */
import { readFileSync } from 'node:fs';
import mqtt from 'mqtt';
import { crossSiteKpis } from '../../../hub/src/analytics/cross-site';
import { CentralConsole } from '../../../hub/src/central';
import type { HubConfig } from '../../../hub/src/config';
import { CentralRepository } from '../../../hub/src/store';
import { CentralNetwork } from '../../support/central-network';
import { tempDir } from '../../support/hub';
import { DEMO_SITE, generateHistory } from '../gen-history';
import type { Check, ScenarioResult } from '../lib/report';
import { round, summarize } from '../lib/stats';

const num = (name: string, dflt: number) => (process.env[name] ? Number(process.env[name]) : dflt);

export async function centralScenario(): Promise<ScenarioResult> {
  const quick = process.env.BENCH_QUICK === '1';
  const siteCount = num('BENCH_CENTRAL_SITES', quick ? 10 : 50);
  const seconds = num('BENCH_CENTRAL_SEC', quick ? 5 : 20);
  const dayCount = num('BENCH_CENTRAL_DAYS', quick ? 7 : 30);
  const ids = Array.from({ length: siteCount }, (_, i) => `site-${String(i + 1).padStart(3, '0')}`);
  const net = await CentralNetwork.start({ sites: [], simulatedSites: ids, noConsole: true });
  const settings = net.consoleSettings() as NonNullable<HubConfig['central']>;
  const repo = await CentralRepository.open(tempDir('cb-bench-central-'));
  const central = CentralConsole.start({ settings, repo, now: Date.now, log: { warn: () => undefined } });
  const viewLag: number[] = [];
  central.onStatus = (_site, status) => {
    if (typeof status.at === 'number') viewLag.push(Date.now() - status.at);
  };
  const ca = readFileSync(net.certs.ca);
  const url = `mqtts://127.0.0.1:${net.centralBroker.port}`;
  const raw = await mqtt.connectAsync(url, {
    protocolVersion: 4,
    ca,
    username: 'callboard-central',
    password: net.consolePassword,
  });
  const rawLag: number[] = [];
  raw.on('message', (_t, payload) => {
    const at = (JSON.parse(payload.toString()) as { at?: number }).at;
    if (typeof at === 'number') rawLag.push(Date.now() - at);
  });
  await raw.subscribeAsync('callboard/+/site-status');
  while (!central.connected) await new Promise((r) => setTimeout(r, 50));

  // One site's history, sent by every site (their figures need not differ for the timing).
  const histDir = tempDir('cb-bench-central-hist-');
  const history = await generateHistory({
    dataDir: histDir,
    days: dayCount,
    perDay: 300,
    seed: 3,
    site: DEMO_SITE,
    collect: true,
  });
  const rows = readFileSync(`${histDir}/daily_stats.db`, 'utf8').trim().split('\n');
  const sites = await Promise.all(
    ids.map((id) =>
      mqtt.connectAsync(url, {
        protocolVersion: 4,
        ca,
        username: id,
        password: `bridge-${id}-secret`,
        clientId: `callboard-bridge-${id}`,
      }),
    ),
  );
  const pending = new Map(ids.map((id) => [id, new Set(history.days.map((d) => `daily:${d}`))]));
  for (const [i, c] of sites.entries()) {
    const id = ids[i] as string;
    c.on('message', (_t, payload) => {
      for (const k of (JSON.parse(payload.toString()) as { keys: string[] }).keys) pending.get(id)?.delete(k);
    });
    await c.subscribeAsync(`callboard/${id}/central/ack`, { qos: 1 });
  }
  // A day of live status, compressed: every site every second, figures changing.
  const t0 = Date.now();
  let tick = 0;
  while (Date.now() - t0 < seconds * 1000) {
    tick++;
    for (const [i, c] of sites.entries()) {
      const id = ids[i] as string;
      const status = {
        v: 1,
        state: 'online',
        at: Date.now(),
        heartbeatSec: 1,
        waiting: (tick * (i + 1)) % 40,
        longestWaitSec: tick * 3,
        serviceLevel: 0.9,
      };
      c.publish(`callboard/${id}/site-status`, JSON.stringify(status), { qos: 1, retain: true });
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  // Day close everywhere: every site sends its closed days.
  const d0 = Date.now();
  for (const [i, c] of sites.entries())
    for (const row of rows) c.publish(`callboard/${ids[i]}/daily`, `${row.slice(0, -1)},"v":1}`, { qos: 1, retain: true });
  const deadline = Date.now() + 120_000;
  const rowOf = new Map(rows.map((row) => [`daily:${(JSON.parse(row) as { _id: string })._id}`, row]));
  let lastSend = Date.now();
  while ([...pending.values()].some((p) => p.size > 0) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    // As a hub's outbox does every `resendSec`: what is not acknowledged yet goes again.
    if (Date.now() - lastSend < 5000) continue;
    lastSend = Date.now();
    for (const [i, c] of sites.entries())
      for (const key of pending.get(ids[i] as string) ?? [])
        c.publish(`callboard/${ids[i]}/daily`, `${(rowOf.get(key) as string).slice(0, -1)},"v":1}`, { qos: 1, retain: true });
  }
  const ingestMs = Date.now() - d0;
  const acked = [...pending.values()].every((p) => p.size === 0);
  // The cross-site report over every site and day (what GET /central/reports/kpis computes).
  const r0 = performance.now();
  const days = await central.siteDays();
  const report = crossSiteKpis({
    days,
    from: history.days[0] as string,
    to: history.days.at(-1) as string,
    timeZone: 'Asia/Shanghai',
    services: DEMO_SITE.services.map((s) => ({ id: s.id, targetWaitMin: s.targetWaitMin })),
  });
  const reportMs = performance.now() - r0;

  for (const c of sites) await c.endAsync(true);
  await raw.endAsync(true);
  await central.close();
  await net.close();

  const view = summarize(viewLag);
  const broker = summarize(rawLag);
  const checks: Check[] = [
    {
      what: `central view lag p99, ${siteCount} sites`,
      target: '≤ 1000 ms',
      measured: `${round(view.p99)} ms`,
      met: view.p99 <= 1000,
    },
    {
      what: `cross-site KPI report, ${siteCount} sites × ${dayCount} days`,
      target: '≤ 5000 ms',
      measured: `${round(reportMs)} ms`,
      met: reportMs <= 5000,
    },
    { what: 'every closed day acknowledged', target: 'all', measured: acked ? 'all' : 'NOT ALL', met: acked },
  ];
  return {
    name: 'central',
    title: `Central console: ${siteCount} sites through the central Mosquitto (TLS), ${seconds} s of 1 s heartbeats, ${dayCount} days each`,
    header: ['figure', 'central console', 'raw broker subscriber'],
    rows: [
      ['status messages', view.n, broker.n],
      ['lag p50 (ms)', round(view.p50), round(broker.p50)],
      ['lag p99 (ms)', round(view.p99), round(broker.p99)],
      ['lag max (ms)', round(view.max), round(broker.max)],
      [`closed days in (${siteCount * dayCount}) until all acknowledged (ms)`, ingestMs, '–'],
      ['cross-site KPI report (ms)', round(reportMs), '–'],
      ['sites in the report', report.sites.length, '–'],
    ],
    checks,
    notes: [
      'Each site’s bridge is one MQTT client logging in with that site’s credentials (central.acl applies); site hubs and their Mosquittos are not run here (test/integration/central.test.ts runs two real ones).',
      'Closed days not acknowledged are sent again every 5 s, as a hub’s outbox does every `uplink.resendSec`.',
      'Lag is measured on one machine (no clock skew): status `at` → the console has it in its view / the raw subscriber has it.',
    ],
    profiles: [],
    data: { viewLag: view, rawLag: broker, ingestMs, reportMs, siteCount, dayCount, seconds },
  };
}
