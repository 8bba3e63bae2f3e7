/**
 * "Call next" at one counter: the weighted round-robin picks the service (rotation.ts), the
 * service's line picks the ticket (policy.ts). Pure apart from reading the lines it is given.
 */
import type { CounterServiceLink, Ticket } from '../protocol';
import { nextService, type Rotation } from './rotation';

/** What selection needs from a service's waiting line (PolicyLine, or a reference in tests). */
export interface LineView {
  readonly count: number;
  /** Tickets that may be called now (default `count`): those awaiting their visitor's arrival may not. */
  readonly callable?: number;
  /** Tickets that may be called at `now` (callbacks not due yet may not); default `callable`. */
  callableAt?(now: number): number;
  pick(now: number): Ticket | undefined;
}

export function selectNext(p: {
  links: readonly CounterServiceLink[];
  rotation: Rotation;
  now: number;
  line: (serviceId: string) => LineView | undefined;
  /** The clerk's skills: only these services may be called (undefined = all the counter serves). */
  allowed?: ReadonlySet<string>;
}): { ticket: Ticket; rotation: Rotation } | undefined {
  const chosen = nextService(p.links, p.rotation, (id) => callableIn(p.line(id), p.now) > 0, p.allowed);
  if (!chosen) return undefined;
  const ticket = p.line(chosen.serviceId)?.pick(p.now);
  return ticket ? { ticket, rotation: chosen.rotation } : undefined;
}

function callableIn(line: LineView | undefined, now: number): number {
  if (!line) return 0;
  return line.callableAt ? line.callableAt(now) : (line.callable ?? line.count);
}
