/**
 * Plain arrival order. The hub calls through the queue policy (policy.ts, select.ts); what is
 * here is arrival order itself — compareArrival, the policy's tie-breaker and the order inside a
 * class — and pickNext, plain first-come-first-served, kept as the baseline the policy is
 * measured against.
 */
import type { CounterServiceLink, Ticket } from '../protocol';

/**
 * Total order on tickets: arrival first (a transfer may keep an early arrival), then issue
 * time, seq and id so that equal timestamps still give one deterministic answer on every node.
 */
export function compareArrival(a: Ticket, b: Ticket): number {
  if (a.arrivalAt !== b.arrivalAt) return a.arrivalAt - b.arrivalAt;
  if (a.issuedAt !== b.issuedAt) return a.issuedAt - b.issuedAt;
  if (a.seq !== b.seq) return a.seq - b.seq;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The earliest waiting ticket of a service the counter serves (and, if given, is allowed to call). */
export function pickNext(
  tickets: Iterable<Ticket>,
  counterServices: readonly CounterServiceLink[],
  allowedServiceIds?: ReadonlySet<string>,
): Ticket | undefined {
  const served = new Set(counterServices.map((l) => l.serviceId));
  let best: Ticket | undefined;
  for (const t of tickets) {
    if (t.status !== 'waiting' || !served.has(t.serviceId)) continue;
    if (allowedServiceIds !== undefined && !allowedServiceIds.has(t.serviceId)) continue;
    if (best === undefined || compareArrival(t, best) < 0) best = t;
  }
  return best;
}
