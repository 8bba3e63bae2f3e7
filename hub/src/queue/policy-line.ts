/**
 * The waiting tickets of one service, indexed so that "call next" and "position" follow the
 * policy (policy.ts) without sorting the line: at a 20,000-ticket day a line may hold
 * thousands of tickets and every issue reports the new ticket's position.
 *
 * Walk-in tickets sit in one array per class, in arrival order. Inside a class the tickets that
 * have waited the class's bound are exactly a prefix (same bound, earlier arrival), so the
 * policy's order inside a class is arrival order and its head is the class's best ticket.
 * Tickets whose standing changes with time in other ways (appointment tickets that may still
 * gain their appointment class, head transfers) are few and kept apart in `special`.
 *
 *   pick     O(classes + special)
 *   position O(classes · log n + special)
 *   add      O(log n) search + one array insert (nearly always an append)
 *   remove   O(log n) search + one array delete
 * With an interleave ratio (ratio.ts) the line also holds the service's `RatioTurn`, advanced by
 * `recordCall`; `position` then plays the turns forward over the class counts, O(people ahead).
 * Deterministic, no clock: `now` is an argument. Not a pure value (it is mutated in place),
 * but it holds nothing except the tickets it is given and the turn of their calls.
 */
import type { Ticket } from '../protocol';
import { awaitsArrival } from './arrival';
import { heldUntilLater } from './callback';
import {
  classRule,
  compareStandings,
  effectiveRank,
  isRatioCall,
  isTimeDependent,
  orderLine,
  type QueuePolicy,
  ratioFor,
  type Standing,
  standing,
} from './policy';
import { activeShares, advanceTurn, NEW_TURN, nextRatioClass, type RatioRule, type RatioTurn } from './ratio';
import { compareArrival } from './selection';

/** First index in `arr` (sorted so that `before` is true then false) where `before` is false. */
function partition<T>(arr: readonly T[], before: (x: T) => boolean): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(arr[mid] as T)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class PolicyLine {
  /** Walk-in tickets by class id, each array in arrival order (compareArrival). */
  private readonly byClass = new Map<string, Ticket[]>();
  private readonly special: Ticket[] = [];
  /** Tickets that keep their place but may not be called before their visitor checks in (arrival.ts). */
  private readonly awaiting = new Map<string, Ticket>();
  /** Callback tickets with a time before which they may not be called (callback.ts): few. */
  private readonly held = new Map<string, Ticket>();
  private size = 0;
  private readonly ratio: RatioRule | undefined;
  /** Where the service stands in its ratio (NEW_TURN when it has none). */
  turn: RatioTurn = NEW_TURN;

  constructor(
    private readonly policy: QueuePolicy,
    serviceId?: string,
  ) {
    this.ratio = serviceId === undefined ? undefined : ratioFor(policy, serviceId);
  }

  /** Advances the ratio turn when `t` (of this service) is called at `now` as one of the ratio's turns. */
  recordCall(t: Ticket, now: number): void {
    const s = standing(t, now, this.policy);
    if (isRatioCall(this.ratio, s)) this.turn = advanceTurn(this.turn, s.classId);
  }

  get count(): number {
    return this.size;
  }

  /** Tickets that may be called now (those awaiting an arrival confirmation cannot). */
  get callable(): number {
    return this.size - this.awaiting.size;
  }

  /** Tickets that may be called at `now`: callbacks whose time has not come may not either. */
  callableAt(now: number): number {
    let later = 0;
    for (const t of this.held.values()) if (!this.awaiting.has(t.id) && heldUntilLater(t, now)) later++;
    return this.callable - later;
  }

  /** Whether call-next passes `t` over at `now` (awaiting arrival, or a callback not due yet). */
  private blocked(t: Ticket, now: number): boolean {
    return this.awaiting.has(t.id) || (this.held.size > 0 && heldUntilLater(t, now));
  }

  private bucketOf(t: Ticket): Ticket[] | undefined {
    return isTimeDependent(t, this.policy) ? undefined : this.byClass.get(classRule(this.policy, t.priority).id);
  }

  add(t: Ticket): void {
    this.size++;
    if (awaitsArrival(t)) this.awaiting.set(t.id, t);
    if (t.callback?.notBefore !== undefined) this.held.set(t.id, t);
    if (isTimeDependent(t, this.policy)) {
      this.special.push(t);
      return;
    }
    const id = classRule(this.policy, t.priority).id;
    let bucket = this.byClass.get(id);
    if (!bucket) {
      bucket = [];
      this.byClass.set(id, bucket);
    }
    const last = bucket[bucket.length - 1];
    if (last === undefined || compareArrival(last, t) <= 0) bucket.push(t);
    else
      bucket.splice(
        partition(bucket, (x) => compareArrival(x, t) <= 0),
        0,
        t,
      );
  }

  /** Removes by id (the stored copy may be an older version of the same ticket). */
  remove(t: Ticket): boolean {
    const bucket = this.bucketOf(t);
    let i = -1;
    if (bucket) {
      // The ticket's arrival fields never change while it waits, so the copy sorts where `t` does.
      i = partition(bucket, (x) => compareArrival(x, t) < 0);
      while (i < bucket.length && (bucket[i] as Ticket).id !== t.id && compareArrival(bucket[i] as Ticket, t) === 0) i++;
      if (i < bucket.length && (bucket[i] as Ticket).id === t.id) bucket.splice(i, 1);
      else i = -1;
    }
    if (i < 0) {
      const j = this.special.findIndex((x) => x.id === t.id);
      if (j < 0) return false;
      this.special.splice(j, 1);
    }
    this.awaiting.delete(t.id);
    this.held.delete(t.id);
    this.size--;
    return true;
  }

  /** Tickets of `bucket` (all of class `rule`) that have waited the class's bound at `now`. */
  private dueCount(bucket: readonly Ticket[], boundMs: number, now: number): number {
    const limit = now - boundMs;
    return partition(bucket, (x) => x.arrivalAt <= limit);
  }

  /**
   * The ticket the policy calls next from this line at `now`. Tickets awaiting their visitor's
   * arrival are passed over; inside a class the rest keep arrival order, so the first callable
   * ticket of each class is still that class's best.
   */
  pick(now: number): Ticket | undefined {
    let best: Ticket | undefined;
    let bestStanding: Standing | undefined;
    const consider = (t: Ticket) => {
      const s = standing(t, now, this.policy);
      if (!best || compareStandings(t, s, best, bestStanding as Standing) < 0) {
        best = t;
        bestStanding = s;
      }
    };
    for (const bucket of this.byClass.values()) {
      const head = this.headOf(bucket, now);
      if (head) consider(head);
    }
    for (const t of this.special) if (!this.blocked(t, now)) consider(t);
    if (!best || !isRatioCall(this.ratio, bestStanding as Standing)) return best;
    return this.pickByRatio(now, this.ratio as RatioRule) ?? best;
  }

  /**
   * Nobody is protected and the best class is a ratio class: the turn chooses among the ratio
   * classes, each offering its best ticket. Bucket heads are their class's best walk-ins.
   */
  private pickByRatio(now: number, rule: RatioRule): Ticket | undefined {
    const heads = new Map<string, { t: Ticket; s: Standing }>();
    const offer = (t: Ticket) => {
      const s = standing(t, now, this.policy);
      if (!isRatioCall(rule, s)) return;
      const held = heads.get(s.classId);
      if (!held || compareStandings(t, s, held.t, held.s) < 0) heads.set(s.classId, { t, s });
    };
    for (const bucket of this.byClass.values()) {
      const head = this.headOf(bucket, now);
      if (head) offer(head);
    }
    for (const t of this.special) if (!this.blocked(t, now)) offer(t);
    const counts = this.unprotectedCounts(now, rule);
    const cls = nextRatioClass(
      activeShares(rule, (c) => counts.get(c) ?? 0),
      this.turn,
      (c) => heads.has(c),
    );
    return cls === undefined ? undefined : heads.get(cls)?.t;
  }

  /** The first ticket of a class that may be called (those awaiting arrival are passed over). */
  private headOf(bucket: readonly Ticket[], now: number): Ticket | undefined {
    return this.awaiting.size === 0 && this.held.size === 0 ? bucket[0] : bucket.find((x) => !this.blocked(x, now));
  }

  /** Unprotected waiting tickets per ratio class at `now` (what the ratio's switches compare). */
  private unprotectedCounts(now: number, rule: RatioRule): Map<string, number> {
    const counts = new Map<string, number>();
    for (const share of rule.shares) {
      const bucket = this.byClass.get(share.classId);
      const n = bucket ? bucket.length - this.dueCount(bucket, classRule(this.policy, share.classId).boundMs, now) : 0;
      counts.set(share.classId, n);
    }
    for (const t of this.special) {
      const s = standing(t, now, this.policy);
      if (isRatioCall(rule, s)) counts.set(s.classId, (counts.get(s.classId) ?? 0) + 1);
    }
    return counts;
  }

  /**
   * The tickets awaiting arrival that the policy ranks before `picked` at `now`: the call of
   * `picked` skips them (their grace starts, arrival.ts). O(awaiting tickets).
   */
  skippedBy(picked: Ticket, now: number): Ticket[] {
    const ps = standing(picked, now, this.policy);
    return [...this.awaiting.values()].filter((x) => compareStandings(x, standing(x, now, this.policy), picked, ps) < 0);
  }

  /** Every ticket awaiting its visitor's arrival confirmation. */
  awaitingArrival(): Ticket[] {
    return [...this.awaiting.values()];
  }

  /** Tickets the policy would call before `t` at `now` (0 = next); undefined if `t` is not here. */
  position(t: Ticket, now: number): number {
    const st = standing(t, now, this.policy);
    let ahead = 0;
    for (const x of this.special) if (x.id !== t.id && compareStandings(x, standing(x, now, this.policy), t, st) < 0) ahead++;
    if (st.group === 0) return ahead; // head transfers: only earlier head transfers go first
    const byRatio = isRatioCall(this.ratio, st);
    const ownBefore = { n: 0 };
    for (const [id, bucket] of this.byClass) {
      const rule = classRule(this.policy, id);
      const rank = effectiveRank(this.policy, t.serviceId, rule);
      const due = this.dueCount(bucket, rule.boundMs, now);
      const earlier = (x: Ticket) => compareArrival(x, t) < 0;
      if (st.due) {
        // Protected tickets go oldest first: only protected tickets that arrived earlier.
        ahead += Math.min(due, partition(bucket, earlier));
        continue;
      }
      ahead += due; // every protected ticket goes before an unprotected one
      const before = (x: Ticket) => x.arrivalAt < st.key || (x.arrivalAt === st.key && earlier(x));
      if (byRatio && rank === st.rank) {
        // Other ratio classes are interleaved below; only the own class's earlier tickets count here.
        if (id === st.classId) ownBefore.n += Math.max(0, partition(bucket, before) - due);
      } else if (rank < st.rank) ahead += bucket.length - due;
      else if (rank === st.rank) ahead += Math.max(0, partition(bucket, before) - due);
    }
    if (!byRatio) return ahead;
    // Special tickets of the ratio classes were counted above only if they go first by standing.
    for (const x of this.special) {
      const sx = standing(x, now, this.policy);
      if (x.id === t.id || !isRatioCall(this.ratio, sx)) continue;
      if (compareStandings(x, sx, t, st) < 0) ahead--;
      if (sx.classId === st.classId && compareStandings(x, sx, t, st) < 0) ownBefore.n++;
    }
    return ahead + this.ratioCallsBefore(now, this.ratio as RatioRule, st.classId, ownBefore.n);
  }

  /**
   * Ratio calls made before the (ownBefore + 1)-th ticket of `own` is called, playing the turns
   * forward over the unprotected counts per class (every protected ticket goes first anyway).
   */
  private ratioCallsBefore(now: number, rule: RatioRule, own: string, ownBefore: number): number {
    const total = this.unprotectedCounts(now, rule);
    const before = new Map(total);
    before.set(own, ownBefore);
    let turn = this.turn;
    let calls = 0;
    for (;;) {
      const cls = nextRatioClass(
        activeShares(rule, (c) => total.get(c) ?? 0),
        turn,
        (c) => (total.get(c) ?? 0) > 0,
      );
      // Only `own` runs out in `before`: the others start at their total and count down with it.
      if (cls === undefined || before.get(cls) === 0) return calls;
      before.set(cls, (before.get(cls) ?? 0) - 1);
      total.set(cls, (total.get(cls) ?? 0) - 1);
      turn = advanceTurn(turn, cls);
      calls++;
    }
  }

  /** Tickets protected at `now` (waited their class's bound): every unprotected ticket waits behind them. */
  protectedCount(now: number): number {
    let n = 0;
    for (const [id, bucket] of this.byClass) n += this.dueCount(bucket, classRule(this.policy, id).boundMs, now);
    for (const t of this.special) if (standing(t, now, this.policy).group !== 2) n++;
    return n;
  }

  /** Every waiting ticket, in no particular order (cheap). */
  *all(): IterableIterator<Ticket> {
    for (const bucket of this.byClass.values()) yield* bucket;
    yield* this.special;
  }

  /** The line in calling order at `now` (O(n log n): for views that list the whole line, and tests). */
  ordered(now: number): Ticket[] {
    return orderLine([...this.all()], now, this.policy, this.turn);
  }

  /** The ticket that has waited longest (earliest arrival), for "longest wait" figures. */
  oldest(): Ticket | undefined {
    let best: Ticket | undefined;
    for (const bucket of this.byClass.values()) if (bucket[0] && (!best || compareArrival(bucket[0], best) < 0)) best = bucket[0];
    for (const t of this.special) if (!best || compareArrival(t, best) < 0) best = t;
    return best;
  }
}
