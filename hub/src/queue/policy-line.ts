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
 * Deterministic, no clock: `now` is an argument. Not a pure value (it is mutated in place),
 * but it holds nothing except the tickets it is given.
 */
import type { Ticket } from '../protocol';
import { awaitsArrival } from './arrival';
import { classRule, compareStandings, isTimeDependent, orderLine, type QueuePolicy, type Standing, standing } from './policy';
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
  private size = 0;

  constructor(private readonly policy: QueuePolicy) {}

  get count(): number {
    return this.size;
  }

  /** Tickets that may be called now (those awaiting an arrival confirmation cannot). */
  get callable(): number {
    return this.size - this.awaiting.size;
  }

  private bucketOf(t: Ticket): Ticket[] | undefined {
    return isTimeDependent(t, this.policy) ? undefined : this.byClass.get(classRule(this.policy, t.priority).id);
  }

  add(t: Ticket): void {
    this.size++;
    if (awaitsArrival(t)) this.awaiting.set(t.id, t);
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
      const first = this.awaiting.size === 0 ? bucket[0] : bucket.find((x) => !this.awaiting.has(x.id));
      if (first) consider(first);
    }
    for (const t of this.special) if (!this.awaiting.has(t.id)) consider(t);
    return best;
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
    for (const [id, bucket] of this.byClass) {
      const rule = classRule(this.policy, id);
      const due = this.dueCount(bucket, rule.boundMs, now);
      const earlier = (x: Ticket) => compareArrival(x, t) < 0;
      if (st.due) {
        // Protected tickets go oldest first: only protected tickets that arrived earlier.
        ahead += Math.min(due, partition(bucket, earlier));
        continue;
      }
      ahead += due; // every protected ticket goes before an unprotected one
      if (rule.rank < st.rank) ahead += bucket.length - due;
      else if (rule.rank === st.rank) {
        const before = (x: Ticket) => x.arrivalAt < st.key || (x.arrivalAt === st.key && earlier(x));
        ahead += Math.max(0, partition(bucket, before) - due);
      }
    }
    return ahead;
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
    return orderLine([...this.all()], now, this.policy);
  }

  /** The ticket that has waited longest (earliest arrival), for "longest wait" figures. */
  oldest(): Ticket | undefined {
    let best: Ticket | undefined;
    for (const bucket of this.byClass.values()) if (bucket[0] && (!best || compareArrival(bucket[0], best) < 0)) best = bucket[0];
    for (const t of this.special) if (!best || compareArrival(t, best) < 0) best = t;
    return best;
  }
}
