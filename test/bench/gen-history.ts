/**
 * Synthetic history for the reports: days of a service hall simulated queue by queue (Poisson
 * arrivals with a daily and weekly rhythm, counters opened by the hour, priority classes,
 * people who give up, no-shows, transfers, visitors identified by ID card or phone who come
 * back after some clerks more than after others), written straight into a data dir as day
 * close would leave it:
 *   archive/YYYY-MM-DD.db     the day's tickets (NeDB lines, same documents as the hot store)
 *   daily_stats.db            one summary row per day, from the hub's own `summariseDay`
 *   analytics/{visits,slots}  the day's visit index and slots, from the hub's own `writeDayFiles`
 * Deterministic for a seed. A year of 2 million tickets takes about a minute.
 *
 *   node --import tsx test/bench/gen-history.ts --dir /tmp/cb-history --days 365 --per-day 5500 --seed 1
 */
import { createHmac } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { summariseDay } from '../../hub/src/analytics/day-summary';
import { erlangAgentsFor } from '../../hub/src/analytics/erlang';
import { writeDayFiles } from '../../hub/src/analytics/history/day-files';
import type { Actor, StoredIdentity, Ticket, TicketEvent } from '../../hub/src/protocol';
import { groupPseudonym } from '../../hub/src/security/identity';
import { addDays } from '../../hub/src/time';

// ---------------- the site ----------------

export interface SynthService {
  id: string;
  name: { zh: string; en: string };
  targetWaitMin: number;
  avgServiceSec: number;
  /** Share of the day's visitors choosing it. */
  share: number;
}

export interface SynthSite {
  services: SynthService[];
  /** Counters, each dedicated to one service in the simulation. */
  counters: { id: string; serviceId: string }[];
  clerks: number;
  /** Site zone offset in hours (no DST: Asia/Shanghai). */
  utcOffsetHours: number;
}

const svc = (id: string, zh: string, en: string, targetWaitMin: number, avgServiceSec: number, share: number) => ({
  id,
  name: { zh, en },
  targetWaitMin,
  avgServiceSec,
  share,
});

/**
 * A large city service hall (the size of a provincial capital's government service centre):
 * 8 services, 143 counters sized for the peak hour, 170 clerks. At 5 500 tickets a day on
 * average this is the 2-million-ticket year of the acceptance test.
 */
export const BENCH_SITE: SynthSite = (() => {
  const services = [
    svc('A', '综合业务', 'General services', 15, 300, 0.25),
    svc('B', '社保医保', 'Social & medical insurance', 20, 420, 0.18),
    svc('C', '证件办理', 'ID & permits', 20, 480, 0.12),
    svc('D', '不动产登记', 'Real estate', 30, 600, 0.08),
    svc('E', '税务', 'Taxes', 20, 360, 0.12),
    svc('F', '公积金', 'Housing fund', 15, 300, 0.1),
    svc('G', '出入境', 'Exit & entry', 20, 420, 0.07),
    svc('H', '咨询', 'Enquiries', 10, 180, 0.08),
  ];
  const counters: SynthSite['counters'] = [];
  const perService = [30, 26, 21, 18, 16, 12, 12, 8];
  services.forEach((s, i) => {
    for (let k = 0; k < (perService[i] as number); k++) counters.push({ id: String(counters.length + 1), serviceId: s.id });
  });
  return { services, counters, clerks: 170, utcOffsetHours: 8 };
})();

/** The demo site of config/callboard.demo.json (A, B, C; counters 1–4). */
export const DEMO_SITE: SynthSite = {
  services: [
    svc('A', '综合业务', 'General services', 15, 300, 0.5),
    svc('B', '社保医保', 'Social & medical insurance', 20, 420, 0.3),
    svc('C', '证件办理', 'ID & permits', 20, 480, 0.2),
  ],
  counters: [
    { id: '1', serviceId: 'A' },
    { id: '2', serviceId: 'A' },
    { id: '3', serviceId: 'B' },
    { id: '4', serviceId: 'C' },
  ],
  clerks: 6,
  utcOffsetHours: 8,
};

/** Makes a hub configuration (the demo file) describe `site`, so reports know its targets. */
export function siteConfigPatch(site: SynthSite): (raw: any) => void {
  return (raw) => {
    raw.backup = { enabled: false };
    // A year of history is the bench's subject: the nightly retention run would anonymise most of it.
    raw.retention = { enabled: false };
    raw.services = site.services.map((s) => ({
      id: s.id,
      prefix: s.id,
      name: s.name,
      targetWaitMin: s.targetWaitMin,
      avgServiceSec: s.avgServiceSec,
      numberRange: [1, 99999],
    }));
    raw.counters = site.counters.map((c) => ({
      id: c.id,
      name: { zh: `${c.id}号窗口`, en: `Counter ${c.id}` },
      services: [c.serviceId],
    }));
    raw.staff = raw.staff.filter((s: { role: string }) => s.role !== 'clerk');
    // The synthetic hall keeps no appointment book (the demo's names demo services).
    delete raw.appointments;
  };
}

// ---------------- randomness ----------------

/** sfc32: small, fast, good enough for simulation, and seeded. */
export function prng(seed: number): () => number {
  let a = 0x9e3779b9 ^ seed;
  let b = 0x243f6a88 ^ (seed * 31);
  let c = 0xb7e15162;
  let d = seed | 1;
  const next = () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 16; i++) next();
  return next;
}

function poisson(rand: () => number, mean: number): number {
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(rand)));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rand();
  while (p > limit) {
    k++;
    p *= rand();
  }
  return k;
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
}

const expo = (rand: () => number, mean: number) => -Math.log(1 - rand()) * mean;

/** Log-normal with the given mean and coefficient of variation. */
function lognormal(rand: () => number, mean: number, cv: number): number {
  const s2 = Math.log(1 + cv * cv);
  return Math.exp(Math.log(mean) - s2 / 2 + Math.sqrt(s2) * gaussian(rand));
}

function pick<T>(rand: () => number, items: readonly T[], weight: (t: T) => number): T {
  let total = 0;
  for (const i of items) total += weight(i);
  let r = rand() * total;
  for (const i of items) {
    r -= weight(i);
    if (r <= 0) return i;
  }
  return items[items.length - 1] as T;
}

// ---------------- rhythm ----------------

const DAY_MS = 86_400_000;
const OPEN_MIN = 8 * 60 + 30;
const CLOSE_MIN = 17 * 60 + 30;
/** Service continues after the doors close for at most this long; then the rest is cancelled. */
const LAST_CALL_MIN = 18 * 60 + 30;
/** Relative arrival rate by local hour (08:30–17:30). */
const HOUR_WEIGHT: Record<number, number> = {
  8: 1.2,
  9: 1.6,
  10: 1.5,
  11: 1.2,
  12: 0.6,
  13: 0.9,
  14: 1.3,
  15: 1.2,
  16: 0.9,
  17: 0.5,
};
/** Relative volume by weekday (0 = Sunday). */
const WEEKDAY_WEIGHT = [0.25, 1.15, 1.05, 1.0, 1.0, 1.1, 0.45];
const WEEKDAY_MEAN = WEEKDAY_WEIGHT.reduce((a, b) => a + b, 0) / 7;

const CLASSES: { id: string; share: number; rank: number }[] = [
  { id: 'appointment', share: 0.06, rank: 0 },
  { id: 'priority', share: 0.07, rank: 1 },
  { id: 'return', share: 0.02, rank: 2 },
  { id: 'normal', share: 0.85, rank: 3 },
];
const RANK = new Map(CLASSES.map((c) => [c.id, c.rank]));

// ---------------- the simulation ----------------

interface Person {
  id: number;
  kind: 'id-card' | 'phone';
}

interface Return {
  at: number;
  person: Person;
  serviceId: string;
}

interface Sim {
  rand: () => number;
  site: SynthSite;
  secret: string;
  /** The sites' group key (`uplink.groupKey`): identities get their group pseudonym too. */
  groupKey?: string;
  population: number;
  returns: Map<string, Return[]>;
  clerkQuality: number[];
}

interface Waiting {
  t: Ticket;
  rank: number;
  patienceAt: number;
  gone: boolean;
}

interface Line {
  items: Waiting[];
  head: number;
}

/** The first waiting ticket of the best class that has one. */
function nextWaiting(classes: Line[]): Waiting | undefined {
  for (const line of classes) {
    while (line.head < line.items.length && (line.items[line.head] as Waiting).gone) line.head++;
    if (line.head < line.items.length) return line.items[line.head++];
  }
  return undefined;
}

interface Counter {
  id: string;
  serviceId: string;
  staffId: string;
  /** Index of the counter among its service's counters (opened lowest first). */
  rank: number;
  busyUntil: number;
}

/** A tiny binary heap of timed events. */
class Events<T extends { at: number; seq: number }> {
  private readonly items: T[] = [];
  get size(): number {
    return this.items.length;
  }
  push(e: T): void {
    const a = this.items;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(a[p] as T, e)) break;
      a[i] = a[p] as T;
      i = p;
    }
    a[i] = e;
  }
  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const r = l + 1;
        const c = r < a.length && less(a[r] as T, a[l] as T) ? r : l;
        if (less(last, a[c] as T)) break;
        a[i] = a[c] as T;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}
const less = (x: { at: number; seq: number }, y: { at: number; seq: number }) => x.at < y.at || (x.at === y.at && x.seq < y.seq);

type Ev =
  | { at: number; seq: number; kind: 'arrive'; t: Ticket }
  | { at: number; seq: number; kind: 'free'; counter: Counter }
  | { at: number; seq: number; kind: 'tick' }
  | { at: number; seq: number; kind: 'patience'; w: Waiting };

type WithoutSeq<T> = T extends unknown ? Omit<T, 'seq'> : never;

const kiosk: Actor = { type: 'device', id: 'kiosk-1' };
const system: Actor = { type: 'system' };

function identityOf(sim: Sim, p: Person): StoredIdentity {
  const digits = String(p.id).padStart(8, '0');
  const value = p.kind === 'id-card' ? `11010519${digits}123X` : `138${digits}`;
  const hmac = createHmac('sha256', sim.secret).update(`${p.kind}:${value}`).digest('hex');
  const masked = p.kind === 'id-card' ? `110***********${digits.slice(-3)}X` : `138****${digits.slice(-4)}`;
  return { kind: p.kind, hmac, masked, ...(sim.groupKey ? { group: groupPseudonym(p.kind, value, sim.groupKey) } : {}) };
}

function drawPerson(sim: Sim): Person {
  // A few hundred people come very often (agents, relatives of many); the rest rarely.
  const frequent = sim.rand() < 0.015;
  const id = frequent ? Math.floor(sim.rand() * 300) : 300 + Math.floor(sim.rand() * sim.population);
  return { id, kind: id % 7 === 0 ? 'phone' : 'id-card' };
}

/** One business day; returns its tickets. */
function simulateDay(sim: Sim, date: string, dayIndex: number, volume: number): Ticket[] {
  const { rand, site } = sim;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const midnight = Date.UTC(y, m - 1, d) - site.utcOffsetHours * 3_600_000;
  const atMin = (min: number) => midnight + min * 60_000;
  const tickets: Ticket[] = [];
  const seqs = new Map<string, number>();
  let seq = 0;
  let idSeq = 0;
  const events = new Events<Ev>();
  const push = (e: WithoutSeq<Ev>) => events.push({ ...e, seq: seq++ } as Ev);
  // One line per service and class, first come first served inside a class; people who leave
  // are only marked gone and skipped when their turn would come.
  const lines = new Map<string, Line[]>(site.services.map((s) => [s.id, CLASSES.map(() => ({ items: [], head: 0 }))]));
  const serviceOf = new Map(site.services.map((s) => [s.id, s]));

  // Counters and clerks of the day: clerks rotate across counters from day to day.
  const counters: Counter[] = [];
  const perService = new Map<string, number>();
  site.counters.forEach((c, k) => {
    const rank = perService.get(c.serviceId) ?? 0;
    perService.set(c.serviceId, rank + 1);
    counters.push({
      id: c.id,
      serviceId: c.serviceId,
      staffId: `clerk-${String(((k + dayIndex * 7) % site.clerks) + 1).padStart(3, '0')}`,
      rank,
      busyUntil: 0,
    });
  });
  // Counters opened per service and hour: Erlang C for the expected load, sometimes one short.
  const hourWeightSum = Object.values(HOUR_WEIGHT).reduce((a, b) => a + b, 0);
  const openPlan = new Map<string, number>();
  for (const s of site.services)
    for (let h = 8; h <= 18; h++) {
      const perHour = (volume * s.share * (HOUR_WEIGHT[h] ?? 0.4)) / hourWeightSum;
      const need = erlangAgentsFor((perHour * s.avgServiceSec) / 3600, s.avgServiceSec, s.targetWaitMin * 60, 0.8);
      const short = rand() < 0.25 ? 1 : 0;
      openPlan.set(`${s.id}|${h}`, Math.min(perService.get(s.id) ?? 0, Math.max(1, need - short)));
    }
  const isOpen = (c: Counter, at: number) => {
    const min = (at - midnight) / 60_000;
    if (min < OPEN_MIN || min >= LAST_CALL_MIN) return false;
    return c.rank < (openPlan.get(`${c.serviceId}|${Math.min(18, Math.floor(min / 60))}`) ?? 1);
  };

  const newTicket = (serviceId: string, at: number, person: Person | null, priority: string, from?: Ticket): Ticket => {
    const n = from ? from.seq : (seqs.get(serviceId) ?? 0) + 1;
    if (!from) seqs.set(serviceId, n);
    const t: Ticket = {
      id: `${date}-${String(++idSeq).padStart(5, '0')}`,
      number: from ? from.number : `${serviceId}${String(n).padStart(5, '0')}`,
      seq: n,
      serviceId,
      businessDate: date,
      status: 'waiting',
      source: 'kiosk',
      priority,
      lang: 'zh',
      issuedAt: Math.round(at),
      arrivalAt: from ? from.arrivalAt : Math.round(at),
      recalls: 0,
      trackToken: from ? from.trackToken : `tk${date.replace(/-/g, '')}${idSeq}`,
      events: [{ type: 'issued', at: Math.round(at), by: kiosk }],
    };
    if (from) t.transferredFrom = from.id;
    if (person) t.identity = identityOf(sim, person);
    else if (from?.identity) t.identity = from.identity;
    tickets.push(t);
    return t;
  };
  const personOf = new Map<string, Person>();

  // Today's own arrivals, quarter by quarter, and the returns scheduled for today.
  for (let q = OPEN_MIN; q < CLOSE_MIN; q += 15) {
    const w = HOUR_WEIGHT[Math.floor(q / 60)] ?? 0;
    const mean = (volume * w) / hourWeightSum / 4;
    const n = poisson(rand, mean);
    for (let i = 0; i < n; i++) {
      const at = atMin(q + rand() * 15);
      const s = pick(rand, site.services, (x) => x.share);
      const person = rand() < 0.7 ? drawPerson(sim) : null;
      const priority = pick(rand, CLASSES, (c) => c.share).id;
      const t = newTicket(s.id, at, person, priority);
      if (person) personOf.set(t.id, person);
      push({ at, kind: 'arrive', t });
    }
  }
  for (const r of sim.returns.get(date) ?? []) {
    const t = newTicket(r.serviceId, r.at, r.person, 'normal');
    personOf.set(t.id, r.person);
    push({ at: r.at, kind: 'arrive', t });
  }
  sim.returns.delete(date);
  for (let q = OPEN_MIN; q <= LAST_CALL_MIN; q += 15) push({ at: atMin(q), kind: 'tick' });

  // The simulation runs on real-valued times; tickets hold whole milliseconds, as the hub's do.
  const event = (type: TicketEvent['type'], at: number, by: Actor, counterId?: string): TicketEvent =>
    counterId ? { type, at: Math.round(at), by, counterId } : { type, at: Math.round(at), by };

  const countersOf = new Map(site.services.map((s) => [s.id, counters.filter((c) => c.serviceId === s.id)]));
  const dispatch = (serviceId: string, at: number) => {
    const classes = lines.get(serviceId) as Line[];
    for (const c of countersOf.get(serviceId) ?? []) {
      if (c.busyUntil > at || !isOpen(c, at)) continue;
      const w = nextWaiting(classes);
      if (!w) return;
      w.gone = true;
      serve(w.t, c, at);
    }
  };

  const serve = (t: Ticket, c: Counter, at: number) => {
    const by: Actor = { type: 'staff', id: c.staffId };
    t.events.push(event('called', at, by, c.id));
    t.counterId = c.id;
    t.staffId = c.staffId;
    if (rand() < 0.04) {
      const end = at + 120_000 + rand() * 60_000;
      t.events.push(event('recalled', at + 60_000, by, c.id));
      t.recalls = 1;
      t.events.push(event('no_show', end, by, c.id));
      t.status = 'no_show';
      c.busyUntil = end;
      push({ at: end, kind: 'free', counter: c });
      return;
    }
    const service = serviceOf.get(t.serviceId) as SynthService;
    const startAt = at + 20_000 + rand() * 40_000;
    const end = startAt + lognormal(rand, service.avgServiceSec, 0.6) * 1000;
    t.events.push(event('started', startAt, by, c.id));
    c.busyUntil = end;
    push({ at: end, kind: 'free', counter: c });
    if (!t.transferredFrom && rand() < 0.05) {
      const target = pick(
        rand,
        site.services.filter((s) => s.id !== t.serviceId),
        (s) => s.share,
      );
      const cont = newTicket(target.id, end, null, t.priority, t);
      t.events.push(event('transferred', end, by, c.id));
      t.status = 'transferred';
      t.transferredTo = cont.id;
      const person = personOf.get(t.id);
      if (person) personOf.set(cont.id, person);
      push({ at: end, kind: 'arrive', t: cont });
      return;
    }
    t.events.push(event('finished', end, by, c.id));
    t.status = 'done';
    const r = rand();
    t.outcome = r < 0.8 ? 'resolved' : r < 0.92 ? 'follow_up' : 'referred';
    const person = personOf.get(t.id);
    if (person) scheduleReturn(person, t, end, c);
  };

  const scheduleReturn = (person: Person, t: Ticket, end: number, c: Counter) => {
    // Some clerks' visitors come back far more often than others': what the report should find.
    const clerk = Number(c.staffId.slice(-3)) - 1;
    const p = 0.06 * (sim.clerkQuality[clerk] ?? 1) * (t.outcome === 'follow_up' ? 2.5 : 1);
    if (rand() >= p) return;
    const r = rand();
    const gapMs = r < 0.5 ? expo(rand, 5 * 3_600_000) : r < 0.85 ? DAY_MS * (1 + rand() * 6) : DAY_MS * (7 + rand() * 7);
    // Land inside opening hours: evenings and nights move to the next morning.
    let dayOff = Math.floor((end + gapMs - midnight) / DAY_MS);
    let minOfDay = (end + gapMs - midnight - dayOff * DAY_MS) / 60_000;
    if (minOfDay >= CLOSE_MIN - 15) {
      dayOff++;
      minOfDay = OPEN_MIN + rand() * 120;
    } else if (minOfDay < OPEN_MIN) minOfDay = OPEN_MIN + rand() * 120;
    const at = midnight + dayOff * DAY_MS + minOfDay * 60_000;
    const returnDate = addDays(date, dayOff);
    const serviceId = rand() < 0.7 ? t.serviceId : pick(rand, site.services, (s) => s.share).id;
    if (returnDate === date) {
      const nt = newTicket(serviceId, at, person, 'normal');
      personOf.set(nt.id, person);
      push({ at, kind: 'arrive', t: nt });
    } else {
      const list = sim.returns.get(returnDate) ?? [];
      list.push({ at, person, serviceId });
      sim.returns.set(returnDate, list);
    }
  };

  for (let e = events.pop(); e; e = events.pop()) {
    if (e.kind === 'arrive') {
      const w: Waiting = {
        t: e.t,
        rank: RANK.get(e.t.priority) ?? 3,
        patienceAt: e.at + expo(rand, 70 * 60_000),
        gone: false,
      };
      ((lines.get(e.t.serviceId) as Line[])[w.rank] as Line).items.push(w);
      push({ at: w.patienceAt, kind: 'patience', w });
      dispatch(e.t.serviceId, e.at);
    } else if (e.kind === 'free') dispatch(e.counter.serviceId, e.at);
    else if (e.kind === 'tick') for (const s of site.services) dispatch(s.id, e.at);
    else if (!e.w.gone && e.at < atMin(LAST_CALL_MIN)) {
      e.w.gone = true;
      e.w.t.events.push(event('cancelled', e.at, kiosk));
      e.w.t.status = 'cancelled';
    }
  }
  // The day closes: whoever still waits is cancelled by the hub.
  for (const classes of lines.values())
    for (const w of classes.flatMap((l) => l.items))
      if (!w.gone) {
        w.t.events.push({ type: 'cancelled', at: atMin(LAST_CALL_MIN), by: system, note: 'business day closed' });
        w.t.status = 'cancelled';
      }
  return tickets;
}

// ---------------- writing ----------------

export interface GenOptions {
  dataDir: string;
  /** Days of history, ending with `lastDate` (default: yesterday in UTC+8). */
  days: number;
  lastDate?: string;
  /** Mean tickets per day over the whole range (weekends are quieter, Mondays busier). */
  perDay: number;
  seed?: number;
  site?: SynthSite;
  /** HMAC key of the generated identities (any string; the hub never needs to recompute them). */
  secret?: string;
  /** Keep the tickets in memory and return them (small histories, for tests). */
  collect?: boolean;
  /** A group key shared by generated sites: the same people get the same group pseudonym at each. */
  groupKey?: string;
}

export interface GenResult {
  days: string[];
  tickets: number;
  identified: number;
  ms: number;
  collected?: Map<string, Ticket[]>;
}

export async function generateHistory(opts: GenOptions): Promise<GenResult> {
  const started = Date.now();
  const site = opts.site ?? BENCH_SITE;
  const seed = opts.seed ?? 1;
  const rand = prng(seed);
  const sim: Sim = {
    rand,
    site,
    secret: opts.secret ?? `callboard-gen-${seed}`,
    ...(opts.groupKey ? { groupKey: opts.groupKey } : {}),
    population: Math.max(1000, Math.round(opts.perDay * 70)),
    returns: new Map(),
    clerkQuality: Array.from({ length: site.clerks }, () => 0.4 + 2.2 * rand() ** 2),
  };
  const last = opts.lastDate ?? addDays(new Date(Date.now() + site.utcOffsetHours * 3_600_000).toISOString().slice(0, 10), -1);
  const first = addDays(last, -(opts.days - 1));
  const archive = path.join(opts.dataDir, 'archive');
  mkdirSync(archive, { recursive: true });
  const statsLines: string[] = [];
  const collected = opts.collect ? new Map<string, Ticket[]>() : undefined;
  const days: string[] = [];
  let total = 0;
  let identified = 0;
  for (let i = 0; i < opts.days; i++) {
    const date = addDays(first, i);
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    const volume = (opts.perDay * (WEEKDAY_WEIGHT[weekday] as number)) / WEEKDAY_MEAN;
    const tickets = simulateDay(sim, date, i, volume);
    days.push(date);
    total += tickets.length;
    for (const t of tickets) if (t.identity && !t.transferredFrom) identified++;
    let text = '';
    for (const t of tickets) text += `${JSON.stringify({ ...t, _id: t.id })}\n`;
    writeFileSync(path.join(archive, `${date}.db`), text);
    const closeAt = Date.parse(`${addDays(date, 1)}T00:05:00Z`) - site.utcOffsetHours * 3_600_000;
    statsLines.push(JSON.stringify(summariseDay(date, tickets, closeAt)));
    await writeDayFiles(opts.dataDir, date, tickets);
    collected?.set(date, tickets);
  }
  writeFileSync(path.join(opts.dataDir, 'daily_stats.db'), `${statsLines.join('\n')}\n`);
  const result: GenResult = { days, tickets: total, identified, ms: Date.now() - started };
  if (collected) result.collected = collected;
  return result;
}

// ---------------- CLI ----------------

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string' },
      days: { type: 'string', default: '365' },
      'per-day': { type: 'string', default: '5500' },
      seed: { type: 'string', default: '1' },
      last: { type: 'string' },
    },
  });
  if (!values.dir) {
    console.error('usage: gen-history.ts --dir DATA_DIR [--days 365] [--per-day 5500] [--seed 1] [--last YYYY-MM-DD]');
    process.exit(2);
  }
  const r = await generateHistory({
    dataDir: values.dir,
    days: Number(values.days),
    perDay: Number(values['per-day']),
    seed: Number(values.seed),
    ...(values.last ? { lastDate: values.last } : {}),
  });
  console.log(
    `${r.tickets} tickets (${r.identified} identified visits) over ${r.days.length} days ` +
      `(${r.days[0]} … ${r.days[r.days.length - 1]}) in ${(r.ms / 1000).toFixed(1)} s → ${values.dir}`,
  );
}
