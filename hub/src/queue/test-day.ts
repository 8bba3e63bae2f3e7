/**
 * A tiny discrete-event day for the queue core's property tests: the real PolicyLine +
 * selectNext, counters that call the moment they are free (work-conserving), visits that take a
 * per-ticket time. Not exported from the package index.
 */
import type { CounterServiceLink, Ticket } from '../protocol';
import { MINUTE_MS as MIN, type QueuePolicy } from './policy';
import { PolicyLine } from './policy-line';
import { NEW_ROTATION, type Rotation } from './rotation';
import { selectNext } from './select';
import { compareArrival } from './selection';
import { T0 } from './test-tickets';

export interface CounterSpec {
  links: CounterServiceLink[];
  skills?: Set<string>;
}

export interface Call {
  ticket: Ticket;
  counter: number;
  at: number;
  /** Tickets of the same service still waiting at the moment of the call (the ticket excluded). */
  others: Ticket[];
}

/** Runs a day: arrivals as given, each counter calls as soon as it is free, until nothing is callable. */
export function runDay(tickets: Ticket[], visits: Map<string, number>, counters: CounterSpec[], policy: QueuePolicy) {
  const lines = new Map<string, PolicyLine>();
  const line = (id: string) => lines.get(id);
  const arrivals = [...tickets].sort(compareArrival);
  const freeAt = counters.map(() => T0);
  const rotations: Rotation[] = counters.map(() => NEW_ROTATION);
  const calls: Call[] = [];
  let next = 0;
  let now = T0;
  for (let guard = 0; guard < 100_000; guard++) {
    while (next < arrivals.length && (arrivals[next] as Ticket).arrivalAt <= now) {
      const t = arrivals[next++] as Ticket;
      if (!lines.has(t.serviceId)) lines.set(t.serviceId, new PolicyLine(policy, t.serviceId));
      lines.get(t.serviceId)?.add(t);
    }
    let idleWithWork = false;
    for (const [i, c] of counters.entries()) {
      if ((freeAt[i] as number) > now) continue;
      const chosen = selectNext({
        links: c.links,
        rotation: rotations[i] as Rotation,
        now,
        line,
        ...(c.skills ? { allowed: c.skills } : {}),
      });
      if (!chosen) continue;
      const l = lines.get(chosen.ticket.serviceId) as PolicyLine;
      const others = [...l.all()].filter((x) => x.id !== chosen.ticket.id);
      l.recordCall(chosen.ticket, now);
      l.remove(chosen.ticket);
      rotations[i] = chosen.rotation;
      calls.push({ ticket: chosen.ticket, counter: i, at: now, others });
      freeAt[i] = now + (visits.get(chosen.ticket.id) ?? 5) * MIN;
      idleWithWork = true;
    }
    if (idleWithWork) continue; // another free counter may call at the same instant
    const busy = freeAt.filter((f) => f > now);
    const upcoming = [...busy, ...(next < arrivals.length ? [(arrivals[next] as Ticket).arrivalAt] : [])];
    if (upcoming.length === 0) break;
    now = Math.min(...upcoming);
  }
  return { calls, lines };
}
