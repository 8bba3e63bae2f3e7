/**
 * Interleave ratios between classes of one service (docs/queue-policy.md "Interleave ratios"):
 * instead of strict class rank, the unprotected visitors of the classes named in a ratio are
 * called in turns, e.g. first visit 2 : return 1 : missed 1 → F F R M F F R M …
 *
 * The turn of a service is only "the class of its last ratio call and how many ratio calls in a
 * row were of that class" (`RatioTurn`). That is why it needs no store of its own: it is a fold
 * over the day's calls of the service (`turnFromCalls`), so a restarted hub finds the same turn
 * in the tickets it reloads. A class keeps the turn while it has used fewer calls in a row than
 * its weight (`run mod weight ≠ 0`) and still has somebody waiting; then the turn passes to the
 * next class in the listed order that has somebody waiting.
 *
 * Pure: counts and class ids in, class ids out.
 */

/** One class's share of the calls. */
export interface RatioShare {
  classId: string;
  weight: number;
}

/** Another ratio that applies while `classId` has more visitors waiting than `outnumbers`. */
export interface RatioSwitch {
  classId: string;
  outnumbers: string;
  shares: readonly RatioShare[];
}

export interface RatioRule {
  shares: readonly RatioShare[];
  /** The first switch whose condition holds replaces `shares`. */
  switches?: readonly RatioSwitch[];
}

/** Where a service stands in its ratio: the class of the last ratio call and the calls in a row of it. */
export interface RatioTurn {
  classId?: string;
  run: number;
}

export const NEW_TURN: RatioTurn = Object.freeze({ run: 0 });

/** Every class any share of the rule names (the ratio group). */
export function ratioClasses(rule: RatioRule): Set<string> {
  const ids = new Set(rule.shares.map((s) => s.classId));
  for (const sw of rule.switches ?? []) for (const s of sw.shares) ids.add(s.classId);
  return ids;
}

/** The shares in force for these waiting counts (unprotected visitors per class). */
export function activeShares(rule: RatioRule, waiting: (classId: string) => number): readonly RatioShare[] {
  return rule.switches?.find((sw) => waiting(sw.classId) > waiting(sw.outnumbers))?.shares ?? rule.shares;
}

/** The class whose turn it is among those with somebody waiting, or undefined if none has. */
export function nextRatioClass(
  shares: readonly RatioShare[],
  turn: RatioTurn,
  hasWaiting: (classId: string) => boolean,
): string | undefined {
  // -1 for a new turn (no share has an undefined class): the search then starts from the first.
  const i = shares.findIndex((s) => s.classId === turn.classId);
  const current = shares[i];
  if (current && turn.run % current.weight !== 0 && hasWaiting(current.classId)) return current.classId;
  // The next class in listed order after the current one, the current one last (from the first if none).
  for (let k = 1; k <= shares.length; k++) {
    const s = shares[(i + k) % shares.length] as RatioShare;
    if (hasWaiting(s.classId)) return s.classId;
  }
  return undefined;
}

/** The turn after a ratio call of `classId`. */
export function advanceTurn(turn: RatioTurn, classId: string): RatioTurn {
  return turn.classId === classId ? { classId, run: turn.run + 1 } : { classId, run: 1 };
}

/** The turn after these ratio calls, oldest first (e.g. rebuilt from the day's tickets at start-up). */
export function turnFromCalls(classIds: Iterable<string>): RatioTurn {
  let turn = NEW_TURN;
  for (const c of classIds) turn = advanceTurn(turn, c);
  return turn;
}
