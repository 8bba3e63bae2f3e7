import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Coalescer } from './coalescer';

const INTERVAL = 100;

describe('Coalescer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-03-02T08:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A coalescer whose task records the time and the state it saw. */
  function setup() {
    const state = { value: 0 };
    const runs: { at: number; value: number }[] = [];
    const c = new Coalescer(
      INTERVAL,
      () => runs.push({ at: Date.now(), value: state.value }),
      () => Date.now(),
    );
    return { c, runs, state };
  }

  it('runs once for a single request, soon, and not again without a new request', () => {
    const { c, runs } = setup();
    c.request();
    expect(runs).toHaveLength(0); // never synchronously inside request()
    vi.advanceTimersByTime(0);
    expect(runs).toHaveLength(1);
    vi.advanceTimersByTime(10 * INTERVAL);
    expect(runs).toHaveLength(1);
  });

  it.each([
    ['all in one tick', () => 0],
    ['every 3 ms', () => 3],
    ['every 37 ms', () => 37],
    ['irregular', (i: number) => (i * 7919) % 53],
  ])('a burst of 100 requests (%s) is coalesced and the final state is always published', (_label, gap) => {
    const { c, runs, state } = setup();
    const start = Date.now();
    let lastRequestAt = start;
    for (let i = 0; i < 100; i++) {
      const g = gap(i);
      if (g > 0) vi.advanceTimersByTime(g);
      state.value = i + 1;
      lastRequestAt = Date.now();
      c.request();
    }
    vi.advanceTimersByTime(5 * INTERVAL);
    expect(runs.length).toBeGreaterThanOrEqual(1);
    // Elapsed: from the first request to the final run (which may trail the burst by an interval).
    const elapsed = (runs[runs.length - 1]?.at ?? 0) - start;
    expect(runs.length).toBeLessThanOrEqual(Math.ceil(elapsed / INTERVAL) + 1);
    if (lastRequestAt === start) expect(runs).toHaveLength(1);
    // At most once per interval.
    for (let i = 1; i < runs.length; i++) expect((runs[i]?.at ?? 0) - (runs[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(INTERVAL);
    // Once more after the last request, seeing the final state, within one interval.
    const last = runs[runs.length - 1];
    expect(last?.at).toBeGreaterThanOrEqual(lastRequestAt);
    expect(last?.at).toBeLessThanOrEqual(lastRequestAt + INTERVAL);
    expect(last?.value).toBe(100);
  });

  it('a request right after a run waits for the rest of the interval', () => {
    const { c, runs } = setup();
    c.request();
    vi.advanceTimersByTime(0);
    expect(runs).toHaveLength(1);
    vi.advanceTimersByTime(30);
    c.request();
    vi.advanceTimersByTime(INTERVAL - 31);
    expect(runs).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(runs).toHaveLength(2);
    expect((runs[1]?.at ?? 0) - (runs[0]?.at ?? 0)).toBe(INTERVAL);
  });

  it('a request from inside the task is honoured one interval later', () => {
    let count = 0;
    const c: Coalescer = new Coalescer(
      INTERVAL,
      () => {
        count++;
        if (count === 1) c.request();
      },
      () => Date.now(),
    );
    c.request();
    vi.advanceTimersByTime(0);
    expect(count).toBe(1);
    vi.advanceTimersByTime(INTERVAL - 1);
    expect(count).toBe(1);
    vi.advanceTimersByTime(1);
    expect(count).toBe(2);
  });

  it('flush() runs a pending request immediately, and only once', () => {
    const { c, runs, state } = setup();
    c.request();
    vi.advanceTimersByTime(0);
    state.value = 7;
    c.request(); // waits for the interval
    expect(runs).toHaveLength(1);
    c.flush();
    expect(runs).toHaveLength(2);
    expect(runs[1]?.value).toBe(7);
    vi.advanceTimersByTime(10 * INTERVAL);
    expect(runs).toHaveLength(2);
  });

  it('after flush() the next run still waits a full interval, however many requests were pending', () => {
    const { c, runs } = setup();
    c.request();
    vi.advanceTimersByTime(0);
    vi.advanceTimersByTime(10);
    for (let i = 0; i < 5; i++) c.request();
    vi.advanceTimersByTime(40);
    c.flush();
    expect(runs).toHaveLength(2);
    vi.advanceTimersByTime(10);
    c.request();
    vi.advanceTimersByTime(3 * INTERVAL);
    expect(runs).toHaveLength(3);
    // flush() itself may run early (shutdown); the run after it respects the interval.
    expect((runs[2]?.at ?? 0) - (runs[1]?.at ?? 0)).toBe(INTERVAL);
  });

  it('flush() does nothing when nothing is pending', () => {
    const { c, runs } = setup();
    c.flush();
    expect(runs).toHaveLength(0);
    c.request();
    vi.advanceTimersByTime(0);
    c.flush();
    expect(runs).toHaveLength(1);
  });

  it('stop() cancels a pending run; a later request works again', () => {
    const { c, runs } = setup();
    c.request();
    vi.advanceTimersByTime(0);
    c.request();
    c.stop();
    vi.advanceTimersByTime(10 * INTERVAL);
    expect(runs).toHaveLength(1);
    c.flush(); // nothing pending after stop
    expect(runs).toHaveLength(1);
    c.request();
    vi.advanceTimersByTime(INTERVAL);
    expect(runs).toHaveLength(2);
  });
});
