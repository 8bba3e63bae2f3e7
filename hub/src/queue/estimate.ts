/** Wait estimate (ARCHITECTURE.md §3): EWMA of service times over the weighted share of open counters. */
import type { CounterServiceLink } from '../protocol';

/** Exponentially weighted moving average; alpha is the weight of the new sample. */
export function ewma(previous: number, sample: number, alpha = 0.2): number {
  return previous + alpha * (sample - previous);
}

/**
 * How many counters' worth of capacity a service gets: each open counter splits its time over
 * its services in proportion to their weights, so a counter serving A (weight 1) and B (weight 3)
 * contributes 0.25 to A and 0.75 to B. Callers pass only the counters that are open.
 */
export function effectiveServers(
  serviceId: string,
  openCounters: readonly { services: readonly CounterServiceLink[] }[],
): number {
  let servers = 0;
  for (const c of openCounters) {
    let total = 0;
    let mine = 0;
    for (const l of c.services) {
      total += l.weight;
      if (l.serviceId === serviceId) mine += l.weight;
    }
    if (total > 0) servers += mine / total;
  }
  return servers;
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
