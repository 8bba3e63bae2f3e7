/**
 * Reports through the real API on a real hub, over three kinds of days:
 *  - February 2026: four weeks of synthetic history (test/bench/gen-history.ts, demo site),
 *    checked against the pure analytics run over the same raw tickets;
 *  - 2026-03-02 and 03-09: hand-made days left in the hot store, archived by the hub's own day
 *    close at start-up, with figures worked out by hand (the day sheet of kpis.test.ts);
 *  - today, 2026-03-10, driven through the ticket API under a hand-moved clock.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { HubClient } from '@callboard/hub/client';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KpiAccumulator } from '../../hub/src/analytics/day-kpi';
import { kpiSidecarFile, slotsFile, visitIndexFile } from '../../hub/src/analytics/history/day-files';
import { kpiTables } from '../../hub/src/analytics/kpis';
import { RepeatEngine } from '../../hub/src/analytics/repeats';
import { at, tk } from '../../hub/src/analytics/test-fixtures';
import { visitsToChunk } from '../../hub/src/analytics/visit-chunk';
import { ticketsToVisits } from '../../hub/src/analytics/visits';
import {
  type KpiReport,
  type RepeatPairsReply,
  type RepeatReport,
  type StaffingReply,
  type Ticket,
  topics,
} from '../../hub/src/protocol';
import { protectIdentity } from '../../hub/src/security/identity';
import { SCHEMA_VERSION, writeSchemaVersion } from '../../hub/src/store';
import { DEMO_SITE, generateHistory } from '../bench/gen-history';
import { startTestHub, type TestHub, tempDir } from '../support/hub';

const SECRET = 'reports-test-secret';
const TODAY = '2026-03-10';
/** An ID number with a valid check digit (ISO 7064 MOD 11-2). */
const ID_NUMBER = '11010519491231002X';

let hub: TestHub;
let clock = at('09:00', TODAY);
let supervisor: HubClient;
let clerk: HubClient;
let cookie = '';
let february: Map<string, Ticket[]>;
/** Track tokens of today's three tickets (09:00 and 09:02 served at counter 1, 09:04 still waiting). */
const tokens: string[] = [];
const backfilled = '2026-02-11';

/** The day sheet of hub/src/analytics/kpis.test.ts, on 2026-03-02, plus a visitor who comes back. */
function handMadeDays(): Ticket[] {
  const identity = protectIdentity({ kind: 'id-card', value: ID_NUMBER }, SECRET);
  const withId = (t: Ticket): Ticket => ({ ...t, identity });
  return [
    // t1 was rated 5 at the rating pad (an archived day's ratings: satisfaction tests below).
    tk({ id: 't1', issued: '09:00', called: '09:05', started: '09:06', finished: '09:15', staff: 's1', counter: '1', rating: 5 }),
    tk({ id: 't2', issued: '09:10', called: '09:30', finished: '09:38', outcome: 'follow_up', staff: 's1', counter: '1' }),
    tk({ id: 't3', priority: 'priority', issued: '09:20', called: '09:21', finished: '09:31', staff: 's2', counter: '2' }),
    tk({ id: 't4', issued: '09:40', called: '10:00', noShow: '10:02', staff: 's1', counter: '1' }),
    tk({ id: 't5', issued: '09:50', cancelled: '10:20' }),
    tk({ id: 't6', issued: '10:05', cancelled: '10:10' }),
    tk({
      id: 't7',
      service: 'B',
      issued: '10:00',
      called: '10:02',
      transferred: { at: '10:12', to: 't8' },
      staff: 's2',
      counter: '2',
    }),
    tk({
      id: 't8',
      issued: '10:12',
      arrival: '10:00',
      from: 't7',
      called: '10:20',
      finished: '10:30',
      staff: 's1',
      counter: '1',
    }),
    // Monday 03-09: the visitor is served at B by s2, 10:00–10:10 …
    withId(
      tk({
        id: 'r1',
        service: 'B',
        date: '2026-03-09',
        issued: '09:55',
        called: '10:00',
        finished: '10:10',
        staff: 's2',
        counter: '3',
      }),
    ),
  ];
}

async function get<T>(client: HubClient, url: string): Promise<T> {
  return client.request<T>('GET', url);
}

async function raw(url: string, withCookie = true) {
  const res = await fetch(`${hub.baseUrl}/api/v1${url}`, { headers: withCookie ? { cookie } : {} });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text(), headers: res.headers };
}

beforeAll(async () => {
  const dataDir = tempDir('cb-reports-');
  // February: synthetic, written as day close would have.
  const gen = await generateHistory({
    dataDir,
    days: 28,
    lastDate: '2026-02-28',
    perDay: 60,
    seed: 7,
    site: DEMO_SITE,
    collect: true,
  });
  february = gen.collected as Map<string, Ticket[]>;
  // One February day as an older release left it: a summary row without pre-aggregates, no index.
  const statsFile = path.join(dataDir, 'daily_stats.db');
  const rows = readFileSync(statsFile, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  for (const r of rows) if (r._id === backfilled) delete r.kpi;
  writeFileSync(statsFile, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
  rmSync(visitIndexFile(dataDir, backfilled));
  // March 2 and 9: still in the hot store; the hub archives them when it starts.
  writeFileSync(
    path.join(dataDir, 'tickets.db'),
    handMadeDays()
      .map((t) => `${JSON.stringify({ ...t, _id: t.id })}\n`)
      .join(''),
  );
  await writeSchemaVersion(dataDir, SCHEMA_VERSION, '0.1.0', clock);
  hub = await startTestHub({ dataDir, now: () => clock, env: { CALLBOARD_SECRET: SECRET } });
  supervisor = new HubClient({ baseUrl: hub.baseUrl });
  clerk = new HubClient({ baseUrl: hub.baseUrl });
  await supervisor.login('supervisor', 'callboard-demo');
  await clerk.login('clerk1', 'callboard-demo');
  const login = await fetch(`${hub.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'supervisor', password: 'callboard-demo' }),
  });
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;

  // Today, 2026-03-10: the visitor of 03-09 is back at 09:00 (22 h 50 min after being served);
  // two more visitors at 09:02 and 09:04. Clerk 1 calls at 09:10 and 09:15 at counter 1.
  const anon = new HubClient({ baseUrl: hub.baseUrl, deviceToken: 'demo-kiosk-1-token-0001' });
  const first = await anon.issueTicket({ serviceId: 'A', identity: { kind: 'id-card', value: ID_NUMBER } });
  clock = at('09:02', TODAY);
  const second = await anon.issueTicket({ serviceId: 'A' });
  clock = at('09:04', TODAY);
  const third = await anon.issueTicket({ serviceId: 'A' });
  for (const t of [first, second, third]) tokens.push(new URL(t.trackUrl).pathname.split('/').pop() as string);
  clock = at('09:10', TODAY);
  expect((await clerk.callNext('1')).id).toBe(first.id);
  clock = at('09:11', TODAY);
  await clerk.start(first.id);
  clock = at('09:15', TODAY);
  await clerk.finish(first.id);
  expect((await clerk.callNext('1')).id).toBe(second.id);
  clock = at('09:16', TODAY);
  await clerk.start(second.id);
  clock = at('09:20', TODAY);
  await clerk.finish(second.id, { outcome: 'referred' });
});

afterAll(async () => {
  await hub?.close();
});

describe('access', () => {
  it('needs a supervisor', async () => {
    expect((await raw('/reports/kpis', false)).status).toBe(401);
    await expect(get(clerk, '/reports/kpis')).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });

  it('refuses bad ranges and windows with a coded 400', async () => {
    await expect(get(supervisor, '/reports/kpis?from=2026-03-10&to=2026-03-01')).rejects.toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    await expect(get(supervisor, '/reports/kpis?from=2026-02-30')).rejects.toMatchObject({ status: 400 });
    await expect(get(supervisor, '/reports/repeats?windowHours=1')).rejects.toMatchObject({ status: 400 });
    await expect(get(supervisor, '/reports/kpis?bogus=1')).rejects.toMatchObject({ status: 400 });
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${hub.baseUrl}/docs/json`)).json()) as { paths: Record<string, unknown> };
    for (const p of ['kpis', 'repeats', 'repeats/pairs', 'frequent-visitors', 'staffing', 'erlang'])
      expect(Object.keys(doc.paths)).toContain(`/api/v1/reports/${p}`);
  });
});

describe('KPIs', () => {
  it('today, live and exact, from tickets moved through the API', async () => {
    const r = await get<KpiReport>(supervisor, '/reports/kpis');
    expect([r.from, r.to, r.days, r.exact]).toEqual([TODAY, TODAY, [TODAY], true]);
    // Waits: 09:00 → 09:10 = 600 s, 09:02 → 09:15 = 780 s; the 09:04 visitor still waits.
    expect(r.waiting.find((w) => w.serviceId === 'A' && w.priority === '*')).toMatchObject({
      called: 2,
      p50Sec: 600,
      p90Sec: 780,
      maxSec: 780,
      meanSec: 690,
    });
    // Counter time: 09:10 → 09:15 and 09:15 → 09:20 = 300 s each. Target 15 min: both within → 1.
    expect(r.serviceTime.find((s) => s.serviceId === 'A' && s.staffId === '*')).toMatchObject({ served: 2, meanSec: 300 });
    expect(r.serviceLevel.find((s) => s.serviceId === 'A')).toMatchObject({ called: 2, calledWithinTarget: 2, serviceLevel: 1 });
    expect(r.rates.find((s) => s.serviceId === 'A')).toMatchObject({ tickets: 3, arrivals: 3, done: 2 });
    expect(r.outcomes).toEqual([
      { serviceId: 'A', outcome: 'referred', count: 1, share: 0.5 },
      { serviceId: 'A', outcome: 'resolved', count: 1, share: 0.5 },
    ]);
    // The clerk's name comes with the report.
    const clerkId = r.clerks[0]?.staffId as string;
    expect(r.labels.staff[clerkId]).toBe('王一');
    expect(r.clerks[0]).toMatchObject({ served: 2, busySec: 600, activeSec: 600, utilisation: 1 });
  });

  it('a hand-made day archived by day close at start-up, with the figures worked out by hand', async () => {
    const r = await get<KpiReport>(supervisor, '/reports/kpis?from=2026-03-02&to=2026-03-02');
    expect(r.exact).toBe(false);
    // See kpis.test.ts for the working: A waits 60 300 480 1200 1200; SL = 3 / (5 + 1).
    expect(r.waiting.find((w) => w.serviceId === 'A' && w.priority === '*')).toMatchObject({
      called: 5,
      p50Sec: 480,
      p90Sec: 1200,
      meanSec: 648,
    });
    expect(r.serviceLevel.find((s) => s.serviceId === 'A')).toMatchObject({ serviceLevel: 0.5, leftAfterTarget: 1 });
    expect(r.counters.find((c) => c.counterId === '1')).toMatchObject({ busySec: 1800, activeSec: 5100 });
    expect(r.arrivals.filter((a) => a.serviceId === '*')).toEqual([
      { hour: 9, serviceId: '*', arrivals: 5, perDay: 5 },
      { hour: 10, serviceId: '*', arrivals: 2, perDay: 2 },
    ]);
    // It left the hot store for the archive.
    expect(existsSync(path.join(hub.startOptions.dataDir as string, 'archive', '2026-03-02.db'))).toBe(true);
  });

  it('a month of history from the pre-aggregates equals the analytics over the raw tickets', async () => {
    const r = await get<KpiReport>(supervisor, '/reports/kpis?from=2026-02-01&to=2026-02-28');
    const days = [...february.keys()].sort();
    expect(r.days).toEqual(days);
    const acc = new KpiAccumulator();
    for (const d of days) acc.addDayTickets(february.get(d) as Ticket[]);
    const expected = kpiTables({
      acc,
      days: days.map((date) => ({ date, kpi: new KpiAccumulator().addDayTickets(february.get(date) as Ticket[]).toDayKpi() })),
      dayCount: days.length,
      timeZone: 'Asia/Shanghai',
      services: DEMO_SITE.services,
      exact: true,
    });
    // Counts, sums and shares are exact whichever way they are computed …
    expect(r.rates).toEqual(expected.rates);
    expect(r.arrivals).toEqual(expected.arrivals);
    expect(r.serviceLevel).toEqual(expected.serviceLevel);
    expect(r.outcomes).toEqual(expected.outcomes);
    // Counter time is stored to the millisecond per day: sums agree to well under a second.
    expect(r.counters.map((c) => [c.counterId, c.calls, c.served, c.noShows])).toEqual(
      expected.counters.map((c) => [c.counterId, c.calls, c.served, c.noShows]),
    );
    for (const c of expected.counters) {
      const got = r.counters.find((x) => x.counterId === c.counterId);
      expect(Math.abs((got?.busySec ?? 0) - c.busySec)).toBeLessThanOrEqual(1);
      expect(got?.utilisation).toBeCloseTo(c.utilisation as number, 4);
    }
    expect(r.daily.map((d) => [d.date, d.serviceId, d.arrivals, d.done])).toEqual(
      expected.daily.map((d) => [d.date, d.serviceId, d.arrivals, d.done]),
    );
    // … quantiles from histograms are never below the exact ones and at most one bin (≤ 5 min) above.
    for (const w of expected.waiting) {
      const got = r.waiting.find((x) => x.serviceId === w.serviceId && x.priority === w.priority);
      expect(got?.called).toBe(w.called);
      expect(got?.meanSec).toBeCloseTo(w.meanSec as number, 0);
      for (const k of ['p50Sec', 'p90Sec'] as const) {
        expect(got?.[k]).toBeGreaterThanOrEqual((w[k] as number) - 0.001);
        expect(got?.[k]).toBeLessThanOrEqual((w[k] as number) + 300);
      }
    }
    // The day archived before pre-aggregates existed was filled in from its archive file, once.
    const dataDir = hub.startOptions.dataDir as string;
    expect(existsSync(kpiSidecarFile(dataDir, backfilled))).toBe(true);
    expect(existsSync(visitIndexFile(dataDir, backfilled))).toBe(true);
    expect(existsSync(slotsFile(dataDir, backfilled))).toBe(true);
  });

  it('exports a table as CSV for Excel', async () => {
    const json = await get<KpiReport>(supervisor, '/reports/kpis?from=2026-02-01&to=2026-02-28');
    const csv = await raw('/reports/kpis?from=2026-02-01&to=2026-02-28&format=csv&table=waiting');
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/kpis-waiting-2026-02-01_2026-02-28\.csv/);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('serviceId,priority,called,meanSec,p50Sec,p90Sec,maxSec');
    expect(lines).toHaveLength(json.waiting.length + 1);
    expect((await raw('/reports/kpis?format=csv&table=nope')).status).toBe(400);
  });
});

describe('repeat visits', () => {
  it('finds the visitor of Monday back on Tuesday, across the archive and the live day', async () => {
    const r = await get<RepeatReport>(supervisor, '/reports/repeats?from=2026-03-09&to=2026-03-10&windowHours=24');
    // Identified visits: r1 (Mon, served by s2 at B) and today's 09:00 ticket (served). Back after
    // 22 h 50 min ≤ 24 h → r1 repeated; today's visit is a repeat, not a first visit.
    expect(r.overall).toEqual({
      visits: 2,
      servedVisits: 2,
      repeated: 1,
      repeatRate: 0.5,
      firstVisits: 1,
      firstVisitsResolved: 0,
      firstVisitResolutionRate: 0,
    });
    expect(r.byClerkService.find((x) => x.staffId === 's2')).toMatchObject({ serviceId: 'B', servedVisits: 1, repeated: 1 });
    expect(r.flow).toEqual([{ fromServiceId: 'B', toServiceId: 'A', count: 1 }]);
    expect(r.intervals[22]?.count).toBe(1);
    // 22 h 50 min is outside a 22-hour window.
    const narrow = await get<RepeatReport>(supervisor, '/reports/repeats?from=2026-03-09&to=2026-03-10&windowHours=22');
    expect(narrow.overall.repeated).toBe(0);

    const pairs = await get<RepeatPairsReply>(supervisor, '/reports/repeats/pairs?from=2026-03-09&to=2026-03-10&windowHours=24');
    expect(pairs.total).toBe(1);
    expect(pairs.pairs[0]).toMatchObject({
      identityMasked: '110***********002X',
      identityKind: 'id-card',
      gapHours: 22.83,
      first: { date: '2026-03-09', serviceId: 'B', staffId: 's2', status: 'done' },
      repeat: { date: TODAY, serviceId: 'A', number: 'A001' },
    });
    // Never an HMAC in a report.
    expect(JSON.stringify(pairs)).not.toMatch(/[0-9a-f]{64}/);
  });

  it('over the synthetic month, the stored visit index gives what the raw tickets give', async () => {
    const r = await get<RepeatReport>(supervisor, '/reports/repeats?from=2026-02-08&to=2026-02-21&windowHours=72');
    const engine = new RepeatEngine({ windowHours: 72, from: '2026-02-08', to: '2026-02-21' });
    for (const d of [...february.keys()].sort().filter((d) => d >= '2026-02-01' && d <= '2026-02-28'))
      engine.add(visitsToChunk(d, ticketsToVisits(february.get(d) as Ticket[])));
    const expected = engine.tables();
    expect(r.overall).toEqual(expected.overall);
    expect(r.byClerkService).toEqual(expected.byClerkService);
    expect(r.flow).toEqual(expected.flow);
    expect(r.intervals).toEqual(expected.intervals);
    expect(r.overall.servedVisits).toBeGreaterThan(100);
  });

  it('lists frequent visitors, masked, most visits first', async () => {
    const r = await get<{ visitors: { identityMasked: string; visits: number; history: unknown[] }[] }>(
      supervisor,
      '/reports/frequent-visitors?from=2026-02-01&to=2026-02-28&minVisits=2&limit=20',
    );
    expect(r.visitors.length).toBeGreaterThan(0);
    for (const v of r.visitors) {
      expect(v.history).toHaveLength(v.visits);
      expect(v.identityMasked).toMatch(/\*{4}/);
    }
    const counts = r.visitors.map((v) => v.visits);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });
});

describe('staffing', () => {
  it('advises counters per service and hour of the week beside those that were open', async () => {
    const r = await get<StaffingReply>(supervisor, '/reports/staffing?from=2026-02-01&to=2026-02-28&targetShare=0.8');
    // Four weeks: every weekday was observed four times.
    const mondayTen = r.rows.find((x) => x.serviceId === 'A' && x.weekday === 1 && x.hour === 10);
    expect(mondayTen).toMatchObject({ daysObserved: 4, targetMin: 15 });
    expect(mondayTen?.countersNeeded).toBeGreaterThanOrEqual(1);
    expect(mondayTen?.predictedServiceLevel).toBeGreaterThanOrEqual(0.8);
    const csv = await raw('/reports/staffing?from=2026-02-01&to=2026-02-28&format=csv');
    expect(csv.text.split('\r\n')).toHaveLength(r.rows.length + 2);
  });

  it('has an Erlang C calculator matching the textbook example', async () => {
    // 100 calls / 30 min, AHT 180 s, 14 agents, 20 s → P(wait) 0.1741, SL 0.8884 (see erlang.test.ts).
    const r = await get<{ waitProbability: number; serviceLevel: number; agentsNeeded: number }>(
      supervisor,
      '/reports/erlang?arrivalsPerHour=200&ahtSec=180&targetSec=20&agents=14',
    );
    expect(Math.abs(r.waitProbability - 0.1741319)).toBeLessThan(0.001);
    expect(Math.abs(r.serviceLevel - 0.88835)).toBeLessThan(0.001);
    expect(r.agentsNeeded).toBe(14);
  });
});

describe('satisfaction ratings', () => {
  async function rate(token: string, score: number) {
    const res = await fetch(`${hub.baseUrl}/api/v1/track/${token}/rating`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ score }),
    });
    return { status: res.status, body: (await res.json()) as { score?: number; error?: { code: string } } };
  }

  it('a rating pad score goes on the visit its counter just ended, and shows in the KPIs', async () => {
    // Counter 1 ended the 09:02 visit at 09:20 and has no current ticket: a pad score at 09:21 is that visit's.
    clock = at('09:21', TODAY);
    const bridge = mqtt.connect(`mqtt://127.0.0.1:${hub.mqttPort}`, {
      protocolVersion: 4,
      username: 'bridge-1',
      password: 'demo-bridge-1-token-0001',
    });
    try {
      await new Promise((resolve, reject) => bridge.once('connect', resolve).once('error', reject));
      await bridge.publishAsync(
        topics.deviceEvents('demo', 'bridge-1'),
        JSON.stringify({ v: 1, type: 'rating', peripheral: 'pad-1', at: clock, score: 4, counterId: '1' }),
        { qos: 1 },
      );
    } finally {
      bridge.end(true);
    }
    let r: KpiReport | undefined;
    for (let i = 0; i < 100 && !r?.satisfaction.length; i++) {
      if (i) await new Promise((resolve) => setTimeout(resolve, 50));
      r = await get<KpiReport>(supervisor, '/reports/kpis');
    }
    const clerkId = r?.clerks[0]?.staffId as string;
    // One 4 from the pad: the same row per service, service × clerk, clerk and total.
    const oneFour = { ratings: 1, scoreSum: 4, meanScore: 4, score1: 0, score2: 0, score3: 0, score4: 1, score5: 0 };
    expect(r?.satisfaction).toEqual([
      { serviceId: 'A', staffId: '*', ...oneFour },
      { serviceId: 'A', staffId: clerkId, ...oneFour },
      { serviceId: '*', staffId: clerkId, ...oneFour },
      { serviceId: '*', staffId: '*', ...oneFour },
    ]);
    // The audit entry stays.
    const audit = await get<{ records: { action: string; details?: Record<string, unknown> }[] }>(
      supervisor,
      '/audit?action=ticket.rating',
    );
    expect(
      audit.records.some((e) => e.action === 'ticket.rating' && e.details?.score === 4 && e.details?.attached === true),
    ).toBe(true);
    // The phone page of that visit shows it rated; another score from the phone is refused.
    expect(await anonTrack(tokens[1] as string)).toMatchObject({ status: 'done', ratingScore: 4 });
    expect(await rate(tokens[1] as string, 2)).toMatchObject({ status: 409, body: { error: { code: 'ALREADY_RATED' } } });
  });

  it("the visitor rates a finished visit once from the phone; a retry is idempotent; a waiting ticket can't be rated", async () => {
    clock = at('09:25', TODAY);
    expect(await rate(tokens[0] as string, 5)).toEqual({ status: 200, body: { score: 5, at: clock } });
    clock = at('09:26', TODAY);
    expect(await rate(tokens[0] as string, 5)).toEqual({ status: 200, body: { score: 5, at: at('09:25', TODAY) } });
    expect((await rate(tokens[0] as string, 3)).status).toBe(409);
    expect(await rate(tokens[2] as string, 5)).toMatchObject({ status: 409, body: { error: { code: 'VISIT_NOT_FINISHED' } } });
    expect((await rate(tokens[0] as string, 6)).status).toBe(400);
    expect((await rate('no-such-token-here', 5)).status).toBe(404);

    // Today: 4 (pad) and 5 (phone) for clerk 1 at A → 2 ratings, sum 9, mean 4.5.
    const r = await get<KpiReport>(supervisor, '/reports/kpis');
    expect(r.satisfaction.find((x) => x.serviceId === 'A' && x.staffId === '*')).toMatchObject({
      ratings: 2,
      scoreSum: 9,
      meanScore: 4.5,
      score4: 1,
      score5: 1,
    });
  });

  it('archived days keep their ratings in the pre-aggregates and add up with today', async () => {
    // 03-02 (archived at start-up): t1 rated 5, served by s1 at A.
    const archived = await get<KpiReport>(supervisor, '/reports/kpis?from=2026-03-02&to=2026-03-02');
    expect(archived.satisfaction.find((x) => x.serviceId === 'A' && x.staffId === 's1')).toMatchObject({
      ratings: 1,
      meanScore: 5,
      score5: 1,
    });
    // 03-02 … today: A has 5 (archived), 4 and 5 (today) → 3 ratings, sum 14.
    const both = await get<KpiReport>(supervisor, '/reports/kpis?from=2026-03-02&to=2026-03-10');
    expect(both.satisfaction.find((x) => x.serviceId === '*' && x.staffId === '*')).toMatchObject({
      ratings: 3,
      scoreSum: 14,
      score4: 1,
      score5: 2,
    });
    // February's synthetic days have no ratings: an empty table, not an error.
    expect((await get<KpiReport>(supervisor, '/reports/kpis?from=2026-02-01&to=2026-02-28')).satisfaction).toEqual([]);
  });

  it('exports the satisfaction table as CSV', async () => {
    const json = await get<KpiReport>(supervisor, '/reports/kpis?from=2026-03-02&to=2026-03-10');
    const csv = await raw('/reports/kpis?from=2026-03-02&to=2026-03-10&format=csv&table=satisfaction');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toMatch(/kpis-satisfaction-2026-03-02_2026-03-10\.csv/);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('serviceId,staffId,ratings,scoreSum,meanScore,score1,score2,score3,score4,score5');
    expect(lines).toHaveLength(json.satisfaction.length + 1);
    expect(lines.at(-1)).toBe('*,*,3,14,4.6667,0,0,0,1,2'); // 14 ÷ 3, four decimals in CSV
  });

  it('the rating route is in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${hub.baseUrl}/docs/json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain('/api/v1/track/{token}/rating');
  });
});

async function anonTrack(token: string) {
  return (await fetch(`${hub.baseUrl}/api/v1/track/${token}`)).json();
}
