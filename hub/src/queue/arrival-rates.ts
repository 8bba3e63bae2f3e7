/**
 * Recent arrival rates per service and class, for the wait forecast: a normal ticket is
 * overtaken by priority arrivals until it is protected, and how many come depends on how fast
 * they have been arriving lately. Time is an argument; old arrivals are dropped lazily.
 */

/** How many entries of the ascending `list` are ≤ `t` (binary search: rates are read on every view). */
function countAtMost(list: readonly number[], t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class ArrivalRates {
  private readonly times = new Map<string, number[]>();

  /** @param windowMs how far back "recent" reaches. */
  constructor(private readonly windowMs = 30 * 60_000) {}

  private key(serviceId: string, classId: string): string {
    return `${serviceId}\u0000${classId}`;
  }

  record(serviceId: string, classId: string, at: number): void {
    const key = this.key(serviceId, classId);
    const list = this.times.get(key);
    if (!list) {
      this.times.set(key, [at]);
      return;
    }
    // In time order, also an arrival that comes out of order (a replayed day).
    list.splice(countAtMost(list, at), 0, at);
    // Keep memory flat through a long day: drop what fell out of the window, in batches.
    if (list.length > 256) list.splice(0, countAtMost(list, at - this.windowMs));
  }

  /**
   * Arrivals per ms of these classes in this service over the window before `now`. `since` is
   * when recording started (the day's first arrival): early in the day the window is shorter,
   * but never under 10 minutes, so the first few arrivals do not look like a flood.
   */
  ratePerMs(serviceId: string, classIds: Iterable<string>, now: number, since: number): number {
    const span = Math.max(10 * 60_000, Math.min(this.windowMs, now - since));
    let n = 0;
    for (const c of classIds) {
      const list = this.times.get(this.key(serviceId, c));
      if (list) n += countAtMost(list, now) - countAtMost(list, now - span);
    }
    return n / span;
  }

  clear(): void {
    this.times.clear();
  }
}
