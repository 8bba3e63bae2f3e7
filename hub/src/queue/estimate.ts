/** Wait estimate (ARCHITECTURE.md §3): EWMA of service times over the weighted share of open counters. */
import type { CounterServiceLink, Ticket } from '../protocol';

/** Exponentially weighted moving average; alpha is the weight of the new sample. */
export function ewma(previous: number, sample: number, alpha = 0.2): number {
  return previous + alpha * (sample - previous);
}

/**
 * Seconds until the visitor is likely called. With no open counter (servers 0) we assume one:
 * a visitor should see a finite figure (the board shows "0 open counters" separately), and
 * dividing by zero would give Infinity, which JSON cannot carry. Fractional shares below one are
 * NOT rounded up: a counter giving a service a quarter of its time makes that queue 4× slower.
 */
export function estimateWaitSec(p: { ahead: number; avgServiceSec: number; servers: number }): number {
  const servers = p.servers > 0 ? p.servers : 1;
  return Math.round((p.ahead * p.avgServiceSec) / servers);
}

/**
 * The wait shown to a visitor with `ahead` tickets before them under the policy. They are
 * called at the (ahead + 1)-th time a counter serving their service frees up — or the ahead-th
 * if such a counter is idle right now — and counters free up at `servers / avgServiceSec` per
 * second (exact in expectation for exponential visit lengths, close for others). Later arrivals
 * of higher classes may still overtake; the estimate does not guess them (docs/queue-policy.md).
 */
export function estimateWait(p: { ahead: number; avgServiceSec: number; servers: number; idle: boolean }): number {
  return estimateWaitSec({ ahead: p.idle ? p.ahead : p.ahead + 1, avgServiceSec: p.avgServiceSec, servers: p.servers });
}

/**
 * Smoothing of the per-service moving average of visit lengths. Visit lengths vary a lot (a
 * coefficient of variation around 0.6 is common), and the average's own noise is about
 * CV·√(α/(2−α)): 20% at α = 0.2, 10% at α = 0.05, which still follows a drift within ~20
 * visits. The simulation (`npm run simulate`) showed α = 0.05 giving the lowest estimate error.
 */
export const SERVICE_TIME_ALPHA = 0.05;

/**
 * The wait to promise a waiting ticket, looking ahead rather than counting heads once:
 * - tickets already waiting that will be ahead of it by the time it is called (lower-class
 *   tickets that arrived earlier become protected and move up): `aheadAt(ms)` recounts the
 *   current line `ms` later, and never fewer than are ahead now;
 * - later arrivals of higher classes, at `overtakeRatePerMs`, while the ticket can still be
 *   overtaken (`overtakableForMs`). If it will be protected before its call, arrivals that
 *   cannot reach the front before then do not count: a newcomer first waits `overtakerDelayMs`
 *   (behind the protected tickets).
 * One first-order step from the plain head count: feeding the corrected wait back in again
 * would compound the noise of a short-window arrival rate (the correction is convex in it) and
 * overshoot — the simulation showed a +10–25% bias that way, none with one step.
 */
export function forecastWaitSec(p: {
  aheadAt: (laterMs: number) => number;
  overtakeRatePerMs: number;
  overtakableForMs: number;
  overtakerDelayMs: number;
  avgServiceSec: number;
  servers: number;
  idle: boolean;
}): number {
  const speed = { avgServiceSec: p.avgServiceSec, servers: p.servers };
  const aheadNow = p.aheadAt(0);
  const plain = estimateWait({ ahead: aheadNow, ...speed, idle: p.idle });
  const ms = plain * 1000;
  const window = ms <= p.overtakableForMs ? ms : Math.max(0, p.overtakableForMs - p.overtakerDelayMs);
  const ahead = Math.max(aheadNow, p.aheadAt(ms)) + p.overtakeRatePerMs * window;
  return estimateWait({ ahead, ...speed, idle: p.idle && ahead < 1 });
}

export interface CounterCapacity {
  services: readonly CounterServiceLink[];
  /** The signed-in clerk's skills, when known: a counter never calls outside them. */
  skills?: ReadonlySet<string>;
}

/**
 * How many counters' worth of capacity a service gets: each open counter's time is split, by
 * weight, only among the services it may call that have visitors waiting (plus this one): the round-robin skips an empty line, so a counter
 * serving A (weight 2) and B (weight 1) gives A all its time while nobody waits for B.
 * Pass only open counters.
 */
export function servingCapacity(
  serviceId: string,
  openCounters: readonly CounterCapacity[],
  hasWaiting: (serviceId: string) => boolean,
): number {
  let servers = 0;
  for (const c of openCounters) {
    let total = 0;
    let mine = 0;
    for (const l of c.services) {
      if (c.skills !== undefined && !c.skills.has(l.serviceId)) continue;
      if (l.serviceId === serviceId) mine += l.weight;
      else if (!hasWaiting(l.serviceId)) continue;
      total += l.weight;
    }
    if (total > 0) servers += mine / total;
  }
  return servers;
}

/**
 * Seconds of counter time one visit took, as a sample for the service's moving average: from
 * its first call (after any re-queue) to its release (finished, no-show, transferred, cancelled).
 * Walking to the counter and waiting out a no-show take counter time too, and the estimate is
 * about how fast a line moves. Undefined when there is nothing sensible to learn (never called,
 * or a counter left open overnight).
 */
export function occupancySec(t: Ticket, releasedAt: number): number | undefined {
  // A ticket is called once each time it joins the line (a recall is `recalled`); a re-queue
  // starts over.
  let calledAt: number | undefined;
  for (const e of t.events) {
    if (e.type === 'requeued') calledAt = undefined;
    else if (e.type === 'called') calledAt = e.at;
  }
  // Not called since it joined: 0 s, nothing to learn.
  const sample = (releasedAt - (calledAt ?? releasedAt)) / 1000;
  return sample > 0 && sample <= 4 * 3600 ? sample : undefined;
}
