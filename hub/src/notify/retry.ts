/** When to try a failed text again: doubling from `firstMs` up to `maxMs`, with a little jitter so retries do not bunch. */
export interface RetryPolicy {
  maxAttempts: number;
  firstMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, firstMs: 30_000, maxMs: 600_000 };

/** The wait after the `attempts`-th failed try (1-based); `random` in [0, 1). */
export function retryDelay(policy: RetryPolicy, attempts: number, random: number): number {
  const base = Math.min(policy.maxMs, policy.firstMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.9 + 0.2 * random));
}

/** Whether a text that failed its `attempts`-th try is given up. */
export function givesUp(policy: RetryPolicy, attempts: number, permanent: boolean): boolean {
  return permanent || attempts >= policy.maxAttempts;
}
