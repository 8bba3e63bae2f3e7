import { describe, expect, it } from 'vitest';
import type { CounterServiceLink } from '../protocol';
import { NEW_ROTATION, nextService, type Rotation } from './rotation';

const counter2: CounterServiceLink[] = [
  { serviceId: 'A', weight: 2 },
  { serviceId: 'B', weight: 1 },
];

/** Runs `n` choices with the given waiting predicate, threading the rotation through. */
function run(links: CounterServiceLink[], n: number, hasWaiting: (id: string, i: number) => boolean, allowed?: Set<string>) {
  let rotation: Rotation = NEW_ROTATION;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const next = nextService(links, rotation, (id) => hasWaiting(id, i), allowed);
    if (!next) {
      out.push('-');
      continue;
    }
    out.push(next.serviceId);
    rotation = next.rotation;
  }
  return out.join('');
}

describe('weighted round-robin', () => {
  it('calls A, A, B while both lines are long (demo counter 2)', () => {
    expect(run(counter2, 9, () => true)).toBe('AABAABAAB');
  });

  it('skips an empty line without making the other wait', () => {
    expect(run(counter2, 5, (id) => id === 'A')).toBe('AAAAA');
    expect(run(counter2, 4, (id) => id === 'B')).toBe('BBBB');
    expect(run(counter2, 3, () => false)).toBe('---');
  });

  it('gives a line that fills up mid-round its turn in that round', () => {
    // B is empty for the first three calls: A, A, (new round) A; then B has visitors and gets
    // the B turn of the current round after A's second call.
    expect(run(counter2, 6, (id, i) => id === 'A' || i >= 3)).toBe('AAAABA');
  });

  it('follows the configured order and larger weights', () => {
    const links: CounterServiceLink[] = [
      { serviceId: 'C', weight: 1 },
      { serviceId: 'B', weight: 3 },
    ];
    expect(run(links, 8, () => true)).toBe('CBBBCBBB');
  });

  it('calls only the services the clerk may call', () => {
    expect(run(counter2, 4, () => true, new Set(['B']))).toBe('BBBB');
    expect(run(counter2, 2, () => true, new Set(['C']))).toBe('--');
  });

  it('never mutates the rotation it is given', () => {
    const before: Rotation = { used: { A: 1 } };
    const frozen = Object.freeze({ used: Object.freeze({ ...before.used }) });
    const next = nextService(counter2, frozen, () => true);
    expect(next?.serviceId).toBe('A');
    expect(next?.rotation.used).toEqual({ A: 2 });
    expect(frozen.used).toEqual({ A: 1 });
  });
});
