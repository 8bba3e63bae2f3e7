import { describe, expect, it } from 'vitest';
import { FailureThrottle } from './throttle';

const opts = { free: 3, baseMs: 1000, maxMs: 8000, forgetAfterMs: 60_000 };

describe('FailureThrottle', () => {
  it('lets the first failures pass, then doubles the wait up to the ceiling', () => {
    const t = new FailureThrottle(opts);
    const waits = [1, 2, 3, 4, 5, 6, 7, 8].map(() => t.fail('clerk1', 0).waitMs);
    expect(waits).toEqual([0, 0, 0, 1000, 2000, 4000, 8000, 8000]);
    expect(t.retryInMs('clerk1', 0)).toBe(8000);
    expect(t.retryInMs('clerk1', 8000)).toBe(0);
  });

  it('is per key: another account is not slowed down; a success clears the key', () => {
    const t = new FailureThrottle(opts);
    for (let i = 0; i < 5; i++) t.fail('clerk1', 0);
    expect(t.retryInMs('clerk1', 0)).toBeGreaterThan(0);
    expect(t.retryInMs('clerk2', 0)).toBe(0);
    t.succeed('clerk1');
    expect(t.retryInMs('clerk1', 0)).toBe(0);
    expect(t.failures('clerk1')).toBe(0);
  });

  it('forgets a key after a quiet spell, and keeps at most maxKeys keys', () => {
    const t = new FailureThrottle({ ...opts, maxKeys: 2 });
    for (let i = 0; i < 5; i++) t.fail('a', 0);
    expect(t.fail('a', 61_000 + 1).failures).toBe(1);
    t.fail('b', 70_000);
    t.fail('c', 70_000);
    expect(t.failures('a')).toBe(0);
    expect(t.failures('b')).toBe(1);
    expect(t.failures('c')).toBe(1);
  });
});
