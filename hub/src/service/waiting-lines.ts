/**
 * The waiting tickets of each service, kept sorted by arrival order so that "call next",
 * "people ahead" and the board's waiting counts are cheap at a 20,000-ticket day.
 */
import type { Ticket } from '../protocol';
import { compareArrival } from '../queue';

export class WaitingLines {
  private readonly lines = new Map<string, Ticket[]>();

  add(ticket: Ticket): void {
    let line = this.lines.get(ticket.serviceId);
    if (!line) {
      line = [];
      this.lines.set(ticket.serviceId, line);
    }
    // Almost always appended at the end; transfers that keep their arrival time go in earlier.
    let lo = 0;
    let hi = line.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareArrival(line[mid] as Ticket, ticket) <= 0) lo = mid + 1;
      else hi = mid;
    }
    line.splice(lo, 0, ticket);
  }

  remove(ticket: Ticket): void {
    const line = this.lines.get(ticket.serviceId);
    if (!line) return;
    const i = line.findIndex((t) => t.id === ticket.id);
    if (i >= 0) line.splice(i, 1);
  }

  /** Tickets ahead of this one in its service's line (0 = next). */
  position(ticket: Ticket): number {
    const i = this.lines.get(ticket.serviceId)?.findIndex((t) => t.id === ticket.id) ?? -1;
    return Math.max(i, 0);
  }

  count(serviceId: string): number {
    return this.lines.get(serviceId)?.length ?? 0;
  }

  head(serviceId: string): Ticket | undefined {
    return this.lines.get(serviceId)?.[0];
  }

  line(serviceId: string): readonly Ticket[] {
    return this.lines.get(serviceId) ?? [];
  }

  clear(): void {
    this.lines.clear();
  }
}
