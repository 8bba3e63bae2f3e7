/**
 * Call → screen: a supervisor presses "call next"; how long until each of 500 screens
 * (MQTT over WebSocket, subscribed to board + calls like the display app) has the call?
 * Baseline: the bare broker (same aedes, same WebSocket transport, no hub) — a client
 * publishes a call-shaped message and the same 500 screens receive it.
 *
 * Timed from the moment the request (or publish) leaves this process. The issue's definition,
 * from the call-next *response*, is printed too; it is smaller and can be negative, since the
 * hub publishes before it answers.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HubClient, topics } from '@callboard/hub/client';
import mqtt from 'mqtt';
import { tempDir } from '../../support/hub';
import { freePort } from '../../support/ports';
import { knobs } from '../lib/env';
import { type ChildServer, spawnHubOn, spawnServer } from '../lib/hub-process';
import { cpuProfArgs, stopAndSummarize } from '../lib/profiling';
import type { Check, ScenarioResult } from '../lib/report';
import { ScreenFleet, wallNow } from '../lib/screen-fleet';
import { Arrivals } from '../lib/screens';
import { benchSitePatch } from '../lib/site';
import { round, type Summary, summarize } from '../lib/stats';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SITE = 'demo';
const WARMUP = 5;
const GAP_MS = 100;
const WAIT_MS = 5000;
const TARGET_P99_MS = 50;
const TARGET_RATIO = 2;

interface Measured {
  fromRequest: Summary;
  fromResponse: Summary | null;
  missed: number;
  connectSec: number;
}

/** One side of the comparison: something that makes a call happen, and the screens that see it. */
interface Side {
  screens: ScreenFleet;
  arrivals: Arrivals;
  connectSec: number;
  /** Triggers call i; resolves with its ticket number once the trigger has been answered. */
  trigger(i: number): Promise<string>;
  fromRequest: number[];
  fromResponse: number[];
  missed: number;
  close(): Promise<void>;
}

async function connectScreens(wsUrl: string) {
  const c0 = performance.now();
  const screens = await ScreenFleet.start(wsUrl, knobs.screens, [topics.board(SITE), topics.calls(SITE)]);
  const arrivals = new Arrivals(knobs.screens);
  // Counts a screen's copy of a call once, keyed by ticket number.
  screens.onArrival((a) => arrivals.record(a.number, a.screen, a.at));
  return { screens, arrivals, connectSec: (performance.now() - c0) / 1000 };
}

async function hubSide(server: ChildServer, wsUrl: string, total: number): Promise<Side> {
  const staff = new HubClient({ baseUrl: server.baseUrl });
  await staff.login('supervisor', 'callboard-demo');
  // Counter 1 serves service B (see lib/site.ts).
  for (let i = 0; i < total; i++) await staff.issueTicket({ serviceId: 'B' });
  const conn = await connectScreens(wsUrl);
  return {
    ...conn,
    trigger: async () => (await staff.callNext('1')).number,
    fromRequest: [],
    fromResponse: [],
    missed: 0,
    close: () => conn.screens.close(),
  };
}

async function rawSide(): Promise<Side> {
  const [port, mqttPort] = [await freePort(), await freePort()];
  const broker = await spawnServer({
    args: ['--import', 'tsx', path.join(HERE, '../baselines/bare-broker.ts')],
    env: { PORT: String(port), MQTT_PORT: String(mqttPort) },
    baseUrl: `http://127.0.0.1:${port}`,
    healthPath: '/health',
  });
  const publisher = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, { protocolVersion: 4 });
  const conn = await connectScreens(`ws://127.0.0.1:${port}/mqtt`);
  return {
    ...conn,
    async trigger(i) {
      const number = `B${String(i + 1).padStart(5, '0')}`;
      // The same shape and size as the hub's call message.
      const payload = JSON.stringify({
        v: 1,
        ticketId: crypto.randomUUID(),
        number,
        serviceId: 'B',
        counterId: '1',
        counterName: { zh: '1号窗口', en: 'Counter 1' },
        recall: false,
        recallCount: 0,
        at: Date.now(),
      });
      await publisher.publishAsync(topics.calls(SITE), payload, { qos: 1 });
      return number;
    },
    fromRequest: [],
    fromResponse: [],
    missed: 0,
    async close() {
      await conn.screens.close();
      await publisher.endAsync();
      await broker.stop();
    },
  };
}

async function callOnce(side: Side, i: number, record: boolean): Promise<void> {
  const t0 = wallNow();
  const number = await side.trigger(i);
  const t1 = wallNow();
  const got = await side.arrivals.wait(number, WAIT_MS);
  if (record) {
    side.missed += knobs.screens - got.length;
    for (const at of got) {
      side.fromRequest.push(at - t0);
      side.fromResponse.push(at - t1);
    }
  }
  await new Promise((r) => setTimeout(r, GAP_MS));
}

/**
 * Both sides are connected at once and take turns, call by call, so that load from anyone
 * else on this shared machine falls on hub and baseline alike.
 */
async function measure(sides: Side[]): Promise<void> {
  for (let i = 0; i < WARMUP + knobs.calls; i++) for (const side of sides) await callOnce(side, i, i >= WARMUP);
}

const result = (side: Side, withResponse: boolean): Measured => ({
  fromRequest: summarize(side.fromRequest),
  fromResponse: withResponse ? summarize(side.fromResponse) : null,
  missed: side.missed,
  connectSec: side.connectSec,
});

async function startHub(nodeArgs: string[] = []): Promise<{ server: ChildServer; wsUrl: string }> {
  const [port, mqttPort] = [await freePort(), await freePort()];
  const server = await spawnHubOn({ dataDir: tempDir('cb-bench-screen-'), port, mqttPort, patch: benchSitePatch, nodeArgs });
  return { server, wsUrl: `ws://127.0.0.1:${port}/mqtt` };
}

export async function callScreenScenario(): Promise<ScenarioResult> {
  const total = WARMUP + knobs.calls;
  const { server, wsUrl } = await startHub();
  const sides: Side[] = [];
  try {
    sides.push(await hubSide(server, wsUrl, total));
    sides.push(await rawSide());
    await measure(sides);
  } finally {
    for (const side of sides) await side.close();
    await server.stop();
  }
  const hub = result(sides[0] as Side, true);
  const raw = result(sides[1] as Side, false);
  const ratio = hub.fromRequest.p99 / raw.fromRequest.p99;
  const checks: Check[] = [
    {
      what: `call→screen p99 (${knobs.screens} screens)`,
      target: `≤ ${TARGET_P99_MS} ms`,
      measured: `${round(hub.fromRequest.p99)} ms`,
      met: hub.fromRequest.p99 <= TARGET_P99_MS,
    },
    {
      what: 'call→screen p99 vs raw broker',
      target: `≤ ${TARGET_RATIO}×`,
      measured: `${round(ratio, 2)}×`,
      met: ratio <= TARGET_RATIO,
    },
    { what: 'screens that missed a call', target: '0', measured: String(hub.missed), met: hub.missed === 0 },
  ];
  const profiles = [];
  if (knobs.profile === 'always' || (knobs.profile === 'auto' && checks.some((c) => !c.met))) {
    const prof = cpuProfArgs('call-screen');
    const since = Date.now();
    const p = await startHub(prof.args);
    const side = await hubSide(p.server, p.wsUrl, total);
    await measure([side]);
    await side.close();
    const s = await stopAndSummarize(p.server, prof.dir, since);
    if (s) profiles.push(s);
  }
  const row = (name: string, s: Summary, missed: number) => [name, s.n, round(s.p50), round(s.p99), round(s.max), missed];
  const rows = [
    row('hub: call-next request → screen', hub.fromRequest, hub.missed),
    ...(hub.fromResponse ? [row('hub: call-next response → screen', hub.fromResponse, hub.missed)] : []),
    row('raw broker: publish → screen', raw.fromRequest, raw.missed),
    ['hub / raw (p99, from request)', '', '', `${round(ratio, 2)}×`, '', ''],
  ];
  return {
    name: 'call-screen',
    title: `Call → screen, ${knobs.screens} MQTT-over-WebSocket screens, ${knobs.calls} calls (+${WARMUP} warm-up), latency ms`,
    header: ['path', 'samples', 'p50', 'p99', 'max', 'missed'],
    rows,
    checks,
    notes: [
      `screens connected in ${round(hub.connectSec)} s (hub) / ${round(raw.connectSec)} s (raw broker)`,
      'the screens run in a child process of their own (on a site they are other machines); on 2 cores they compete with the hub for CPU, for hub and baseline alike',
    ],
    profiles,
    data: { hub, raw, ratio },
  };
}
