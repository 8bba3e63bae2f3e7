/**
 * Mergeable distributions of durations (seconds): a count, sum and maximum plus a fixed-bin
 * histogram, so a year of per-day summaries merges by adding arrays and still answers p50/p90
 * within one bin width. While the raw samples are at hand (a live "today" report) they are
 * kept too, and quantiles are exact; merging with a stored day drops them.
 *
 * Bins use the "at most" convention: bin i holds values v with EDGE[i-1] < v ≤ EDGE[i], so
 * "how many waited at most T" is exact whenever T is a bin edge (every whole minute up to
 * 3 h, every 5 minutes up to 24 h), which covers any service's target wait.
 */

/** Upper edges in seconds: 0, 15 s steps to 30 min, 1 min steps to 3 h, 5 min steps to 24 h, then +∞. */
export const DIST_EDGES: readonly number[] = (() => {
  const edges = [0];
  for (let s = 15; s <= 1800; s += 15) edges.push(s);
  for (let s = 1860; s <= 10_800; s += 60) edges.push(s);
  for (let s = 11_100; s <= 86_400; s += 300) edges.push(s);
  edges.push(Number.POSITIVE_INFINITY);
  return edges;
})();
export const DIST_BINS = DIST_EDGES.length;

/** Index of the bin holding `sec` (closed form of a search over DIST_EDGES). */
export function binOf(sec: number): number {
  if (!(sec > 0)) return 0;
  if (sec <= 1800) return Math.ceil(sec / 15);
  if (sec <= 10_800) return 120 + Math.ceil((sec - 1800) / 60);
  if (sec <= 86_400) return 270 + Math.ceil((sec - 10_800) / 300);
  return DIST_BINS - 1;
}

/** The stored form: `b` is a flat list of [bin, count] pairs with non-zero counts, by bin. */
export interface SparseDist {
  n: number;
  sum: number;
  max: number;
  b: number[];
}

/** The working form while building or merging. */
export class Dist {
  n = 0;
  sum = 0;
  max = 0;
  readonly counts = new Float64Array(DIST_BINS);
  /** Raw samples, while every sample added so far is known; null once a stored day is merged in. */
  values: number[] | null = [];

  add(sec: number): void {
    const v = Math.max(0, sec);
    this.n++;
    this.sum += v;
    if (v > this.max) this.max = v;
    const bin = binOf(v);
    this.counts[bin] = (this.counts[bin] ?? 0) + 1;
    this.values?.push(v);
  }

  addSparse(d: SparseDist): void {
    if (d.n === 0) return;
    this.n += d.n;
    this.sum += d.sum;
    if (d.max > this.max) this.max = d.max;
    for (let i = 0; i + 1 < d.b.length; i += 2) {
      const bin = d.b[i] as number;
      this.counts[bin] = (this.counts[bin] ?? 0) + (d.b[i + 1] as number);
    }
    this.values = null;
  }

  merge(other: Dist): void {
    this.n += other.n;
    this.sum += other.sum;
    if (other.max > this.max) this.max = other.max;
    for (let i = 0; i < DIST_BINS; i++) this.counts[i] = (this.counts[i] ?? 0) + (other.counts[i] ?? 0);
    this.values = this.values && other.values ? this.values.concat(other.values) : null;
  }

  mean(): number | null {
    return this.n === 0 ? null : this.sum / this.n;
  }

  /**
   * Nearest-rank quantile: the smallest sample x with at least ⌈p·n⌉ samples ≤ x. From the
   * histogram: the upper edge of the bin holding that rank, capped at the maximum, so the
   * answer is never below the exact one and at most one bin width above it.
   */
  quantile(p: number): number | null {
    if (this.n === 0) return null;
    const rank = Math.max(1, Math.ceil(p * this.n));
    if (this.values) return [...this.values].sort((a, b) => a - b)[rank - 1] ?? null;
    let seen = 0;
    for (let i = 0; i < DIST_BINS; i++) {
      seen += this.counts[i] ?? 0;
      if (seen >= rank) return Math.min(DIST_EDGES[i] as number, this.max);
    }
    return this.max;
  }

  /** How many samples are ≤ `limitSec` (exact for raw samples and for a bin edge). */
  atMost(limitSec: number): number {
    if (this.values) return this.values.filter((v) => v <= limitSec).length;
    let total = 0;
    for (let i = 0; i < DIST_BINS && (DIST_EDGES[i] as number) <= limitSec; i++) total += this.counts[i] ?? 0;
    return total;
  }

  toSparse(): SparseDist {
    const b: number[] = [];
    for (let i = 0; i < DIST_BINS; i++) if (this.counts[i]) b.push(i, this.counts[i] as number);
    return { n: this.n, sum: round3(this.sum), max: round3(this.max), b };
  }

  static fromSparse(d: SparseDist): Dist {
    const dist = new Dist();
    dist.addSparse(d);
    return dist;
  }
}

/** Millisecond precision is all the tickets have; rounding keeps the stored JSON short. */
export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * Whole-minute histograms for the per-quarter-hour slots (staffing): minute m holds waits in
 * (m-1, m] minutes, so "within T minutes" is the sum of minutes 0..T. Capped at 10 h.
 */
export const MINUTE_CAP = 600;

export function minuteOf(sec: number): number {
  return Math.min(MINUTE_CAP, Math.max(0, Math.ceil(sec / 60)));
}

export class MinuteHist {
  readonly counts = new Map<number, number>();

  add(sec: number): void {
    const m = minuteOf(sec);
    this.counts.set(m, (this.counts.get(m) ?? 0) + 1);
  }

  addFlat(flat: readonly number[]): void {
    for (let i = 0; i + 1 < flat.length; i += 2)
      this.counts.set(flat[i] as number, (this.counts.get(flat[i] as number) ?? 0) + (flat[i + 1] as number));
  }

  toFlat(): number[] {
    const out: number[] = [];
    for (const m of [...this.counts.keys()].sort((a, b) => a - b)) out.push(m, this.counts.get(m) as number);
    return out;
  }
}

/** Sum of a flat minute histogram's counts at most / above `minutes`. */
export function flatAtMost(flat: readonly number[], minutes: number): number {
  let total = 0;
  for (let i = 0; i + 1 < flat.length; i += 2) if ((flat[i] as number) <= minutes) total += flat[i + 1] as number;
  return total;
}

export function flatTotal(flat: readonly number[]): number {
  let total = 0;
  for (let i = 1; i < flat.length; i += 2) total += flat[i] as number;
  return total;
}
