/**
 * One hub, 2,000 live subscribers: 1,500 phones on the tracking page (MQTT over WebSocket, board +
 * calls, and their REST refreshes of GET /track/{token} by the page's own rule, see
 * lib/phones-child.ts) and 500 screens, while a call is made every 2 s at the site's counters in
 * turn. Measured: call → subscriber latency, hub CPU (from /proc), and the phones' requests per
 * second — with the phones' REST refreshes off, then by the page's first rule (on every board
 * message), then by its rule at 1df5fb8 (when a board changed the phone's service's figures), then
 * by its rule now (kiosk/src/lib/track-refresh.ts: what the page shows moved; spread in time), so
 * the differences are what they cost. Baseline in the same run: the same 2,000 subscribers on a bare aedes broker, a publisher
 * publishing the same call payload every 2 s.
 *
 * To tell the server's share from the clients', per row: the first and last copy of each call, two
 * probes in this process (subscribed before and after the fleets: the late one shows the server's
 * whole fan-out), the fleets' and this process's event-loop lag; the fleets run under nice 10
 * (lib/fleet-child.ts).
 *
 * BENCH_QUICK=1: 150 phones, 50 screens, 5 calls per phase.
 */
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { HubClient, topics } from '@callboard/hub/client';
import mqtt from 'mqtt';
import { tempDir } from '../../support/hub';
import { freePort } from '../../support/ports';
import { cpuSeconds } from '../lib/cpu';
import type { LagFigures } from '../lib/fleet-child';
import { type ChildServer, spawnHubOn, spawnServer } from '../lib/hub-process';
import { PhoneFleet } from '../lib/phone-fleet';
import type { Check, ScenarioResult } from '../lib/report';
import { ScreenFleet, wallNow } from '../lib/screen-fleet';
import { Arrivals } from '../lib/screens';
import { benchSitePatch, COUNTERS, counterId, SERVICES } from '../lib/site';
import { round, type Summary, summarize } from '../lib/stats';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SITE = 'demo';
const QUICK = process.env.BENCH_QUICK === '1';
const PHONES = QUICK ? 150 : 1500;
const SCREENS = QUICK ? 50 : 500;
const CALLS = QUICK ? 5 : 20;
const WARMUP = 2;
const EVERY_MS = 2000;
const WAIT_MS = 1900;
const TARGET_P99_MS = 50;
/** This process's event-loop delay, reset at each phase's measured calls. */
const ownLag = monitorEventLoopDelay({ resolution: 5 });
ownLag.enable();

interface Fleets {
  screens: ScreenFleet;
  phones: PhoneFleet;
  arrivals: Arrivals;
  probes: Probes;
  connectSec: number;
}

/**
 * Two subscribers in this (otherwise idle) process, subscribed like a phone: one before the
 * fleets, one after all 2,000 of them. The broker sends a message to its subscribers in the order
 * they subscribed, so the late probe's copy leaves after the other 2,000 have been written: its
 * latency is the server's whole fan-out, without the fleets' own queues.
 */
class Probes {
  private readonly seen = [new Map<string, number>(), new Map<string, number>()];
  private readonly clients: mqtt.MqttClient[] = [];

  async add(which: 0 | 1, wsUrl: string, board: string, calls: string): Promise<void> {
    const c = await mqtt.connectAsync(wsUrl, { protocolVersion: 4, clean: true, reconnectPeriod: 1000 });
    c.on('message', (topic, payload) => {
      const at = wallNow();
      if (topic !== calls) return;
      const number = (JSON.parse(payload.toString()) as { number: string }).number;
      if (!this.seen[which]?.has(number)) this.seen[which]?.set(number, at);
    });
    await c.subscribeAsync([board, calls], { qos: 0 });
    this.clients.push(c);
  }

  /** [early probe, late probe] arrival of `number`'s call, if seen. */
  of(number: string): [number | undefined, number | undefined] {
    return [this.seen[0]?.get(number), this.seen[1]?.get(number)];
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.endAsync(true).catch(() => {})));
  }
}

async function connectFleets(wsUrl: string, restBase: string | null): Promise<Fleets> {
  const c0 = performance.now();
  const [board, calls] = [topics.board(SITE), topics.calls(SITE)];
  const probes = new Probes();
  await probes.add(0, wsUrl, board, calls);
  const [screens, phones] = await Promise.all([
    ScreenFleet.start(wsUrl, SCREENS, [board, calls], true),
    PhoneFleet.start(wsUrl, PHONES, restBase, board, calls),
  ]);
  await probes.add(1, wsUrl, board, calls);
  const arrivals = new Arrivals(SCREENS + PHONES);
  screens.onArrival((a) => arrivals.record(a.number, a.screen, a.at));
  phones.onArrival((a) => arrivals.record(a.number, a.screen, a.at));
  return { screens, phones, arrivals, probes, connectSec: (performance.now() - c0) / 1000 };
}

interface Phase {
  latency: Summary;
  /** The screens' copies only: the screens' process makes no requests, so this is the hub's delay alone. */
  screens: Summary;
  /** Per call, the earliest copy's latency (one sample per call): the server's fan-out to its first socket and one decode. */
  first: Summary;
  /** Per call, the latest copy's latency: adds the fleets' own serial decoding of the burst. */
  last: Summary;
  /** The probes' copies (see Probes): subscribed before the fleets, and after them (the server's whole fan-out). */
  probeEarly: Summary;
  probeLate: Summary;
  /** The fleet processes' own event-loop delay over the measured calls. */
  phonesLag: LagFigures;
  screensLag: LagFigures;
  /** This process's own event-loop delay (the probes' copies wait behind it). */
  benchLag: LagFigures;
  missed: number;
  cpuPct: number;
  restPerSec: number;
  restErrors: number;
}

/** `calls` calls, one every 2 s; latency from the trigger leaving this process to each subscriber. */
async function phase(f: Fleets, pid: number, trigger: (i: number) => Promise<string>, from: number): Promise<Phase> {
  const lat: number[] = [];
  const screenLat: number[] = [];
  const firsts: number[] = [];
  const lasts: number[] = [];
  const early: number[] = [];
  const late: number[] = [];
  let missed = 0;
  let cpu0 = 0;
  let t0 = 0;
  for (let i = 0; i < WARMUP + CALLS; i++) {
    if (i === WARMUP) {
      cpu0 = cpuSeconds(pid) ?? 0;
      t0 = performance.now();
      await f.phones.count(); // ordered after the warm-up's traffic
      await Promise.all([f.phones.lag(), f.screens.lag()]); // resets them
      ownLag.reset();
    }
    const started = performance.now();
    const at = wallNow();
    const number = await trigger(from + i);
    await f.arrivals.wait(number, WAIT_MS);
    const got = f.arrivals.entries(number);
    if (i >= WARMUP) {
      missed += SCREENS + PHONES - got.length;
      let [lo, hi] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
      for (const [who, a] of got) {
        lat.push(a - at);
        if (who < SCREENS) screenLat.push(a - at); // phones report as 100,000 + i
        lo = Math.min(lo, a - at);
        hi = Math.max(hi, a - at);
      }
      if (got.length > 0) {
        firsts.push(lo);
        lasts.push(hi);
      }
      const [e, l] = f.probes.of(number);
      if (e !== undefined) early.push(e - at);
      if (l !== undefined) late.push(l - at);
    }
    await new Promise((r) => setTimeout(r, Math.max(0, EVERY_MS - (performance.now() - started))));
  }
  const sec = (performance.now() - t0) / 1000;
  const cpu = (cpuSeconds(pid) ?? cpu0) - cpu0;
  const c = await f.phones.count();
  const [phonesLag, screensLag] = await Promise.all([f.phones.lag(), f.screens.lag()]);
  return {
    latency: summarize(lat),
    screens: summarize(screenLat),
    first: summarize(firsts),
    last: summarize(lasts),
    probeEarly: summarize(early),
    probeLate: summarize(late),
    phonesLag,
    screensLag,
    benchLag: { p99: ownLag.percentile(99) / 1e6, max: ownLag.max / 1e6 },
    missed,
    cpuPct: (100 * cpu) / sec,
    restPerSec: c.requests / sec,
    restErrors: c.errors,
  };
}

async function hubRun(): Promise<{ off: Phase; before: Phase; moved: Phase; on: Phase; connectSec: number; tickets: number }> {
  const [port, mqttPort] = [await freePort(), await freePort()];
  const server: ChildServer = await spawnHubOn({
    dataDir: tempDir('cb-bench-2000-'),
    port,
    mqttPort,
    patch: benchSitePatch,
    healthTimeoutMs: 60_000, // a loaded machine, and the bench niced
  });
  const fleets: Fleets[] = [];
  try {
    const staff = new HubClient({ baseUrl: server.baseUrl });
    await staff.login('supervisor', 'callboard-demo');
    // One waiting ticket per phone, services in turn; a few in parallel, as kiosks issue.
    const tickets: { token: string; number: string; serviceId: string }[] = [];
    for (let i = 0; i < PHONES; i += 10) {
      const group = await Promise.all(
        Array.from({ length: Math.min(10, PHONES - i) }, (_, k) =>
          staff.issueTicket({ serviceId: SERVICES[(i + k) % SERVICES.length] as string }),
        ),
      );
      for (const t of group)
        tickets.push({ token: t.trackUrl.split('/').pop() as string, number: t.number, serviceId: t.serviceId });
    }
    const f = await connectFleets(`ws://127.0.0.1:${port}/mqtt`, `${server.baseUrl}/api/v1`);
    fleets.push(f);
    f.phones.track(tickets);
    const trigger = async (i: number) => (await staff.callNext(counterId((i % COUNTERS) + 1))).number;
    const off = await phase(f, server.pid, trigger, 0);
    f.phones.rest('every-board');
    const before = await phase(f, server.pid, trigger, WARMUP + CALLS);
    f.phones.rest('moved');
    const moved = await phase(f, server.pid, trigger, 2 * (WARMUP + CALLS));
    f.phones.rest('page');
    const on = await phase(f, server.pid, trigger, 3 * (WARMUP + CALLS));
    return { off, before, moved, on, connectSec: f.connectSec, tickets: tickets.length };
  } finally {
    for (const f of fleets) await Promise.all([f.screens.close(), f.phones.close(), f.probes.close()]);
    await server.stop();
  }
}

async function rawRun(): Promise<{ phase: Phase; connectSec: number }> {
  const [port, mqttPort] = [await freePort(), await freePort()];
  const broker = await spawnServer({
    args: ['--import', 'tsx', path.join(HERE, '../baselines/bare-broker.ts')],
    env: { PORT: String(port), MQTT_PORT: String(mqttPort) },
    baseUrl: `http://127.0.0.1:${port}`,
    healthPath: '/health',
  });
  const publisher = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, { protocolVersion: 4 });
  let f: Fleets | undefined;
  try {
    f = await connectFleets(`ws://127.0.0.1:${port}/mqtt`, null);
    const trigger = async (i: number) => {
      const number = `B${String(i + 1).padStart(5, '0')}`;
      // The same shape and size as the hub's call message (as in call-screen.ts).
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
    };
    return { phase: await phase(f, broker.pid, trigger, 0), connectSec: f.connectSec };
  } finally {
    if (f) await Promise.all([f.screens.close(), f.phones.close(), f.probes.close()]);
    await publisher.endAsync();
    await broker.stop();
  }
}

export async function subscribers2000Scenario(): Promise<ScenarioResult> {
  const hub = await hubRun();
  const raw = await rawRun();
  const subs = SCREENS + PHONES;
  const checks: Check[] = [
    {
      what: `call→late probe p99 (the server's fan-out to all ${subs} subscribers, phones refreshing)`,
      target: `≤ ${TARGET_P99_MS} ms`,
      measured: `${round(hub.on.probeLate.p99)} ms (raw broker ${round(raw.phase.probeLate.p99)} ms)`,
      met: hub.on.probeLate.p99 <= TARGET_P99_MS,
    },
    {
      what: `call→subscriber p99 (${subs} subscribers, phones refreshing)`,
      target: `≤ ${TARGET_P99_MS} ms`,
      measured: `${round(hub.on.latency.p99)} ms`,
      met: hub.on.latency.p99 <= TARGET_P99_MS,
    },
    { what: `subscribers that missed a call (${subs})`, target: '0', measured: String(hub.on.missed), met: hub.on.missed === 0 },
  ];
  const row = (name: string, p: Phase) => [
    name,
    p.latency.n,
    round(p.latency.p50),
    round(p.latency.p99),
    round(p.latency.max),
    p.missed,
    round(p.first.p99),
    round(p.last.p99),
    `${round(p.probeEarly.p99)} / ${round(p.probeLate.p99)}`,
    round(p.screens.p99),
    `${round(p.phonesLag.p99)} / ${round(p.screensLag.p99)} / ${round(p.benchLag.p99)}`,
    round(p.cpuPct),
    round(p.restPerSec),
  ];
  return {
    name: 'subscribers-2000',
    title: `${subs} live subscribers (${PHONES} tracking phones + ${SCREENS} screens), a call every 2 s, ${CALLS} calls per row (+${WARMUP} warm-up)`,
    header: [
      'path',
      'samples',
      'p50 ms',
      'p99 ms',
      'max ms',
      'missed',
      'first copy p99 ms',
      'last copy p99 ms',
      'probe p99 ms (early / late)',
      'screens p99 ms',
      'loop lag p99 ms (phones / screens / bench)',
      'server CPU %',
      'phone GET /s',
    ],
    rows: [
      row('hub, phones subscribed only', hub.off),
      row('hub, + phones refreshing on every board (first page)', hub.before),
      row('hub, + phones refreshing when their service moved (1df5fb8)', hub.moved),
      row('hub, + phones by the page now (shown figures, spread)', hub.on),
      row('raw broker, same subscribers', raw.phase),
    ],
    checks,
    notes: [
      `subscribers connected in ${round(hub.connectSec)} s (hub) / ${round(raw.connectSec)} s (raw broker)`,
      `REST errors ${hub.on.restErrors}; CPU % is of one core (utime+stime of the server process / wall time)`,
      "phones and screens run in two child processes of their own under nice 10 (the server at the bench's priority); on 2 cores they still compete with it for CPU",
      `first / last copy: per call, the earliest and the latest of the ${subs} copies (${CALLS} samples per row, so p99 is the worst call); last − first is mostly the fleets decoding the burst one client after the other`,
      "probes: two subscribers in the bench's own process, one subscribed before the fleets and one after them; the broker hands a message to its subscribers in subscription order, so the late probe's copy shows when the server had handed every copy to its socket",
      "fleet loop lag: each fleet process's event-loop delay (monitorEventLoopDelay, 5 ms resolution) over the measured calls; bench: this process's, where the probes run",
      `screens p99: the ${SCREENS} screens only (their process makes no requests; the phones process also handles its GET answers)`,
      'latencies are of the copies that came within 1.9 s; the missed ones are counted apart',
    ],
    profiles: [],
    data: { hub, raw, phones: PHONES, screens: SCREENS, calls: CALLS },
  };
}
