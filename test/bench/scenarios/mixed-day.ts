/**
 * A busy morning: kiosks issue 500 tickets a minute (open loop: on schedule whether or not
 * the hub has answered the previous ones), 20 clerks call next at their counters about every
 * 2.4 s (so the line neither empties nor explodes), 200 screens watch board + calls.
 * Baseline: the same operations one at a time on the same hub, idle, just before the load.
 */
import { ApiError, HubClient, topics } from '@callboard/hub/client';
import { tempDir } from '../../support/hub';
import { freePort } from '../../support/ports';
import { cpuSeconds } from '../lib/cpu';
import { knobs } from '../lib/env';
import { type ChildServer, spawnHubOn } from '../lib/hub-process';
import { Prng } from '../lib/prng';
import type { Check, ScenarioResult } from '../lib/report';
import { type Arrival, ScreenFleet, wallNow } from '../lib/screen-fleet';
import { benchSitePatch, CLERK_PASSWORD, clerkName, counterId, SERVICES } from '../lib/site';
import { mb, round, type Summary, summarize } from '../lib/stats';

const SITE = 'demo';
const TARGET_SCREEN_P99_MS = 50;
const DELIVERY_WAIT_MS = 5000;

interface Phase {
  issue: number[];
  call: number[];
  screen: number[];
  errors: string[];
  issued: number;
  calls: number;
  empty: number;
}

const newPhase = (): Phase => ({ issue: [], call: [], screen: [], errors: [], issued: 0, calls: 0, empty: 0 });

class Day {
  readonly phases = { idle: newPhase(), load: newPhase() };
  phase: Phase = this.phases.idle;
  /** Per counter: when its pending call-next request left, to time the screens' copies. */
  private readonly pending = new Map<string, { t0: number; phase: Phase }>();
  /** Per called number: how many screens have it. */
  readonly deliveries = new Map<string, number>();
  private phoneSeq = 0;

  constructor(
    private readonly anon: HubClient,
    private readonly clerks: HubClient[],
    private readonly rng: Prng,
  ) {}

  onArrival(a: Arrival): void {
    this.deliveries.set(a.number, (this.deliveries.get(a.number) ?? 0) + 1);
    const p = this.pending.get(a.counterId);
    if (p) p.phase.screen.push(a.at - p.t0);
  }

  async issue(): Promise<void> {
    const phase = this.phase;
    const withPhone = this.rng.next() < 0.2;
    const body = {
      serviceId: this.rng.pick(SERVICES),
      source: 'kiosk' as const,
      // Unique phone numbers: a visitor may hold only one waiting ticket per service.
      ...(withPhone ? { identity: { kind: 'phone' as const, value: `139${String(10_000_000 + this.phoneSeq++)}` } } : {}),
    };
    const t0 = performance.now();
    try {
      await this.anon.issueTicket(body);
      phase.issue.push(performance.now() - t0);
      phase.issued++;
    } catch (err) {
      phase.errors.push(`issue: ${(err as Error).message}`);
    }
  }

  async call(i: number): Promise<void> {
    const phase = this.phase;
    const id = counterId(i + 1);
    const t0 = wallNow();
    this.pending.set(id, { t0, phase });
    try {
      await (this.clerks[i] as HubClient).callNext(id);
      phase.call.push(wallNow() - t0);
      phase.calls++;
    } catch (err) {
      if (err instanceof ApiError && err.code === 'QUEUE_EMPTY') phase.empty++;
      else phase.errors.push(`call-next ${id}: ${(err as Error).message}`);
    }
  }
}

async function startHub(): Promise<ChildServer> {
  const [port, mqttPort] = [await freePort(), await freePort()];
  return spawnHubOn({ dataDir: tempDir('cb-bench-mixed-'), port, mqttPort, patch: benchSitePatch });
}

export async function mixedDayScenario(): Promise<ScenarioResult> {
  const counters = knobs.mixedCounters;
  const server = await startHub();
  const wsUrl = `${server.baseUrl.replace('http', 'ws')}/mqtt`;
  const rng = new Prng(20_260_101);
  // Visitors give their phone numbers at the lobby kiosk (a paired device), as on a site.
  const anon = new HubClient({ baseUrl: server.baseUrl, deviceToken: 'demo-kiosk-1-token-0001' });
  const clerks = Array.from({ length: counters }, () => new HubClient({ baseUrl: server.baseUrl }));
  let screens: ScreenFleet | null = null;
  const inflight = new Set<Promise<void>>();
  const track = (p: Promise<void>) => {
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  };
  let cpuUsed = 0;
  let peakRss = 0;
  let day: Day;
  try {
    await Promise.all(clerks.map((c, i) => c.login(clerkName(i + 1), CLERK_PASSWORD)));
    day = new Day(anon, clerks, rng);
    const d = day;
    screens = await ScreenFleet.start(wsUrl, knobs.mixedScreens, [topics.board(SITE), topics.calls(SITE)]);
    screens.onArrival((a) => d.onArrival(a));

    // Baseline: one operation at a time on the idle hub (screens connected, nothing else).
    for (let i = 0; i < 3 * counters; i++) await d.issue();
    for (let i = 0; i < counters; i++) {
      await d.call(i);
      await new Promise((r) => setTimeout(r, 50));
    }

    // The load.
    d.phase = d.phases.load;
    const cpu0 = cpuSeconds(server.pid) ?? 0;
    const t0 = Date.now();
    const end = t0 + knobs.mixedSec * 1000;
    const issueEveryMs = 60_000 / knobs.mixedIssuesPerMin;
    const callEveryMs = (counters * 60_000) / knobs.mixedIssuesPerMin;
    const kiosk = (async () => {
      // Open loop on a fixed schedule: a slow hub gets the next kiosk's request anyway.
      for (let n = 0; ; n++) {
        const due = t0 + n * issueEveryMs;
        if (due >= end) break;
        await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
        track(d.issue());
      }
    })();
    const clerksDone = clerks.map(async (_c, i) => {
      // Counters start staggered, then each calls after a jittered pause (a clerk's rhythm).
      await new Promise((r) => setTimeout(r, rng.next() * callEveryMs));
      while (Date.now() < end) {
        await d.call(i);
        await new Promise((r) => setTimeout(r, callEveryMs * (0.5 + rng.next())));
      }
    });
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, server.rss() ?? 0)), 1000);
    await Promise.all([kiosk, ...clerksDone]);
    await Promise.all(inflight);
    clearInterval(sampler);
    cpuUsed = (cpuSeconds(server.pid) ?? cpu0) - cpu0;
    await new Promise((r) => setTimeout(r, DELIVERY_WAIT_MS)); // late deliveries count as delivered
  } finally {
    await screens?.close();
    await server.stop();
  }
  const calledNumbers = day.deliveries.size;
  const totalCalls = day.phases.idle.calls + day.phases.load.calls;
  const missed = totalCalls * knobs.mixedScreens - [...day.deliveries.values()].reduce((a, b) => a + b, 0);
  const load = day.phases.load;
  const idle = day.phases.idle;
  const s = {
    idle: { issue: summarize(idle.issue), call: summarize(idle.call), screen: summarize(idle.screen) },
    load: { issue: summarize(load.issue), call: summarize(load.call), screen: summarize(load.screen) },
  };
  const checks: Check[] = [
    { what: 'mixed day: errors', target: '0', measured: String(load.errors.length), met: load.errors.length === 0 },
    {
      what: 'mixed day: screen copies of calls lost',
      target: '0',
      measured: String(missed),
      met: missed === 0 && calledNumbers === totalCalls,
    },
    {
      what: `mixed day: call→screen p99 (${knobs.mixedScreens} screens)`,
      target: `≤ ${TARGET_SCREEN_P99_MS} ms`,
      measured: `${round(s.load.screen.p99)} ms`,
      met: s.load.screen.p99 <= TARGET_SCREEN_P99_MS,
    },
  ];
  const row = (what: string, idleS: Summary, loadS: Summary) => [
    what,
    loadS.n,
    round(idleS.p50),
    round(idleS.p99),
    round(loadS.p50),
    round(loadS.p99),
    round(loadS.max),
  ];
  return {
    name: 'mixed-day',
    title: `Mixed day, ${knobs.mixedSec} s: ${knobs.mixedIssuesPerMin} issues/min + ${counters} counters + ${knobs.mixedScreens} screens; latency ms, idle hub (baseline) vs under load`,
    header: ['operation', 'n (load)', 'idle p50', 'idle p99', 'load p50', 'load p99', 'load max'],
    rows: [
      row('issue ticket (kiosk)', s.idle.issue, s.load.issue),
      row('call next (clerk)', s.idle.call, s.load.call),
      row('call → screen', s.idle.screen, s.load.screen),
    ],
    checks,
    notes: [
      `issued ${load.issued}, called ${load.calls} (${load.empty} presses found the line empty), errors ${load.errors.length}, screen copies lost ${missed}`,
      `hub CPU ${round((cpuUsed / knobs.mixedSec) * 100, 0)}% of one core on average; peak RSS ${mb(peakRss)} MB`,
      ...load.errors.slice(0, 5).map((e) => `error: ${e}`),
    ],
    profiles: [],
    data: { summaries: s, load: { ...load, issue: undefined, call: undefined, screen: undefined }, missed, cpuUsed, peakRss },
  };
}
