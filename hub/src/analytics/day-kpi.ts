/**
 * The accumulator that builds the per-day pre-aggregates (their stored shapes and why they are
 * kept: day-kpi-shape.ts) and adds them up for reports.
 */
import { NOT_SERVED_CLOSED, type Ticket } from '../protocol';
import {
  countsOf,
  type DayKpi,
  type DaySlots,
  QUARTER_MS,
  type RatingCounts,
  SERVICE_COUNTS,
  type ServiceDay,
  type SlotDay,
  type StaffTime,
  type WorkDay,
} from './day-kpi-shape';
import { Dist, MinuteHist } from './dist';
import { ticketFacts } from './facts';
import type { LocalClock } from './local-time';

export * from './day-kpi-shape';

class SlotAcc {
  joined = 0;
  counters = 0;
  readonly called = new MinuteHist();
  readonly left = new MinuteHist();
}

export class WorkAcc {
  busySec = 0;
  spanSec = 0;
  calls = 0;
  served = 0;
  noShows = 0;
}

export class StaffTimeAcc {
  n = 0;
  sum = 0;
  max = 0;
}

function getOr<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(key, v);
  }
  return v;
}

/**
 * Quarter-keyed maps (`arrivalsAt`, `slots`) hold absolute quarters while building a day to
 * store; a report's accumulator, which knows the site's zone, folds each quarter into its hour
 * of the week (weekday × 24 + hour) as days are added, so a year adds up into ≤ 168 cells.
 */
export class ServiceAcc {
  tickets = 0;
  arrivals = 0;
  transfersIn = 0;
  called = 0;
  done = 0;
  noShow = 0;
  cancelled = 0;
  closedUnserved = 0;
  leftBeforeCall = 0;
  transferredOut = 0;
  readonly outcomes = new Map<string, number>();
  readonly waits = new Map<string, Dist>();
  readonly abandon = new Dist();
  readonly serviceTime = new Dist();
  readonly staffTime = new Map<string, StaffTimeAcc>();
  /** Per clerk ('' = unknown): visits scored [1, 2, 3, 4, 5]. */
  readonly ratings = new Map<string, number[]>();
  readonly arrivalsAt = new Map<number, number>();
  readonly slots = new Map<number, SlotAcc>();

  constructor(private readonly clock: LocalClock | undefined) {}

  get folded(): boolean {
    return this.clock !== undefined;
  }

  keyOf(q: number): number {
    return this.clock ? this.clock.hourOfWeek(q) : q;
  }

  slot(q: number): SlotAcc {
    return getOr(this.slots, this.keyOf(q), () => new SlotAcc());
  }

  addArrivals(q: number, n: number): void {
    const key = this.keyOf(q);
    this.arrivalsAt.set(key, (this.arrivalsAt.get(key) ?? 0) + n);
  }

  addRatings(staffId: string, counts: readonly number[]): void {
    const into = getOr(this.ratings, staffId, () => [0, 0, 0, 0, 0]);
    for (let i = 0; i < 5; i++) into[i] = (into[i] ?? 0) + (counts[i] ?? 0);
  }

  /** Waits of every class together. */
  allWaits(): Dist {
    const all = new Dist();
    for (const d of this.waits.values()) all.merge(d);
    return all;
  }
}

/**
 * Builds one day from its tickets, or adds days up. With a `clock` (the site's zone) quarters
 * are folded into hours of the week, which is what reports need; without, they stay absolute,
 * which is what a stored day needs.
 */
export class KpiAccumulator {
  readonly services = new Map<string, ServiceAcc>();
  readonly counters = new Map<string, WorkAcc>();
  readonly staff = new Map<string, WorkAcc>();

  constructor(readonly clock?: LocalClock) {}

  service(id: string): ServiceAcc {
    return getOr(this.services, id, () => new ServiceAcc(this.clock));
  }

  /** Adds the tickets of ONE business day (spans are per day: first call to last release). */
  addDayTickets(tickets: readonly Ticket[]): this {
    const spans = { counters: new Map<string, [number, number]>(), staff: new Map<string, [number, number]>() };
    const widen = (map: Map<string, [number, number]>, id: string, start: number, end: number) => {
      const s = map.get(id);
      if (!s) map.set(id, [start, end]);
      else {
        if (start < s[0]) s[0] = start;
        if (end > s[1]) s[1] = end;
      }
    };
    /** Counters serving each service per absolute quarter (distinct within the day). */
    const serving = new Map<string, Map<number, Set<string>>>();
    for (const t of tickets) {
      const f = ticketFacts(t);
      const s = this.service(f.serviceId);
      const q = Math.floor(f.issuedAt / QUARTER_MS);
      const slot = s.slot(q);
      s.tickets++;
      slot.joined++;
      if (f.root) {
        s.arrivals++;
        s.addArrivals(q, 1);
      } else s.transfersIn++;
      if (f.status === 'done') s.done++;
      else if (f.status === 'no_show') s.noShow++;
      else if (f.status === 'cancelled' && f.outcome === NOT_SERVED_CLOSED) s.closedUnserved++;
      else if (f.status === 'cancelled') s.cancelled++;
      else if (f.status === 'transferred') s.transferredOut++;
      if (f.outcome !== undefined && f.status === 'done') s.outcomes.set(f.outcome, (s.outcomes.get(f.outcome) ?? 0) + 1);
      if (f.waitSec !== undefined) {
        s.called++;
        getOr(s.waits, f.priority, () => new Dist()).add(f.waitSec);
        slot.called.add(f.waitSec);
      }
      if (f.abandonSec !== undefined) {
        s.leftBeforeCall++;
        s.abandon.add(f.abandonSec);
        slot.left.add(f.abandonSec);
      }
      if (f.serviceSec !== undefined) {
        s.serviceTime.add(f.serviceSec);
        if (f.servedBy !== undefined) {
          const st = getOr(s.staffTime, f.servedBy, () => new StaffTimeAcc());
          st.n++;
          st.sum += f.serviceSec;
          st.max = Math.max(st.max, f.serviceSec);
        }
      }
      if (f.rating !== undefined && f.rating >= 1 && f.rating <= 5) {
        const counts = [0, 0, 0, 0, 0];
        counts[f.rating - 1] = 1;
        s.addRatings(f.servedBy ?? '', counts);
      }
      for (const seg of f.segments) {
        const sec = (seg.end - seg.start) / 1000;
        const served = seg.how === 'finished' || seg.how === 'transferred';
        const counter = getOr(this.counters, seg.counterId, () => new WorkAcc());
        counter.busySec += sec;
        counter.calls++;
        if (served) counter.served++;
        if (seg.how === 'no_show') counter.noShows++;
        widen(spans.counters, seg.counterId, seg.start, seg.end);
        if (seg.staffId !== undefined) {
          const staff = getOr(this.staff, seg.staffId, () => new WorkAcc());
          staff.busySec += sec;
          staff.calls++;
          if (served) staff.served++;
          if (seg.how === 'no_show') staff.noShows++;
          widen(spans.staff, seg.staffId, seg.start, seg.end);
        }
        const byQuarter = getOr(serving, f.serviceId, () => new Map<number, Set<string>>());
        for (let k = Math.floor(seg.start / QUARTER_MS); k <= Math.floor(seg.end / QUARTER_MS); k++)
          getOr(byQuarter, k, () => new Set()).add(seg.counterId);
      }
    }
    for (const [serviceId, byQuarter] of serving)
      for (const [k, ids] of byQuarter) this.service(serviceId).slot(k).counters += ids.size;
    for (const [id, [a, b]] of spans.counters) (this.counters.get(id) as WorkAcc).spanSec += (b - a) / 1000;
    for (const [id, [a, b]] of spans.staff) (this.staff.get(id) as WorkAcc).spanSec += (b - a) / 1000;
    return this;
  }

  /** Adds a stored day (it has no raw samples: quantiles that include it come from the bins). */
  addDayKpi(d: DayKpi): this {
    for (const sd of d.services) {
      const s = this.service(sd.id);
      // Days stored before a count existed (closedUnserved) add nothing to it.
      for (const k of SERVICE_COUNTS) s[k] += sd[k] ?? 0;
      for (const [k, n] of sd.outcomes) s.outcomes.set(k, (s.outcomes.get(k) ?? 0) + n);
      for (const [cls, dist] of sd.waits) getOr(s.waits, cls, () => new Dist()).addSparse(dist);
      s.abandon.addSparse(sd.abandon);
      s.serviceTime.addSparse(sd.serviceTime);
      for (const [id, n, sum, max] of sd.serviceTimeByStaff) {
        const st = getOr(s.staffTime, id, () => new StaffTimeAcc());
        st.n += n;
        st.sum += sum;
        st.max = Math.max(st.max, max);
      }
      for (const [staffId, ...counts] of sd.ratings ?? []) s.addRatings(staffId, counts);
      const [first = 0, ...counts] = sd.arrivalQuarters;
      counts.forEach((n, i) => {
        if (n > 0) s.addArrivals(first + i, n);
      });
    }
    for (const w of d.counters)
      addWork(
        getOr(this.counters, w[0], () => new WorkAcc()),
        w,
      );
    for (const w of d.staff)
      addWork(
        getOr(this.staff, w[0], () => new WorkAcc()),
        w,
      );
    return this;
  }

  /** Adds a stored day's slots (staffing). */
  addDaySlots(d: DaySlots): this {
    for (const [serviceId, slots] of d.services) {
      const s = this.service(serviceId);
      for (const [q, joined, counters, called, left] of slots) {
        const slot = s.slot(q);
        slot.joined += joined;
        // Folded: the sum over quarters (÷ quarters observed = mean counters). Absolute: the
        // same quarter seen twice is the same counters.
        slot.counters = s.folded ? slot.counters + counters : Math.max(slot.counters, counters);
        slot.called.addFlat(called);
        slot.left.addFlat(left);
      }
    }
    return this;
  }

  private assertAbsolute(): void {
    if (this.clock) throw new Error('a report accumulator (quarters folded into hours of the week) cannot be stored as a day');
  }

  toDayKpi(): DayKpi {
    this.assertAbsolute();
    const services: ServiceDay[] = [];
    for (const [id, s] of [...this.services].sort(byKey)) {
      const quarters = [...s.arrivalsAt.keys()];
      const first = quarters.length ? Math.min(...quarters) : 0;
      const last = quarters.length ? Math.max(...quarters) : -1;
      const arrivalQuarters = [first];
      for (let q = first; q <= last; q++) arrivalQuarters.push(s.arrivalsAt.get(q) ?? 0);
      services.push({
        id,
        ...countsOf(s),
        outcomes: [...s.outcomes].sort(byKey),
        waits: [...s.waits].sort(byKey).map(([k, d]) => [k, d.toSparse()]),
        abandon: s.abandon.toSparse(),
        serviceTime: s.serviceTime.toSparse(),
        serviceTimeByStaff: [...s.staffTime].sort(byKey).map(([k, t]): StaffTime => [k, t.n, ms(t.sum), ms(t.max)]),
        arrivalQuarters,
        ...(s.ratings.size
          ? {
              ratings: [...s.ratings]
                .sort(byKey)
                .map(([k, c]): RatingCounts => [k, c[0] ?? 0, c[1] ?? 0, c[2] ?? 0, c[3] ?? 0, c[4] ?? 0]),
            }
          : {}),
      });
    }
    const work = (map: Map<string, WorkAcc>) =>
      [...map].sort(byKey).map(([id, w]): WorkDay => [id, ms(w.busySec), ms(w.spanSec), w.calls, w.served, w.noShows]);
    return { v: 1, services, counters: work(this.counters), staff: work(this.staff) };
  }

  toDaySlots(): DaySlots {
    this.assertAbsolute();
    return {
      v: 1,
      services: [...this.services]
        .sort(byKey)
        .map(([id, s]): [string, SlotDay[]] => [
          id,
          [...s.slots]
            .sort((a, b) => a[0] - b[0])
            .map(([q, sl]): SlotDay => [q, sl.joined, sl.counters, sl.called.toFlat(), sl.left.toFlat()]),
        ]),
    };
  }
}

/** Seconds kept to the millisecond (what the tickets have), which keeps the JSON short. */
function ms(sec: number): number {
  return Math.round(sec * 1000) / 1000;
}

function addWork(into: WorkAcc, [, busySec, spanSec, calls, served, noShows]: WorkDay): void {
  into.busySec += busySec;
  into.spanSec += spanSec;
  into.calls += calls;
  into.served += served;
  into.noShows += noShows;
}

function byKey<T>(a: [string, T], b: [string, T]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

/** The day's pre-aggregates, as day close stores them. */
export function dayKpi(tickets: readonly Ticket[]): DayKpi {
  return new KpiAccumulator().addDayTickets(tickets).toDayKpi();
}

export function daySlots(tickets: readonly Ticket[]): DaySlots {
  return new KpiAccumulator().addDayTickets(tickets).toDaySlots();
}
