import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LinkWatch } from './link';

describe('LinkWatch', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('marks the link lost only after 5 s without the broker', () => {
    const changes: boolean[] = [];
    const w = new LinkWatch((lost) => changes.push(lost), 5000);
    w.update(true);
    w.update(false);
    vi.advanceTimersByTime(4999);
    expect(w.lost).toBe(false);
    vi.advanceTimersByTime(1);
    expect(w.lost).toBe(true);
    w.update(true);
    expect(w.lost).toBe(false);
    expect(changes).toEqual([true, false]);
  });

  it('does not flicker for a blip shorter than the grace period', () => {
    const changes: boolean[] = [];
    const w = new LinkWatch((lost) => changes.push(lost), 5000);
    w.update(true);
    for (let i = 0; i < 5; i++) {
      w.update(false);
      vi.advanceTimersByTime(3000);
      w.update(true);
    }
    vi.advanceTimersByTime(60_000);
    expect(changes).toEqual([]);
  });

  it('marks a screen that never reaches the broker', () => {
    const w = new LinkWatch(() => {}, 5000);
    vi.advanceTimersByTime(5000);
    expect(w.lost).toBe(true);
  });

  it('stops its timer', () => {
    const changes: boolean[] = [];
    const w = new LinkWatch((lost) => changes.push(lost), 5000);
    w.stop();
    vi.advanceTimersByTime(10_000);
    expect(changes).toEqual([]);
  });
});
