// The vitest configuration Stryker runs for the mutants: only the unit tests of the mutated
// modules (modules.mjs), nothing that starts a hub or opens a port. Not used by `npm test`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { MUTATION_TESTS } from './modules.mjs';

export default defineConfig({
  root: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..'),
  test: {
    include: MUTATION_TESTS,
    environment: 'node',
    // The property tests run under Stryker's coverage instrumentation on a loaded machine.
    testTimeout: 60_000,
    setupFiles: ['hub/src/testing/property-setup.ts'],
  },
});
