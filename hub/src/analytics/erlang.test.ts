/**
 * Erlang C against published values (to 0.001).
 *
 * 1. The call-centre textbook example (Call Centre Helper, "Erlang C formula – made simple with
 *    an easy worked example"; the same figures are printed in the README of the R package
 *    `ErlangC` and of the Python package `pyworkforce`): 100 calls per 30 minutes, average
 *    handling time 180 s, target 80 % answered within 20 s.
 *      traffic A = 200 calls/h × 0.05 h = 10 Erlangs
 *      11 agents: probability of waiting 0.6821182
 *      14 agents: probability of waiting 0.1741319, service level 0.88835,
 *                 average speed of answer 7.8359 s, occupancy 0.7142857
 *      agents needed for 80 % in 20 s: 14
 * 2. ErlangC[3, 2] (the M/M/c example of Mathematica's documentation), by hand:
 *      numerator   A^N/N! · N/(N−A) = 8/6 · 3/1 = 4
 *      denominator Σ_{k<3} A^k/k! + 4 = 1 + 2 + 2 + 4 = 9     → 4/9 = 0.4444
 */
import { describe, expect, it } from 'vitest';
import { erlangAgentsFor, erlangAsa, erlangC, erlangServiceLevel } from './erlang';

const A = (100 / 1800) * 180; // arrivals per second × seconds per call = 10 Erlangs

describe('Erlang C', () => {
  it('matches the published worked example (A = 10 Erlangs, AHT 180 s, 20 s target)', () => {
    expect(A).toBeCloseTo(10, 12);
    expect(Math.abs(erlangC(A, 11) - 0.6821182)).toBeLessThan(0.001);
    expect(Math.abs(erlangC(A, 14) - 0.1741319)).toBeLessThan(0.001);
    expect(Math.abs(erlangServiceLevel(A, 14, 20, 180) - 0.88835)).toBeLessThan(0.001);
    expect(Math.abs((erlangAsa(A, 14, 180) as number) - 7.8359)).toBeLessThan(0.001);
    expect(A / 14).toBeCloseTo(0.7142857, 6);
    expect(erlangAgentsFor(A, 180, 20, 0.8)).toBe(14);
  });

  it('matches ErlangC[3, 2] = 4/9 worked by hand', () => {
    expect(Math.abs(erlangC(2, 3) - 4 / 9)).toBeLessThan(0.001);
  });

  it('has the limits a queue must have', () => {
    // Without enough counters everyone waits and the line grows without end.
    expect(erlangC(10, 10)).toBe(1);
    expect(erlangServiceLevel(10, 9, 20, 180)).toBe(0);
    expect(erlangAsa(10, 10, 180)).toBeNull();
    // No traffic: nobody waits and no counter is needed.
    expect(erlangC(0, 3)).toBe(0);
    expect(erlangAgentsFor(0, 180, 20, 0.8)).toBe(0);
    // One more agent never makes things worse.
    for (let n = 11; n < 30; n++) expect(erlangC(A, n + 1)).toBeLessThan(erlangC(A, n));
  });

  it('stays finite for large sites (no factorial overflow)', () => {
    const c = erlangC(480, 500);
    expect(c).toBeGreaterThan(0);
    expect(c).toBeLessThan(1);
  });
});
