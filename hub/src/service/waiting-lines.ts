/**
 * The waiting tickets of each service, one policy-indexed line per service (queue/policy-line.ts),
 * so that "call next", "people ahead" and the board's waiting counts stay cheap at a
 * 20,000-ticket day: no operation here sorts a line.
 */
import type { Ticket } from '../protocol';
import { defaultPolicy, PolicyLine, type QueuePolicy, standing } from '../queue';

export class WaitingLines {
  private readonly lines = new Map<string, PolicyLine>();

  constructor(private readonly policy: QueuePolicy = defaultPolicy()) {}

  line(serviceId: string): PolicyLine | undefined {
    return this.lines.get(serviceId);
  }

  add(ticket: Ticket): void {
    let line = this.lines.get(ticket.serviceId);
    if (!line) {
      line = new PolicyLine(this.policy);
      this.lines.set(ticket.serviceId, line);
    }
    line.add(ticket);
  }

  remove(ticket: Ticket): void {
    this.lines.get(ticket.serviceId)?.remove(ticket);
  }

  /** Tickets the policy would call before this one at `now` (0 = next). */
  position(ticket: Ticket, now: number): number {
    return this.lines.get(ticket.serviceId)?.position(ticket, now) ?? 0;
  }

  /** The class the ticket ranks in at `now` (e.g. `appointment` once its window opened). */
  queueClass(ticket: Ticket, now: number): string {
    return standing(ticket, now, this.policy).classId;
  }

  count(serviceId: string): number {
    return this.lines.get(serviceId)?.count ?? 0;
  }

  /** The ticket the policy calls next for this service at `now`. */
  head(serviceId: string, now: number): Ticket | undefined {
    return this.lines.get(serviceId)?.pick(now);
  }

  /** The whole line in calling order (O(n log n): for lists and tests, not for hot paths). */
  ordered(serviceId: string, now: number): Ticket[] {
    return this.lines.get(serviceId)?.ordered(now) ?? [];
  }

  /** Tickets of this service protected at `now` (waited their class's bound). */
  protectedCount(serviceId: string, now: number): number {
    return this.lines.get(serviceId)?.protectedCount(now) ?? 0;
  }

  /** The ticket of this service that has waited longest. */
  oldest(serviceId: string): Ticket | undefined {
    return this.lines.get(serviceId)?.oldest();
  }

  /** Tickets of every service that wait for their visitor to confirm arrival (few: remote tickets). */
  awaitingArrival(): Ticket[] {
    return [...this.lines.values()].flatMap((l) => l.awaitingArrival());
  }

  clear(): void {
    this.lines.clear();
  }
}
