/**
 * Which service a counter calls from next: a deterministic weighted round-robin over the
 * services it serves (skill routing first removes the services its clerk may not call).
 *
 * A *round* gives each service as many calls as its weight, in the counter's configured order:
 * a counter serving A (weight 2) and B (weight 1) calls A, A, B, A, A, B … while both have
 * visitors waiting. A service with nobody waiting is skipped and loses nothing; when no service
 * with visitors has turns left, a new round starts. So a service with visitors waiting is
 * called at least once in every (sum of weights) calls of that counter.
 *
 * The state is plain data passed in and returned (the hub keeps one per counter in memory; a
 * restart simply starts a new round).
 */
import type { CounterServiceLink } from '../protocol';

export interface Rotation {
  /** Calls made per service in the current round. */
  used: Readonly<Record<string, number>>;
}

export const NEW_ROTATION: Rotation = Object.freeze({ used: Object.freeze({}) });

/**
 * The service to call from, or undefined when no served and allowed service has anyone waiting.
 * `hasWaiting` says whether a service's line is non-empty; `allowed` (the clerk's skills)
 * restricts the counter's services when given.
 */
export function nextService(
  links: readonly CounterServiceLink[],
  rotation: Rotation,
  hasWaiting: (serviceId: string) => boolean,
  allowed?: ReadonlySet<string>,
): { serviceId: string; rotation: Rotation } | undefined {
  const eligible = links.filter((l) => (allowed === undefined || allowed.has(l.serviceId)) && hasWaiting(l.serviceId));
  if (eligible.length === 0) return undefined;
  let used = rotation.used;
  let link = eligible.find((l) => (used[l.serviceId] ?? 0) < l.weight);
  if (!link) {
    used = {};
    link = eligible[0] as CounterServiceLink;
  }
  return { serviceId: link.serviceId, rotation: { used: { ...used, [link.serviceId]: (used[link.serviceId] ?? 0) + 1 } } };
}
