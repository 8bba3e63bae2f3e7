/**
 * The waiting tickets of each service, one policy-indexed line per service (queue/policy-line.ts),
 * so that "call next", "people ahead" and the board's waiting counts stay cheap at a
 * 20,000-ticket day: no operation here sorts a line.
 */
import type { Ticket } from '../protocol';
import { defaultPolicy, PolicyLine, type QueuePolicy, standing, turnFromTickets } from '../queue';

export class WaitingLines {
  private readonly lines = new Map<string, PolicyLine>();

  constructor(private readonly policy: QueuePolicy = defaultPolicy()) {}

  line(serviceId: string): PolicyLine | undefined {
    return this.lines.get(serviceId);
  }

  private lineOf(serviceId: string): PolicyLine {
    let line = this.lines.get(serviceId);
    if (!line) {
      line = new PolicyLine(this.policy, serviceId);
      this.lines.set(serviceId, line);
    }
    return line;
  }

  add(ticket: Ticket): void {
    this.lineOf(ticket.serviceId).add(ticket);
  }

  /** A waiting ticket of this line is being called at `at`: advances its service's ratio turn. */
  recordCall(ticket: Ticket, at: number): void {
    this.lines.get(ticket.serviceId)?.recordCall(ticket, at);
  }

  /** Sets each service's ratio turn from the day's calls (no store of its own: queue/ratio-history.ts). */
  restoreTurns(dayTickets: readonly Ticket[]): void {
    for (const serviceId of Object.keys(this.policy.ratios ?? {}))
      this.lineOf(serviceId).turn = turnFromTickets(dayTickets, this.policy, serviceId);
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

  clear(): void {
    this.lines.clear();
  }
}
