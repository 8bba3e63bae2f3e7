import { describe, expect, it } from 'vitest';
import { keptPromise, promiseAccuracy, waitRange } from './wait-range';

describe('wait ranges', () => {
  it('shows a 15-minute estimate as 11–27 minutes: wider on the late side, whole minutes', () => {
    expect(waitRange(15 * 60)).toEqual({ lowSec: 11 * 60, highSec: 27 * 60 });
    expect(waitRange(0)).toEqual({ lowSec: 0, highSec: 3 * 60 });
    const r = waitRange(40 * 60);
    expect(40 * 60 - r.lowSec).toBeLessThan(r.highSec - 40 * 60);
  });

  it('a promise is kept when the call comes inside the range, ends included', () => {
    const r = { lowSec: 600, highSec: 1200 };
    expect([599, 600, 1200, 1201].map((a) => keptPromise(r, a))).toEqual([false, true, true, false]);
  });

  it('counts kept, early and late promises and the median width', () => {
    const r = (lowSec: number, highSec: number) => ({ lowSec, highSec });
    const acc = promiseAccuracy([
      { range: r(0, 300), actualSec: 100 },
      { range: r(600, 1200), actualSec: 500 },
      { range: r(600, 1500), actualSec: 1600 },
      { range: r(60, 600), actualSec: 600 },
    ]);
    expect(acc).toEqual({ called: 4, inside: 2, early: 1, late: 1, share: 0.5, medianWidthSec: 540 });
    expect(promiseAccuracy([])).toEqual({ called: 0, inside: 0, early: 0, late: 0 });
  });

  it('a call at the very low end is inside; one promise is its own median', () => {
    expect(promiseAccuracy([{ range: { lowSec: 600, highSec: 1200 }, actualSec: 600 }])).toEqual({
      called: 1,
      inside: 1,
      early: 0,
      late: 0,
      share: 1,
      medianWidthSec: 600,
    });
  });
});
