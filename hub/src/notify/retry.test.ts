import { describe, expect, it } from 'vitest';
import { givesUp, retryDelay } from './retry';

const policy = { maxAttempts: 4, firstMs: 1000, maxMs: 5000 };

describe('retry policy', () => {
  it('doubles the wait up to the bound', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelay(policy, n, 0.5))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it('jitters within ±10 %', () => {
    expect(retryDelay(policy, 1, 0)).toBe(900);
    expect(retryDelay(policy, 1, 0.999)).toBeLessThanOrEqual(1100);
  });

  it('gives up after the last attempt, or at once when retrying cannot help', () => {
    expect(givesUp(policy, 3, false)).toBe(false);
    expect(givesUp(policy, 4, false)).toBe(true);
    expect(givesUp(policy, 1, true)).toBe(true);
  });
});
