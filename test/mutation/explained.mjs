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
const APPOINTMENT_CLASS_ASKED =
  'differs only for a ticket whose own class is the appointment class; the issuer refuses to give that class (an appointment inside its window does)';
const STALE =
  'dropping other identities’ entries over 7 days old on the way only frees memory: no window or histogram bin reaches that far';

/** @type {Explained[]} */
export const EXPLAINED = [
  // ---- hub/src/queue/policy-line.ts: the indexed line (property-tested against orderLine) ----
  {
    file: 'hub/src/queue/policy-line.ts',
    line: 95,
    mutator: 'ConditionalExpression',
    why: '`held` holds every ticket with a callback time; with none, `heldUntilLater` is false anyway: a fast path',
  },
  {
    file: 'hub/src/queue/policy-line.ts',
    line: 95,
    mutator: 'EqualityOperator',
    why: '`held` holds every ticket with a callback time; with none, `heldUntilLater` is false anyway: a fast path',
  },
  {
    file: 'hub/src/queue/policy-line.ts',
    line: 105,
    mutator: 'ConditionalExpression',
    why: '`held` then also holds tickets without a callback time, for which `heldUntilLater` is false: only the fast paths that test `held.size` are skipped',
  },
  {
    file: 'hub/src/queue/policy-line.ts',
    line: 106,
    mutator: 'ConditionalExpression',
    why: 'every ticket then goes to `special`, whose general path (standings compared one by one, the ratio counts over `special`) gives the answers of the class index, only slower',
  },
  {
    file: 'hub/src/queue/policy-line.ts',
    line: 117,
    mutator: 'ConditionalExpression',
    why: 'appending is a fast path: the splice at the binary-search point puts the ticket at the same place',
  },
  {
    file: 'hub/src/queue/policy-line.ts',
    line: 117,
    mutator: 'EqualityOperator',
    why: 'appending is a fast path: the splice at the binary-search point puts the ticket at the same place',
  },
  {
    file: 'hub/src/queue/policy-line.ts',
    line: 120,
    mutator: 'EqualityOperator',
    why: `the ticket being added is not in its bucket yet: ${SAME_TICKET}`,
  },
  {
    file: 'hub/src/queue/policy-line.ts',
    line: 133,
    mutator: 'ConditionalExpression',
    why: `the tie scan of remove never steps: ${SAME_TICKET}`,
  },
  {
    file: 'hub/src/queue/policy-line.ts',
    line: 133,
    mutator: 'EqualityOperator',
    why: `the tie scan of remove never steps: ${SAME_TICKET}`,
  },
  {
    file: 'hub/src/queue/policy-line.ts',
    line: 133,
    mutator: 'UpdateOperator',
    why: `the tie scan of remove never steps: ${SAME_TICKET}`,
  },
  {
    file: 'hub/src/queue/policy-line.ts',
    line: 164,
    mutator: 'EqualityOperator',
    why: `the best of distinct candidates: ${SAME_TICKET}`,
  },
  {
    file: 'hub/src/queue/policy-line.ts',
    line: 186,
    mutator: 'ConditionalExpression',
    why: 'the ratio pick runs only when the best candidate is an unprotected ticket of a ratio class, so every candidate is unprotected; one of a class outside the ratio is stored under its own class, which the turn never names (config/setup.ts: switches reweigh the same classes as the shares)',
  },
  {
    file: 'hub/src/queue/policy-line.ts',
    line: 188,
    mutator: 'EqualityOperator',
    replacement: 'compareStandings(t, s, held.t, held.s) <= 0',
    why: `the head of a class among distinct tickets: ${SAME_TICKET}`,
  },
  {
    file: 'hub/src/queue/policy-line.ts',
    line: 201,
    mutator: 'ConditionalExpression',
    why: '`heads.get(undefined)` is undefined too',
  },
  {
    file: 'hub/src/queue/policy-line.ts',
    line: 201,
    mutator: 'OptionalChaining',
    why: '`nextRatioClass` names only a class for which `heads.has` is true (the predicate it is given)',
  },
  {
    file: 'hub/src/queue/policy-line.ts',
    line: 206,
    mutator: 'ConditionalExpression',
    why: `${FAST_PATH}: with nobody awaiting arrival or held for a callback, the first ticket of the bucket is its first callable one`,
  },
  {
    file: 'hub/src/queue/policy-line.ts',
    line: 230,
    mutator: 'EqualityOperator',
    why: `the picked ticket is never one awaiting arrival: ${SAME_TICKET}`,
  },
  {
    file: 'hub/src/queue/policy-line.ts',
    line: 242,
    mutator: 'ConditionalExpression',
    why: `a ticket compares equal to itself (0, never before itself), so leaving it in the loop counts nothing: ${SAME_TICKET}`,
  },
  {
    file: 'hub/src/queue/policy-line.ts',
    line: 242,
    mutator: 'EqualityOperator',
    why: `the ticket itself is skipped (x.id !== t.id): ${SAME_TICKET}`,
  },
  {
    file: 'hub/src/queue/policy-line.ts',
    line: 268,
    mutator: 'ConditionalExpression',
    why: `a ticket compares equal to itself (0, never before itself), so leaving it in the loop counts nothing: ${SAME_TICKET}`,
  },
  {
    file: 'hub/src/queue/policy-line.ts',
    line: 269,
    mutator: 'EqualityOperator',
    why: `the ticket itself is skipped above: ${SAME_TICKET}`,
  },
  {
    file: 'hub/src/queue/policy-line.ts',
    line: 270,
    mutator: 'EqualityOperator',
    why: `the ticket itself is skipped above: ${SAME_TICKET}`,
  },
  {
    file: 'hub/src/queue/policy-line.ts',
    line: 292,
    mutator: 'ConditionalExpression',
    why: 'the turn always finds a class there: `own` keeps at least one ticket in `total` (the ticket itself, counted in `total` and not in `before`), and every share list names `own` (switches reweigh the same classes)',
  },
  {
    file: 'hub/src/queue/policy-line.ts',
    line: 322,
    mutator: 'EqualityOperator',
    why: `bucket heads and the best so far are distinct tickets: ${SAME_TICKET}`,
  },
  {
    file: 'hub/src/queue/policy-line.ts',
    line: 323,
    mutator: 'EqualityOperator',
    why: `a time-dependent ticket is in no bucket: ${SAME_TICKET}`,
  },

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
  // ---- hub/src/queue: the rest of the queue core ----
  { file: 'hub/src/queue/selection.ts', line: 31, mutator: 'EqualityOperator', why: SAME_TICKET },
  {
    file: 'hub/src/queue/select.ts',
    line: 35,
    mutator: 'LogicalOperator',
    why: 'only compared with 0: a line never has more callable tickets than tickets, so `callable && count` is positive exactly when `callable` is',
  },
  {
    file: 'hub/src/queue/forecaster.ts',
    line: 101,
    mutator: 'StringLiteral',
    why: 'a walk-in of class "" ranks as normal: a class the policy does not know is normal',
  },
  {
    file: 'hub/src/queue/rating.ts',
    line: 25,
    mutator: 'ArithmeticOperator',
    why: 'LATE_RATING_MS is read by the archive schedule (hub/src/plugins/schedules.ts), judged by its integration test, not by these unit tests',
  },
  {
    file: 'hub/src/queue/rating.ts',
    line: 37,
    mutator: 'ConditionalExpression',
    why: `${FAST_PATH}: only finishing and transferring write the end events looked for, and both end in these statuses`,
  },
  {
    file: 'hub/src/queue/rating.ts',
    line: 38,
    mutator: 'ConditionalExpression',
    why: 'a finished or transferred ticket gets no event after its end, so its last event is the end',
  },
  {
    file: 'hub/src/queue/rating.ts',
    line: 41,
    mutator: 'EqualityOperator',
    why: 'two visits at one counter do not end in the same millisecond (it ends one visit before the next is called)',
  },
  {
    file: 'hub/src/queue/state-machine.ts',
    line: 45,
    mutator: 'StringLiteral',
    why: 'the event name of `requeue` in the table is never read: requeueTicket writes its own `requeued` event',
  },
  {
    file: 'hub/src/queue/arrival-rates.ts',
    line: 39,
    mutator: 'ConditionalExpression',
    why: 'when old arrivals are dropped (every 256): memory only, rates count the window alone',
  },
  {
    file: 'hub/src/queue/arrival-rates.ts',
    line: 39,
    mutator: 'EqualityOperator',
    why: 'when old arrivals are dropped (every 256): memory only, rates count the window alone',
  },
  {
    file: 'hub/src/queue/policy.ts',
    line: 164,
    mutator: 'EqualityOperator',
    why: `ranks are positions in the class list, so an equal rank means the appointment class itself: ${APPOINTMENT_CLASS_ASKED}`,
  },
  {
    file: 'hub/src/queue/policy.ts',
    line: 208,
    mutator: 'ConditionalExpression',
    why: `${FAST_PATH}: without a ratio no ticket is a ratio call, so the loop takes the sorted line in order`,
  },
  {
    file: 'hub/src/queue/policy.ts',
    line: 236,
    mutator: 'ConditionalExpression',
    why: `${FAST_PATH} (without an age, \`undefined >= minAge\` is false for every class)`,
  },
  {
    file: 'hub/src/queue/policy.ts',
    line: 237,
    mutator: 'ConditionalExpression',
    replacement: 'true',
    why: 'a class without a minimum age: `age >= undefined` is false anyway',
  },
  {
    file: 'hub/src/queue/policy.ts',
    line: 237,
    mutator: 'EqualityOperator',
    replacement: 'c.rank <= best.rank',
    why: 'ranks are positions in the class list, so an equal rank is the same class',
  },

  // ---- hub/src/queue/callback.ts: callback tickets ----
  {
    file: 'hub/src/queue/callback.ts',
    line: 23,
    mutator: 'ConditionalExpression',
    replacement: 'true',
    why: 'without a window start the callback gets `notBefore: undefined`, which holds nothing (`now < undefined` is false) and which JSON (the store’s file, the API, MQTT) drops: the same as no key',
  },
  {
    file: 'hub/src/queue/callback.ts',
    line: 24,
    mutator: 'ConditionalExpression',
    replacement: 'true',
    why: 'without a window end the callback gets `windowTo: undefined`, which JSON (the store’s file, the API, MQTT) drops, and which the staff desk treats as no end: the same as no key',
  },
  {
    file: 'hub/src/queue/callback.ts',
    line: 31,
    mutator: 'ConditionalExpression',
    why: 'without a callback time `now < undefined` is false anyway: the check only says so first',
  },
  // ---- hub/src/queue/door.ts: two-step calling ----
  {
    file: 'hub/src/queue/door.ts',
    line: 50,
    mutator: 'OptionalChaining',
    why: '`t.door` is read only when `atDoor(t)` holds, which requires a door: the `?.` never meets undefined',
  },
  {
    file: 'hub/src/queue/door.ts',
    line: 61,
    mutator: 'OptionalChaining',
    why: 'the one caller (DayBook, the door list) passes only tickets at a door (`atDoor`), so `door` is always there',
  },

  // ---- hub/src/analytics/repeats.ts: the repeat-visit engine ----
  {
    file: 'hub/src/analytics/repeats.ts',
    line: 69,
    mutator: 'ArrayDeclaration',
    why: 'a dictionary starting with one stray name: every index is one higher and still looked up in the same list',
  },
  {
    file: 'hub/src/analytics/repeats.ts',
    line: 91,
    mutator: 'ArrayDeclaration',
    why: 'one stray chunk first: every pair reference is one chunk higher and located in the same list',
  },
  { file: 'hub/src/analytics/repeats.ts', line: 142, mutator: 'ConditionalExpression', replacement: 'false', why: STALE },
  { file: 'hub/src/analytics/repeats.ts', line: 142, mutator: 'EqualityOperator', replacement: 'arrival - uEnd >=', why: STALE },
  {
    file: 'hub/src/analytics/repeats.ts',
    line: 143,
    mutator: 'ConditionalExpression',
    why: 'an entry that is not this identity’s gets here only when it is over 7 days old: beyond every window and the histogram, so nothing is counted',
  },
  ...[184, 185].flatMap((line) =>
    ['ConditionalExpression', 'EqualityOperator', 'ArithmeticOperator', 'BlockStatement'].map((mutator) => ({
      file: 'hub/src/analytics/repeats.ts',
      line,
      mutator,
      why: 'when the pending table is swept of entries over 7 days old: memory only, those entries can be nobody’s next visit',
    })),
  ),
  {
    file: 'hub/src/analytics/repeats.ts',
    line: 196,
    mutator: 'ConditionalExpression',
    replacement: 'true',
    why: 'staff −1 (no clerk recorded) reads list[−1], undefined, which equals no staff id asked for',
  },
  {
    file: 'hub/src/analytics/repeats.ts',
    line: 207,
    mutator: 'StringLiteral',
    why: 'every service index comes from the engine’s own list, so the fallback name is never used',
  },
  {
    file: 'hub/src/analytics/repeats.ts',
    line: 222,
    mutator: 'ConditionalExpression',
    why: 'staff −1 reads list[−1], undefined, and the fallback gives the same empty clerk id',
  },
  {
    file: 'hub/src/analytics/repeats.ts',
    line: 222,
    mutator: 'StringLiteral',
    why: 'every staff index comes from the engine’s own list, so the fallback id is never used',
  },

  // ---- firmware-bridge/src/drivers/idcard-sam/codec.ts ----
  {
    file: 'firmware-bridge/src/drivers/idcard-sam/codec.ts',
    line: 23,
    mutator: 'ArithmeticOperator',
    why: 'the checksum byte itself is still 0 (Buffer.alloc) and past the end reads undefined, which XORs as 0',
  },
  {
    file: 'firmware-bridge/src/drivers/idcard-sam/codec.ts',
    line: 62,
    mutator: 'ConditionalExpression',
    replacement: 'true',
    why: 'only a whole frame has a size equal to the buffer: `need` asks for more than there is, `bad` has no size',
  },
  {
    file: 'firmware-bridge/src/drivers/idcard-sam/codec.ts',
    line: 105,
    mutator: 'EqualityOperator',
    why: 'data exactly as long as its length fields holds no text block, which the length checks below refuse as well',
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
