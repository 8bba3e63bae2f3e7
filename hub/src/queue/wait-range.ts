/**
 * Honest waits (docs/queue-policy.md "Waits as a range"): the wait shown to a visitor is a range
 * around the estimate, wider on the late side — a visitor forgives a wait that ends early, not one
 * that runs late — and the hub keeps the range it showed on the ticket, so the share of promises
 * kept can be published. Pure.
 *
 * The shape (factors and margins) was tuned with `npm run simulate` on the peak and hospital days:
 * at least 80% of called visitors inside the range they were shown, with ranges no wider than
 * that needs. The error of an estimate grows with it (more visits ahead, more arrivals that may
 * overtake), hence factors; a fixed margin covers short waits, where one long visit is most of it.
 */

export interface WaitRange {
  lowSec: number;
  highSec: number;
}

// Tuned over seeds 1–6 of the peak and hospital days (a grid of factors and margins): the worst
// day kept 85.4% of its promises, no day had more than 3.8% of visitors called after the high end,
// median width 7 min. A 15-minute estimate shows as 11–27 minutes.
export const RANGE_LOW_FACTOR = 0.8;
export const RANGE_LOW_MARGIN_SEC = 60;
export const RANGE_HIGH_FACTOR = 1.6;
export const RANGE_HIGH_MARGIN_SEC = 180;

/** The range to show for an estimate, in whole minutes (the low end rounded down, the high end up). */
export function waitRange(estimateSec: number): WaitRange {
  const low = Math.max(0, estimateSec * RANGE_LOW_FACTOR - RANGE_LOW_MARGIN_SEC);
  const high = estimateSec * RANGE_HIGH_FACTOR + RANGE_HIGH_MARGIN_SEC;
  return { lowSec: Math.floor(low / 60) * 60, highSec: Math.ceil(high / 60) * 60 };
}

/** Whether a visitor called after `actualSec` was called inside the range shown. */
export function keptPromise(range: WaitRange, actualSec: number): boolean {
  return actualSec >= range.lowSec && actualSec <= range.highSec;
}

export interface PromiseAccuracy {
  /** Called visitors that were shown a range. */
  called: number;
  /** Of those, called inside it. */
  inside: number;
  /** Called before the low end (early: forgiven, but still a miss of the range). */
  early: number;
  /** Called after the high end (the misses that matter). */
  late: number;
  /** inside / called, or undefined with nobody called yet. */
  share?: number;
  /** Median of highSec − lowSec over the promises counted. */
  medianWidthSec?: number;
}

/** The share of promises kept over these (range shown, actual wait) pairs. */
export function promiseAccuracy(promises: Iterable<{ range: WaitRange; actualSec: number }>): PromiseAccuracy {
  let [called, inside, early, late] = [0, 0, 0, 0];
  const widths: number[] = [];
  for (const p of promises) {
    called++;
    widths.push(p.range.highSec - p.range.lowSec);
    if (p.actualSec < p.range.lowSec) early++;
    else if (p.actualSec > p.range.highSec) late++;
    else inside++;
  }
  const acc: PromiseAccuracy = { called, inside, early, late };
  if (called > 0) {
    acc.share = inside / called;
    widths.sort((a, b) => a - b);
    acc.medianWidthSec = widths[Math.floor((widths.length - 1) / 2)] as number;
  }
  return acc;
}
