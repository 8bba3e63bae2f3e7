/**
 * What `npm run mutation` mutates, in groups (one Stryker run can be limited to a group:
 * `npm run mutation -- --group queue`), and the unit tests that judge the mutants. Only fast
 * unit tests belong here: Stryker runs the tests covering a mutant once per mutant.
 */
/**
 * @typedef {object} MutationGroup
 * @property {string[]} mutate source files to mutate (globs relative to the repository root)
 * @property {string[]} tests the unit tests of those files
 */

/** @type {Record<string, MutationGroup>} */
export const MUTATION_GROUPS = {
  queue: {
    mutate: [
      'hub/src/queue/**/*.ts',
      '!hub/src/queue/**/*.test.ts',
      // Test helpers (ticket factory, simulated day) and the re-exports.
      '!hub/src/queue/test-tickets.ts',
      '!hub/src/queue/test-day.ts',
      '!hub/src/queue/index.ts',
    ],
    tests: ['hub/src/queue/**/*.test.ts'],
  },
  identity: {
    // rooms.ts: only the name mask and what a screen shows of it (the rest are schemas).
    mutate: ['hub/src/security/identity.ts', 'hub/src/protocol/id-number.ts', 'hub/src/protocol/rooms.ts:67-85'],
    tests: ['hub/src/security/identity.test.ts', 'hub/src/protocol/rooms.test.ts'],
  },
  acl: {
    mutate: ['hub/src/broker/acl.ts'],
    tests: ['hub/src/broker/acl.test.ts'],
  },
  store: {
    mutate: ['hub/src/store/batcher.ts'],
    tests: ['hub/src/store/batcher.test.ts'],
  },
  codecs: {
    mutate: ['firmware-bridge/src/drivers/idcard-sam/codec.ts', 'firmware-bridge/src/drivers/printer-escpos/codec.ts'],
    // The frame splitter and the fault patterns judge the SAM codec through scanFrame; the status
    // bits test judges the printer's decoding bit by bit.
    tests: [
      'firmware-bridge/src/drivers/idcard-sam/codec.test.ts',
      'firmware-bridge/src/drivers/idcard-sam/parser.test.ts',
      'firmware-bridge/src/emulators/idcard-sam/faults.test.ts',
      'firmware-bridge/src/drivers/printer-escpos/codec.test.ts',
      'firmware-bridge/src/drivers/printer-escpos/status-bits.test.ts',
    ],
  },
  appointments: {
    mutate: ['hub/src/appointments/rules.ts'],
    tests: ['hub/src/appointments/rules*.test.ts'],
  },
  analytics: {
    mutate: ['hub/src/analytics/repeats.ts'],
    tests: ['hub/src/analytics/repeats*.test.ts'],
  },
  // The principals' access checks: pure functions of who is asking and what they want to do.
  // Held to the same rule as masking and numbering: no surviving mutant.
  principals: {
    mutate: ['hub/src/service/principals.ts'],
    tests: ['hub/src/service/principals*.test.ts'],
  },
};

/** Files where no mutant may survive (docs/testing.md lists the accepted exceptions elsewhere). */
export const NO_SURVIVORS = [
  'hub/src/security/identity.ts',
  'hub/src/broker/acl.ts',
  'hub/src/queue/numbering.ts',
  'hub/src/store/batcher.ts',
  'hub/src/service/principals.ts',
  // Masks visitors' names on appointment views and receipts (maskName), beside the capacity rules.
  'hub/src/appointments/rules.ts',
  // The one name mask (maskName) since screens show masked names too, and what a screen shows.
  'hub/src/protocol/rooms.ts',
];

export const MUTATION_TESTS = [...new Set(Object.values(MUTATION_GROUPS).flatMap((g) => g.tests))];
