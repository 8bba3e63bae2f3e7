/**
 * One hub, 2,000 live subscribers: 1,500 phones on the tracking page (MQTT over WebSocket, and their
 * REST refreshes of GET /track/{token} by the page's own rule, see lib/phones-child.ts) and 500
 * screens (board + calls), while a call is made every 2 s at the site's counters in turn. Measured:
 * call → subscriber latency, hub CPU (from /proc), and the phones' requests per second — first with
 * the phones following the whole board and every call (the page before its line topic), then with
 * each phone following its own service's line (`lines/<serviceId>`, the page now), without and with
 * their REST refreshes, so the differences are what they cost. Baseline in the same run: the same
 * 2,000 subscribers on a bare aedes broker, a publisher sending per call what the hub sends (the
 * call, a board and the called service's line, copies of the hub's own).
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
import { type BoardSnapshot, HubClient, topics } from '@callboard/hub/client';
import mqtt from 'mqtt';
import { tempDir } from '../../support/hub';
import { freePort } from '../../support/ports';
import { cpuSeconds } from '../lib/cpu';
import type { LagFigures } from '../lib/fleet-child';
import { type ChildServer, spawnHubOn, spawnServer } from '../lib/hub-process';
import { type PhoneCount, PhoneFleet } from '../lib/phone-fleet';
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

/** What the phones follow: their own service's line (the page now), or the whole board and every call (before). */
type Follow = 'line' | 'board';

interface Fleets {
  screens: ScreenFleet;
  phones: PhoneFleet;
  arrivals: Arrivals;
  probes: Probes;
  follow: Follow;
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
  /** The last payload seen per topic (board, each line): what the raw broker's publisher replays. */
  readonly lastText = new Map<string, string>();

  async add(which: 0 | 1, wsUrl: string): Promise<void> {
    const [board, calls] = [topics.board(SITE), topics.calls(SITE)];
    const c = await mqtt.connectAsync(wsUrl, { protocolVersion: 4, clean: true, reconnectPeriod: 1000 });
    c.on('message', (topic, payload) => {
      const at = wallNow();
      if (topic !== calls) {
        if (payload.length > 0) this.lastText.set(topic, payload.toString());
        return;
      }
      const number = (JSON.parse(payload.toString()) as { number: string }).number;
      if (!this.seen[which]?.has(number)) this.seen[which]?.set(number, at);
    });
    await c.subscribeAsync([board, calls, topics.lineWildcard(SITE)], { qos: 0 });
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

async function connectFleets(wsUrl: string, restBase: string | null, follow: Follow): Promise<Fleets> {
  const c0 = performance.now();
  const probes = new Probes();
  await probes.add(0, wsUrl);
  const [screens, phones] = await Promise.all([
    ScreenFleet.start(wsUrl, SCREENS, [topics.board(SITE), topics.calls(SITE)], true),
    PhoneFleet.start(wsUrl, PHONES, restBase, SITE, follow),
  ]);
  await probes.add(1, wsUrl);
  const arrivals = new Arrivals(SCREENS + PHONES);
  screens.onArrival((a) => arrivals.record(a.number, a.screen, a.at));
  phones.onArrival((a) => arrivals.record(a.number, a.screen, a.at));
  return { screens, phones, arrivals, probes, follow, connectSec: (performance.now() - c0) / 1000 };
}

/** Who gets a call of `serviceId`: every screen, and every phone (whole board) or its service's phones (lines). */
function expectedCopies(follow: Follow, serviceId: string): number {
  if (follow === 'board') return SCREENS + PHONES;
  let phones = 0;
  for (let i = 0; i < PHONES; i++) if (SERVICES[i % SERVICES.length] === serviceId) phones++;
  return SCREENS + phones;
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
  /** GET/s by cause: ticket at a counter (now), line moved (soon), 30 s poll, news during a request (again). */
  restWhy: Record<string, number>;
  restErrors: number;
}

/** `calls` calls, one every 2 s; latency from the trigger leaving this process to each subscriber. */
/** A call made: its number and its service (which phones follow it). */
type Trigger = (i: number) => Promise<{ number: string; serviceId: string }>;

async function phase(f: Fleets, pid: number, trigger: Trigger, from: number): Promise<Phase> {
  const lat: number[] = [];
  const screenLat: number[] = [];
  const firsts: number[] = [];
  const lasts: number[] = [];
  const early: number[] = [];
  const late: number[] = [];
  let missed = 0;
  let cpu0 = 0;
  let t0 = 0;
  let c0: PhoneCount | undefined;
  for (let i = 0; i < WARMUP + CALLS; i++) {
    if (i === WARMUP) {
      cpu0 = cpuSeconds(pid) ?? 0;
      t0 = performance.now();
      c0 = await f.phones.count(); // the warm-up's requests, left out of the rates
      await Promise.all([f.phones.lag(), f.screens.lag()]); // resets them
      ownLag.reset();
    }
    const started = performance.now();
    const at = wallNow();
    const { number, serviceId } = await trigger(from + i);
    const expected = expectedCopies(f.follow, serviceId);
    f.arrivals.expect(number, expected);
    await f.arrivals.wait(number, WAIT_MS);
    const got = f.arrivals.entries(number);
    if (i >= WARMUP) {
      missed += expected - got.length;
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
    restPerSec: (c.requests - (c0?.requests ?? 0)) / sec,
    restWhy: Object.fromEntries(
      Object.entries(c.why).map(([k, n]) => [k, round((n - (c0?.why[k as keyof PhoneCount['why']] ?? 0)) / sec)]),
    ),
    restErrors: c.errors,
  };
}

interface HubRun {
  /** Phones on the whole board and every call (the page before its line topic), refreshing by the page's rule. */
  board: Phase;
  /** Phones on their service's line: subscribed only, then refreshing by the page's rule. */
  off: Phase;
  on: Phase;
  connectSec: number;
  /** The hub's own board and lines, as the probes last saw them: what the raw broker's publisher sends. */
  sample: Map<string, string>;
}

async function hubRun(): Promise<HubRun> {
  const [port, mqttPort] = [await freePort(), await freePort()];
  const server: ChildServer = await spawnHubOn({
    dataDir: tempDir('cb-bench-2000-'),
    port,
    mqttPort,
    patch: benchSitePatch,
    healthTimeoutMs: 60_000, // a loaded machine, and the bench niced
  });
  const open: Fleets[] = [];
  const close = async (f: Fleets) => Promise.all([f.screens.close(), f.phones.close(), f.probes.close()]);
  try {
    const staff = new HubClient({ baseUrl: server.baseUrl });
    await staff.login('supervisor', 'callboard-demo');
    // One waiting ticket per phone, services in turn (phone i: SERVICES[i % 3]); a few in parallel, as kiosks issue.
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
    // Every counter open before the first row: otherwise that row is the site's opening minutes, where
    // each counter's first call also changes its services' open-counter figures (and their phones ask).
    for (let i = 1; i <= COUNTERS; i++) await staff.openCounter(counterId(i));
    const trigger: Trigger = async (i) => {
      const t = await staff.callNext(counterId((i % COUNTERS) + 1));
      return { number: t.number, serviceId: t.serviceId };
    };
    const [wsUrl, restBase] = [`ws://127.0.0.1:${port}/mqtt`, `${server.baseUrl}/api/v1`];
    // The page before: the whole board and every call.
    const before = await connectFleets(wsUrl, restBase, 'board');
    open.push(before);
    before.phones.track(tickets);
    before.phones.rest('page');
    const board = await phase(before, server.pid, trigger, 0);
    await close(open.splice(0)[0] as Fleets);
    // The page now: its service's line; subscribed only, then refreshing.
    const f = await connectFleets(wsUrl, restBase, 'line');
    open.push(f);
    f.phones.track(tickets);
    const off = await phase(f, server.pid, trigger, WARMUP + CALLS);
    f.phones.rest('page');
    const on = await phase(f, server.pid, trigger, 2 * (WARMUP + CALLS));
    return { board, off, on, connectSec: f.connectSec, sample: f.probes.lastText };
  } finally {
    for (const f of open) await close(f);
    await server.stop();
  }
}

/** The hub's line of `serviceId` (from `sample`) showing `number` at its first counter: what a call of it sends a phone. */
function lineWith(sample: Map<string, string>, serviceId: string, number: string, counterId: string): string {
  const line = JSON.parse(sample.get(topics.line(SITE, serviceId)) ?? '{}') as BoardSnapshot;
  const current = { number, serviceId, status: 'called' as const, calledAt: Date.now(), recall: false };
  const counters = line.counters ?? [];
  const first = counters[0] ?? {
    id: counterId,
    name: { zh: `${counterId}号窗口`, en: `Counter ${counterId}` },
    state: 'open' as const,
    services: [serviceId],
    current: null,
  };
  return JSON.stringify({ ...line, at: Date.now(), counters: [{ ...first, current }, ...counters.slice(1)] });
}

async function rawRun(sample: Map<string, string>): Promise<{ phase: Phase; connectSec: number }> {
  const [port, mqttPort] = [await freePort(), await freePort()];
  const broker = await spawnServer({
    args: ['--import', 'tsx', path.join(HERE, '../baselines/bare-broker.ts')],
    env: { PORT: String(port), MQTT_PORT: String(mqttPort) },
    baseUrl: `http://127.0.0.1:${port}`,
    healthPath: '/health',
  });
  const publisher = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, { protocolVersion: 4 });
  const board = sample.get(topics.board(SITE)) ?? '{}';
  let f: Fleets | undefined;
  try {
    f = await connectFleets(`ws://127.0.0.1:${port}/mqtt`, null, 'line');
    const trigger: Trigger = async (i) => {
      const serviceId = SERVICES[i % SERVICES.length] as string;
      const number = `${serviceId}${String(i + 1).padStart(5, '0')}`;
      // The same shape and size as the hub's call message (as in call-screen.ts).
      const call = JSON.stringify({
        v: 1,
        ticketId: crypto.randomUUID(),
        number,
        serviceId,
        counterId: '1',
        counterName: { zh: '1号窗口', en: 'Counter 1' },
        recall: false,
        recallCount: 0,
        at: Date.now(),
      });
      // What the hub sends per call, in its order: the call, the called service's line, the board.
      await Promise.all([
        publisher.publishAsync(topics.calls(SITE), call, { qos: 1 }),
        publisher.publishAsync(topics.line(SITE, serviceId), lineWith(sample, serviceId, number, '1'), { qos: 1, retain: true }),
        publisher.publishAsync(topics.board(SITE), board, { qos: 1, retain: true }),
      ]);
      return { number, serviceId };
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
  const raw = await rawRun(hub.sample);
  const subs = SCREENS + PHONES;
  const checks: Check[] = [
    {
      what: `call→screen p99, a screen on a device of its own (the late probe: served after all ${subs} subscribers; phones on their lines, refreshing)`,
      target: `≤ ${TARGET_P99_MS} ms`,
      measured: `${round(hub.on.probeLate.p99)} ms (raw broker ${round(raw.phase.probeLate.p99)} ms)`,
      met: hub.on.probeLate.p99 <= TARGET_P99_MS,
    },
    {
      what: `call→screen p99, the fleet's ${SCREENS} screens (one process sharing the server's 2 cores at nice 10)`,
      target: `≤ ${TARGET_P99_MS} ms`,
      measured: `${round(hub.on.screens.p99)} ms (raw broker ${round(raw.phase.screens.p99)} ms)`,
      met: hub.on.screens.p99 <= TARGET_P99_MS,
    },
    {
      what: "call→subscriber p99, the fleets' screens + the called service's phones",
      target: `≤ ${TARGET_P99_MS} ms`,
      measured: `${round(hub.on.latency.p99)} ms (raw broker ${round(raw.phase.latency.p99)} ms)`,
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
    p.restPerSec === 0
      ? 0
      : `${round(p.restPerSec)} (${Object.entries(p.restWhy)
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')})`,
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
      'phone GET /s (by cause)',
    ],
    rows: [
      row('hub, phones on the whole board + calls, refreshing (the page before)', hub.board),
      row("hub, phones on their service's line, subscribed only", hub.off),
      row("hub, phones on their service's line, refreshing (the page now)", hub.on),
      row('raw broker, same subscribers and messages (phones on lines)', raw.phase),
    ],
    checks,
    notes: [
      `subscribers connected in ${round(hub.connectSec)} s (hub, line fleet) / ${round(raw.connectSec)} s (raw broker)`,
      'a phone on its line learns of a call from the line showing the number at a counter (published with the board, which leads its 100 ms coalescing); a phone on the whole board from the call itself',
      `REST errors ${hub.on.restErrors}; CPU % is of one core (utime+stime of the server process / wall time)`,
      "phones and screens run in two child processes of their own under nice 10 (the server at the bench's priority); on 2 cores they still compete with it for CPU",
      `copies per call: ${subs} (board rows: every screen and phone) or ${SCREENS} + the called service's ${PHONES / SERVICES.length} phones (line rows); a screen also gets the board, a phone on the whole board the board too`,
      `first / last copy: per call, the earliest and the latest copy (${CALLS} samples per row, so p99 is the worst call); last − first is mostly the fleets decoding the burst one client after the other`,
      "probes: two subscribers in the bench's own process, one subscribed before the fleets and one after them; the broker hands a message to its subscribers in subscription order, so the late probe's copy shows when the server had handed every copy to its socket",
      "fleet loop lag: each fleet process's event-loop delay (monitorEventLoopDelay, 5 ms resolution) over the measured calls; bench: this process's, where the probes run",
      `screens p99: the ${SCREENS} screens only (their process makes no requests; the phones process also handles its GET answers)`,
      'latencies are of the copies that came within 1.9 s; the missed ones are counted apart',
    ],
    profiles: [],
    data: { hub: { ...hub, sample: undefined }, raw, phones: PHONES, screens: SCREENS, calls: CALLS },
  };
}
