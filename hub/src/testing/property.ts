/**
 * How the property tests (fast-check) run. `npm test` uses one fixed seed, so a run is
 * reproducible and never finds (or misses) a boundary by luck; fast-check prints the seed and
 * the path of a failure, and `PROPERTY_SEED=<seed>` replays it. `npm run property` runs the same
 * properties with many more cases (`PROPERTY_RUNS`, a multiplier) and a new seed each time.
 * Set globally by property-setup.ts (a vitest setup file of the unit tests); test files scale
 * their own run counts with `runs(n)`.
 */
import fc from 'fast-check';

export const PROPERTY_SEED = Number(process.env.PROPERTY_SEED ?? 20_260_302);
const FACTOR = Math.max(1, Number(process.env.PROPERTY_RUNS ?? 1));

/** fast-check parameters for a property that runs `numRuns` cases in `npm test`. */
export function runs(numRuns: number): { numRuns: number } {
  return { numRuns: Math.round(numRuns * FACTOR) };
}

export function configureProperties(): void {
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: PROPERTY_SEED });
}
