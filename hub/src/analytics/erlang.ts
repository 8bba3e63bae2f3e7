/**
 * Erlang C (M/M/N queue: Poisson arrivals, exponential handling times, N counters, nobody
 * leaves the line). Traffic A = arrival rate × average handling time, in Erlangs.
 *
 * The probability of waiting is computed through the Erlang B recursion
 *   B(0) = 1,  B(k) = A·B(k−1) / (k + A·B(k−1)),   C = N·B(N) / (N − A·(1 − B(N)))
 * which equals the textbook ratio of sums but never forms A^N or N! (no overflow at 1 000 agents).
 */

/** Probability that an arrival has to wait; 1 when the counters cannot keep up (N ≤ A). */
export function erlangC(traffic: number, agents: number): number {
  if (traffic <= 0) return 0;
  if (agents <= traffic) return 1;
  let b = 1;
  for (let k = 1; k <= agents; k++) b = (traffic * b) / (k + traffic * b);
  return (agents * b) / (agents - traffic * (1 - b));
}

/** Share of arrivals called within `targetSec`: 1 − C·e^(−(N − A)·t / AHT). */
export function erlangServiceLevel(traffic: number, agents: number, targetSec: number, ahtSec: number): number {
  if (traffic <= 0) return 1;
  if (agents <= traffic) return 0;
  return 1 - erlangC(traffic, agents) * Math.exp((-(agents - traffic) * targetSec) / ahtSec);
}

/** Average speed of answer (mean wait) in seconds: C·AHT / (N − A); null when unstable. */
export function erlangAsa(traffic: number, agents: number, ahtSec: number): number | null {
  if (traffic <= 0) return 0;
  if (agents <= traffic) return null;
  return (erlangC(traffic, agents) * ahtSec) / (agents - traffic);
}

/** Fewest agents with a service level of at least `share` within `targetSec` (0 with no traffic). */
export function erlangAgentsFor(traffic: number, ahtSec: number, targetSec: number, share: number, maxAgents = 10_000): number {
  if (traffic <= 0) return 0;
  for (let n = Math.max(1, Math.floor(traffic) + 1); n <= maxAgents; n++)
    if (erlangServiceLevel(traffic, n, targetSec, ahtSec) >= share) return n;
  return maxAgents;
}
