/**
 * Repeat visits (seed 002): is the same person back soon after being served?
 *
 * Rules (docs/analytics.md has them in plain words):
 * - A visit is an identified ticket with its transfer continuations (visits.ts); transfers
 *   are never repeats. Identity = HMAC of ID number / phone / QR (kind included).
 * - For a served visit U (ended `done`), its *next visit* is the first later visit V of the same
 *   identity that arrived at or after U ended. The gap is V.arrival − U.end.
 * - U is *repeated* when its next visit came within the window W (2 h … 7 d): gap ≤ W, so a
 *   visit exactly at the edge counts. Any service counts (the same day at another service too).
 * - The repeat is attributed to U: its service (where it ended) and the clerk who served it.
 * - Repeat rate = repeated ÷ served visits. A *first visit* is a served visit that is not itself
 *   the next visit within W of an earlier served visit; first-visit resolution rate = first
 *   visits not repeated ÷ first visits.
 * - Served visits are counted when they arrived in [from, to]; visits up to 7 days either side
 *   are read so that returns after `to` and first-visit status near `from` are seen.
 * - The interval histogram counts, for served visits in the range, the gap to their next visit
 *   in whole hours 0–167 (a gap of exactly 168 h goes in the last bin), whatever W is: it is
 *   what one looks at to choose W.
 *
 * The engine runs over day chunks in date order (rows sorted by arrival inside a day) and keeps
 * only the identities seen in the last 7 days, so a year is one pass over typed arrays.
 */
import type { ChannelFlowRow, FlowRow, IntervalRow, RepeatRateRow, RepeatSummary } from '../protocol/reports';
import { PENDING_NIL, PendingTable } from './pending-table';
import { DONE, NONE, type VisitChunk } from './visit-chunk';

export const HOUR_MS = 3_600_000;
export const MAX_WINDOW_HOURS = 168;
export const MIN_WINDOW_HOURS = 2;
const MAX_GAP_MS = MAX_WINDOW_HOURS * HOUR_MS;
/** Rows per chunk fit in 21 bits: a pair reference is chunk × 2²¹ + row. */
const ROW_BITS = 2 ** 21;
const IN_RANGE = 1;
const WAS_REPEAT = 2;
/** The served contact was a phone call at a desk (the chunk's `channel` 1), not a visit. */
const BY_PHONE = 4;
const CHANNEL_NAMES = ['visit', 'phone'] as const;
const EMPTY = { date: '', n: 0 } as VisitChunk;

export interface PairFilter {
  serviceId?: string;
  staffId?: string;
  toServiceId?: string;
}

export interface RepeatOptions {
  windowHours: number;
  from: string;
  to: string;
  /** Collect the visit pairs (drill-down), optionally only some. */
  pairs?: PairFilter | false;
  /** log2 of the pending table's buckets (tests shrink it to force collisions). */
  tableBits?: number;
}

export interface PairRef {
  first: number;
  repeat: number;
  gapMs: number;
}

export interface RepeatTables {
  overall: RepeatSummary;
  byService: RepeatRateRow[];
  byClerkService: RepeatRateRow[];
  flow: FlowRow[];
  intervals: IntervalRow[];
  channels: ChannelFlowRow[];
}

class GlobalDict {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  of(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}

function bump(map: Map<number, [number, number]>, key: number, served: number, repeated: number): void {
  const v = map.get(key);
  if (v) {
    v[0] += served;
    v[1] += repeated;
  } else map.set(key, [served, repeated]);
}

export class RepeatEngine {
  readonly chunks: VisitChunk[] = [];
  private readonly windowMs: number;
  private readonly services = new GlobalDict();
  private readonly staff = new GlobalDict();
  private readonly pending: PendingTable;
  private visits = 0;
  private served = 0;
  private repeated = 0;
  private firstVisits = 0;
  private firstRepeated = 0;
  private readonly byService = new Map<number, [number, number]>();
  /** key: (staff + 1) × 2¹⁶ + service; staff −1 = unknown. */
  private readonly byClerk = new Map<number, [number, number]>();
  private readonly flow = new Map<number, number>();
  /** Repeats by (channel of the served contact) × 2 + (channel of the return). */
  private readonly channelFlow = [0, 0, 0, 0];
  private readonly intervals = new Float64Array(MAX_WINDOW_HOURS);
  readonly pairs: PairRef[] = [];
  private lastSweep = 0;

  constructor(private readonly opts: RepeatOptions) {
    if (!(opts.windowHours >= MIN_WINDOW_HOURS && opts.windowHours <= MAX_WINDOW_HOURS))
      throw new RangeError(`the repeat window must be ${MIN_WINDOW_HOURS}–${MAX_WINDOW_HOURS} hours`);
    this.windowMs = opts.windowHours * HOUR_MS;
    this.pending = new PendingTable(opts.tableBits);
  }

  /** Adds the next day (days in date order). */
  add(chunk: VisitChunk): void {
    if (chunk.n >= ROW_BITS) throw new RangeError('too many visits in one day');
    // Rows are kept for the drill-down only; a summary lets each day go once read.
    const c = this.chunks.length;
    this.chunks.push(this.opts.pairs ? chunk : EMPTY);
    const inRange = chunk.date >= this.opts.from && chunk.date <= this.opts.to;
    const svc = chunk.services.map((s) => this.services.of(s));
    const stf = chunk.staffIds.map((s) => this.staff.of(s));
    const filter = this.pairFilter();
    const W = this.windowMs;
    const P = this.pending;
    for (let i = 0; i < chunk.n; i++) {
      const key = chunk.key[i] as number;
      const arrival = chunk.arrival[i] as number;
      const channel = chunk.channel?.[i] ? 1 : 0;
      const ref = c * ROW_BITS + i;
      let isRepeat = false;
      // Walk the bucket: this identity's served visits that ended by now get this visit as their
      // next one; anyone's entries older than 7 days are dropped on the way.
      const b = P.bucket(key);
      let prev = PENDING_NIL;
      let u = P.head(b);
      while (u !== PENDING_NIL) {
        const nxt = P.next[u] as number;
        const uEnd = P.end[u] as number;
        const mine = P.key[u] === key;
        if ((mine && uEnd <= arrival) || arrival - uEnd > MAX_GAP_MS) {
          if (mine) {
            const gap = arrival - uEnd;
            const within = gap <= W;
            if (within) isRepeat = true;
            const flags = P.flags[u] as number;
            if (flags & IN_RANGE && gap <= MAX_GAP_MS) {
              const bin = Math.min(MAX_WINDOW_HOURS - 1, Math.floor(gap / HOUR_MS));
              this.intervals[bin] = (this.intervals[bin] ?? 0) + 1;
              if (within) {
                const from = P.service[u] as number;
                const staff = P.staff[u] as number;
                const to = svc[chunk.first[i] as number] as number;
                this.repeated++;
                if (!(flags & WAS_REPEAT)) this.firstRepeated++;
                bump(this.byService, from, 0, 1);
                bump(this.byClerk, (staff + 1) * 65_536 + from, 0, 1);
                this.flow.set(from * 65_536 + to, (this.flow.get(from * 65_536 + to) ?? 0) + 1);
                const ch = (flags & BY_PHONE ? 2 : 0) + channel;
                this.channelFlow[ch] = (this.channelFlow[ch] ?? 0) + 1;
                if (filter?.(from, staff, to)) this.pairs.push({ first: P.ref[u] as number, repeat: ref, gapMs: gap });
              }
            }
          }
          if (prev === PENDING_NIL) P.setHead(b, nxt);
          else P.next[prev] = nxt;
          P.release(u);
        } else prev = u; // still at the counter when this visit began (a parallel ticket), or someone else's
        u = nxt;
      }
      if (inRange) this.visits++;
      if ((chunk.status[i] as number) !== DONE) continue;
      const service = svc[chunk.last[i] as number] as number;
      const staffIdx = chunk.staff[i] as number;
      const staff = staffIdx === NONE ? -1 : (stf[staffIdx] as number);
      if (inRange) {
        this.served++;
        if (!isRepeat) this.firstVisits++;
        bump(this.byService, service, 1, 0);
        bump(this.byClerk, (staff + 1) * 65_536 + service, 1, 0);
      }
      const flags = (inRange ? IN_RANGE : 0) | (isRepeat ? WAS_REPEAT : 0) | (channel ? BY_PHONE : 0);
      P.insert(key, chunk.end[i] as number, service, staff, flags, ref);
    }
    // Every four weeks of data, forget what can no longer be anyone's next visit.
    const last = chunk.n > 0 ? (chunk.arrival[chunk.n - 1] as number) : 0;
    if (last - this.lastSweep > 4 * MAX_GAP_MS) {
      P.sweep(last - MAX_GAP_MS);
      this.lastSweep = last;
    }
  }

  private pairFilter(): ((from: number, staff: number, to: number) => boolean) | null {
    const f = this.opts.pairs;
    if (!f) return null;
    return (from, staff, to) =>
      (f.serviceId === undefined || this.services.list[from] === f.serviceId) &&
      (f.staffId === undefined || (staff >= 0 && this.staff.list[staff] === f.staffId)) &&
      (f.toServiceId === undefined || this.services.list[to] === f.toServiceId);
  }

  /** The chunk and row of a pair reference. */
  locate(ref: number): { chunk: VisitChunk; row: number } {
    return { chunk: this.chunks[Math.floor(ref / ROW_BITS)] as VisitChunk, row: ref % ROW_BITS };
  }

  tables(): RepeatTables {
    const rate = (served: number, repeated: number) => (served > 0 ? repeated / served : null);
    const svcName = (i: number) => this.services.list[i] ?? '';
    const byService: RepeatRateRow[] = [...this.byService]
      .map(([s, [served, repeated]]) => ({
        serviceId: svcName(s),
        staffId: '*',
        servedVisits: served,
        repeated,
        repeatRate: rate(served, repeated),
      }))
      .sort((a, b) => cmp(a.serviceId, b.serviceId));
    const byClerkService: RepeatRateRow[] = [...this.byClerk]
      .map(([k, [served, repeated]]) => {
        const staff = Math.floor(k / 65_536) - 1;
        return {
          serviceId: svcName(k % 65_536),
          staffId: staff < 0 ? '' : (this.staff.list[staff] ?? ''),
          servedVisits: served,
          repeated,
          repeatRate: rate(served, repeated),
        };
      })
      .sort((a, b) => cmp(a.staffId, b.staffId) || cmp(a.serviceId, b.serviceId));
    const flow: FlowRow[] = [...this.flow]
      .map(([k, count]) => ({ fromServiceId: svcName(Math.floor(k / 65_536)), toServiceId: svcName(k % 65_536), count }))
      .sort((a, b) => cmp(a.fromServiceId, b.fromServiceId) || cmp(a.toServiceId, b.toServiceId));
    let cumulative = 0;
    const intervals: IntervalRow[] = [...this.intervals].map((count, hour) => {
      cumulative += count;
      return { hour, count, cumulativeShare: this.served > 0 ? cumulative / this.served : 0 };
    });
    return {
      overall: {
        visits: this.visits,
        servedVisits: this.served,
        repeated: this.repeated,
        repeatRate: rate(this.served, this.repeated),
        firstVisits: this.firstVisits,
        firstVisitsResolved: this.firstVisits - this.firstRepeated,
        firstVisitResolutionRate: rate(this.firstVisits, this.firstVisits - this.firstRepeated),
      },
      byService,
      byClerkService,
      flow,
      intervals,
      channels: this.channelFlow.flatMap((count, k) =>
        count > 0 ? [{ fromChannel: CHANNEL_NAMES[k >> 1] ?? 'visit', toChannel: CHANNEL_NAMES[k & 1] ?? 'visit', count }] : [],
      ),
    };
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
