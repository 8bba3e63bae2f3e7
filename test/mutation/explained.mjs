/**
 * Why each mutant that no test kills is equivalent (no input can tell it from the real code) or
 * harmless (it changes only a message, a speed or memory). summary.mjs writes the reason next to
 * the mutant in summary.md and counts the mutants that have none. An entry matches a surviving
 * mutant by file, line and mutator, and by `replacement` when given (a prefix of Stryker's text).
 * After a source edit moves lines, a re-run shows which entries to move with them.
 */

/** @typedef {{ file: string, line: number, mutator: string, replacement?: string, why: string }} Explained */

// Reasons shared by several mutants.
const SAME_TICKET =
  'two waiting tickets compare equal only when they are the same ticket (the order ends in the id), which a line never holds twice';
const FAST_PATH = 'a fast path: the general path below gives the same answer';

/** @type {Explained[]} */
export const EXPLAINED = [
  // ---- hub/src/queue/policy-line.ts: the indexed line (property-tested against orderLine) ----
  {
    file: 'hub/src/queue/policy-line.ts',
    line: 53,
    mutator: 'ConditionalExpression',
    why: 'every ticket kept with the time-dependent ones: scanned in full on each pick, same answers, only slower',
  },
  {
    file: 'hub/src/queue/policy-line.ts',
    line: 64,
    mutator: 'ConditionalExpression',
    why: `the append shortcut of add; ${FAST_PATH}`,
  },
  { file: 'hub/src/queue/policy-line.ts', line: 64, mutator: 'EqualityOperator', why: SAME_TICKET },
  { file: 'hub/src/queue/policy-line.ts', line: 67, mutator: 'EqualityOperator', why: SAME_TICKET },
  {
    file: 'hub/src/queue/policy-line.ts',
    line: 80,
    mutator: 'ConditionalExpression',
    why: `the tie scan of remove never steps: ${SAME_TICKET}`,
  },
  {
    file: 'hub/src/queue/policy-line.ts',
    line: 80,
    mutator: 'EqualityOperator',
    why: `the tie scan of remove never steps: ${SAME_TICKET}`,
  },
  {
    file: 'hub/src/queue/policy-line.ts',
    line: 80,
    mutator: 'UpdateOperator',
    why: `the tie scan of remove never steps: ${SAME_TICKET}`,
  },
  { file: 'hub/src/queue/policy-line.ts', line: 105, mutator: 'EqualityOperator', why: SAME_TICKET },
  {
    file: 'hub/src/queue/policy-line.ts',
    line: 119,
    mutator: 'ConditionalExpression',
    why: 'the ticket compared with itself compares equal, so it is not counted ahead of itself either way',
  },
  { file: 'hub/src/queue/policy-line.ts', line: 119, mutator: 'EqualityOperator', why: SAME_TICKET },
  {
    file: 'hub/src/queue/policy-line.ts',
    line: 133,
    mutator: 'ConditionalExpression',
    why: "differs only for an indexed ticket ranked by appointment time, i.e. one that asked for the appointment class itself, which the issuer refuses (it is given by the appointment's window)",
  },
  { file: 'hub/src/queue/policy-line.ts', line: 162, mutator: 'EqualityOperator', why: SAME_TICKET },
  { file: 'hub/src/queue/policy-line.ts', line: 163, mutator: 'EqualityOperator', why: SAME_TICKET },

  // ---- hub/src/queue/forecast.ts ----
  {
    file: 'hub/src/queue/forecast.ts',
    line: 41,
    mutator: 'ConditionalExpression',
    why: 'with no arrivals (rate 0) the overtakers’ delay multiplies nothing',
  },
  {
    file: 'hub/src/queue/forecast.ts',
    line: 41,
    mutator: 'EqualityOperator',
    why: 'the rate is never negative; at 0 the delay multiplies nothing',
  },
  {
    file: 'hub/src/queue/forecast.ts',
    line: 69,
    mutator: 'ConditionalExpression',
    why: 'with no arrivals (rate 0) the overtakers’ delay multiplies nothing',
  },
  {
    file: 'hub/src/queue/forecast.ts',
    line: 69,
    mutator: 'EqualityOperator',
    why: 'the rate is never negative; at 0 the delay multiplies nothing',
  },
];

/** The reason for one surviving mutant, or undefined. */
export function explain(s) {
  const hit = EXPLAINED.find(
    (e) =>
      e.file === s.file &&
      e.line === s.line &&
      e.mutator === s.mutator &&
      (e.replacement === undefined || s.replacement.startsWith(e.replacement)),
  );
  return hit?.why;
}
