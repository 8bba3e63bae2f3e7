import { describe, expect, it } from 'vitest';
import { moveUp, routeProblem } from './route-messages';

describe('the desk’s route editor', () => {
  it('moves a stop one place earlier; the first stays first', () => {
    expect(moveUp(['B', 'C', 'D'], 2)).toEqual(['B', 'D', 'C']);
    expect(moveUp(['B', 'C'], 0)).toEqual(['B', 'C']);
  });
  it('finds a service twice in a row, the current one included, as the hub would refuse it', () => {
    expect(routeProblem('A', ['B', 'C'])).toBeNull();
    expect(routeProblem('A', ['A', 'C'])).toBe(0);
    expect(routeProblem('A', ['B', 'B'])).toBe(1);
    expect(routeProblem('A', ['B', 'A', 'B'])).toBeNull();
  });
});
