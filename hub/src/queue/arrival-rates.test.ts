import { describe, expect, it } from 'vitest';
import { ArrivalRates } from './arrival-rates';

const MIN = 60_000;

describe('ArrivalRates', () => {
  it('counts arrivals of the given classes in the last window, per service', () => {
    const r = new ArrivalRates(30 * MIN);
    for (let m = 0; m < 60; m += 2) r.record('A', 'priority', m * MIN); // one every 2 minutes
    r.record('A', 'return', 59 * MIN);
    r.record('B', 'priority', 59 * MIN);
    // Window (30, 60]: minutes 32 … 58 → 14 priority arrivals, + 1 return.
    expect(r.ratePerMs('A', ['priority'], 60 * MIN, 0) * 30 * MIN).toBeCloseTo(14);
    expect(r.ratePerMs('A', ['priority', 'return'], 60 * MIN, 0) * 30 * MIN).toBeCloseTo(15);
    expect(r.ratePerMs('A', ['normal'], 60 * MIN, 0)).toBe(0);
    expect(r.ratePerMs('B', ['priority'], 60 * MIN, 0) * 30 * MIN).toBeCloseTo(1);
  });

  it('uses a shorter window early in the day, but never under 10 minutes', () => {
    const r = new ArrivalRates(30 * MIN);
    r.record('A', 'priority', 1 * MIN);
    r.record('A', 'priority', 2 * MIN);
    expect(r.ratePerMs('A', ['priority'], 3 * MIN, 0)).toBeCloseTo(2 / (10 * MIN));
    expect(r.ratePerMs('A', ['priority'], 20 * MIN, 0)).toBeCloseTo(2 / (20 * MIN));
  });

  it('keeps out-of-order arrivals in place and stays small over a long day', () => {
    const r = new ArrivalRates(30 * MIN);
    r.record('A', 'normal', 10 * MIN);
    r.record('A', 'normal', 5 * MIN);
    expect(r.ratePerMs('A', ['normal'], 7 * MIN, 0) * 10 * MIN).toBeCloseTo(1);
    for (let s = 0; s < 20_000; s++) r.record('A', 'normal', 10 * MIN + s * 1000);
    // One arrival a second: the last 30 minutes hold 1,800.
    expect(r.ratePerMs('A', ['normal'], 10 * MIN + 19_999 * 1000, 0) * 30 * MIN).toBeCloseTo(1800, -1);
    expect((r as unknown as { times: Map<string, number[]> }).times.get('A\u0000normal')?.length).toBeLessThan(2100);
  });
});

describe('ArrivalRates windows', () => {
  it('looks back 30 minutes unless told otherwise', () => {
    const r = new ArrivalRates();
    r.record('A', 'priority', 29 * MIN);
    r.record('A', 'priority', 45 * MIN);
    expect(r.ratePerMs('A', ['priority'], 60 * MIN, 0) * 30 * MIN).toBeCloseTo(1);
  });

  it('measures "early in the day" from when recording started, not from time zero', () => {
    const r = new ArrivalRates(30 * MIN);
    const opening = 8 * 60 * MIN;
    for (const m of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]) r.record('A', 'normal', opening + m * MIN);
    // 12 minutes after opening: the window is those 12 minutes.
    expect(r.ratePerMs('A', ['normal'], opening + 12 * MIN, opening)).toBeCloseTo(12 / (12 * MIN));
  });

  it('counts an arrival at the same instant as the one before it', () => {
    const r = new ArrivalRates(30 * MIN);
    r.record('A', 'normal', 5 * MIN);
    r.record('A', 'normal', 5 * MIN);
    r.record('A', 'normal', 4 * MIN);
    expect(r.ratePerMs('A', ['normal'], 5 * MIN, 0) * 10 * MIN).toBeCloseTo(3);
    expect(r.ratePerMs('A', ['normal'], 5 * MIN - 1, 0) * 10 * MIN).toBeCloseTo(1);
  });
});
