import { describe, expect, it } from 'vitest';
import { ReaderHealth } from './health';

describe('card reader health', () => {
  it('is degraded after 3 broken cycles in a row, and healthy after a window of clean exchanges', () => {
    const h = new ReaderHealth();
    expect(h.cycle(true)).toBe(false);
    expect(h.cycle(true)).toBe(false);
    expect(h.cycle(true)).toBe(true);
    expect(h.degraded).toBe(true);
    // Clean exchanges do not make it healthy while the cycles still fail.
    for (let i = 0; i < 25; i++) h.exchange(true);
    expect(h.degraded).toBe(true);
    h.cycle(false);
    let changes = 0;
    for (let i = 0; i < 20; i++) if (h.exchange(true)) changes++;
    expect(changes).toBe(1);
    expect(h.degraded).toBe(false);
  });

  it('a broken cycle between good ones starts the count again', () => {
    const h = new ReaderHealth();
    h.cycle(true);
    h.cycle(true);
    h.cycle(false);
    h.cycle(true);
    h.cycle(true);
    expect(h.degraded).toBe(false);
  });

  it('is degraded when 5 of the last 20 exchanges broke, even if every cycle got through on retries', () => {
    const h = new ReaderHealth();
    const changed = [true, false, true, false, true, false, true, false, true].map((ok) => h.exchange(!ok));
    expect(changed.lastIndexOf(true)).toBe(8); // the fifth failure
    expect(h.degraded).toBe(true);
    // One failure in every 2 never lets it recover.
    for (let i = 0; i < 40; i++) h.exchange(i % 2 === 0);
    expect(h.degraded).toBe(true);
  });
});
