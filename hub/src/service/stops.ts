/**
 * Multi-stop visits (docs/queue-policy.md "Multi-stop visits"): finishing a stop queues the next
 * one, and the clerk serving a ticket (or a supervisor) may change the stops still to come. The
 * decisions are the queue core's (queue/route.ts); this persists them and tells the screens.
 *
 * Durability: a finish with a next stop writes both tickets before it is acknowledged, as a
 * transfer does. Should the hub die between the two writes (before the acknowledgement), the
 * next start repairs it (`repair`): the finished stop names its next ticket's id, so the missing
 * ticket is made again with that id; and a next stop already written is reused, never doubled.
 */
import { randomUUID } from 'node:crypto';
import { type Actor, CallboardError, type Ticket } from '../protocol';
import { checkRoute, continueVisit, setRoute } from '../queue';
import type { Caller } from './caller';
import { actingStaff } from './principals';
import type { QueueParts } from './queue-parts';

export class Stops {
  /** The latest next-stop tickets, newest last (the board's "next stop" list; at most `boardHistory`). */
  private moved: string[] = [];

  constructor(private readonly q: QueueParts) {}

  /** Next-stop tickets still waiting, newest first (for the board). */
  recentMoves(): Ticket[] {
    const out: Ticket[] = [];
    for (let i = this.moved.length - 1; i >= 0; i--) {
      const t = this.q.book.get(this.moved[i] as string);
      if (t?.status === 'waiting') out.push(t);
    }
    return out;
  }

  private remember(t: Ticket): void {
    this.moved.push(t.id);
    const keep = this.q.config.queue.boardHistory;
    if (this.moved.length > keep) this.moved.splice(0, this.moved.length - keep);
  }

  /** When the visit began: the issue time of the first ticket of its chain (transfers and stops). */
  firstIssuedAt(t: Ticket): number {
    let first = t;
    for (let i = 0; i < 64 && first.transferredFrom; i++) {
      const before = this.q.book.get(first.transferredFrom);
      if (!before) break;
      first = before;
    }
    return first.issuedAt;
  }

  /**
   * After `done` (status done) was finished at `at`: when its route goes on, the done ticket
   * linked to its next stop, and that stop's waiting ticket (not yet stored or indexed). Stops
   * whose service left the set-up since are passed over.
   */
  follow(done: Ticket, by: Actor, at: number, nextId?: string): { done: Ticket; next?: Ticket } {
    if (!done.route?.length) return { done };
    const route = done.route.filter((id) => this.q.catalogue.services.has(id));
    const first = route[0];
    if (first === undefined) return { done };
    const written = nextId === undefined ? this.writtenNext(done) : undefined;
    if (written) return { done: { ...done, route, transferredTo: written.id }, next: written };
    const target = this.q.catalogue.services.get(first);
    // A missed-call class belongs to the stop it was missed at.
    const requeueClass = this.q.catalogue.policy.noShow.requeueClass;
    return continueVisit(
      { ...done, route },
      {
        at,
        by,
        nextId: nextId ?? randomUUID(),
        arrival: target?.stopArrival ?? 'finish',
        firstIssuedAt: this.firstIssuedAt(done),
        ...(requeueClass !== undefined && done.priority === requeueClass ? { priority: 'normal' } : {}),
      },
    );
  }

  /** A next stop of `done` already on disk (a finish cut short before its acknowledgement). */
  private writtenNext(done: Ticket): Ticket | undefined {
    const latest = this.q.book.byTrackToken(done.trackToken);
    return latest && latest.id !== done.id && latest.transferredFrom === done.id ? latest : undefined;
  }

  /** The writes and the index of a next stop: insert unless it is already there. */
  store(next: Ticket | undefined): Promise<void>[] {
    if (!next || this.q.book.get(next.id)) return [];
    return [this.q.store.insertTicket(next)];
  }

  /** After the writes: index the next stop and tell the screens. */
  announce(next: Ticket | undefined): void {
    if (!next) return;
    if (!this.q.book.get(next.id)) this.q.book.index(next);
    this.remember(next);
    this.q.events.emit('ticket.issued', { ticket: next });
  }

  /**
   * At start-up: a finished stop whose next ticket is missing (the hub died between the two
   * writes) gets it again, with the id it names and the finish time as the time of the move.
   */
  async repair(): Promise<number> {
    this.moved = [];
    const moves = [...this.q.book.all()].filter((t) => t.stop !== undefined && t.stop > 1 && t.status === 'waiting');
    for (const t of moves.sort((a, b) => a.issuedAt - b.issuedAt)) this.remember(t);
    let made = 0;
    for (const t of [...this.q.book.all()]) {
      if (t.status !== 'done' || !t.route?.length || !t.transferredTo || this.q.book.get(t.transferredTo)) continue;
      const finished = [...t.events].reverse().find((e) => e.type === 'finished');
      const { next } = this.follow({ ...t }, finished?.by ?? { type: 'system' }, finished?.at ?? t.issuedAt, t.transferredTo);
      if (!next) continue;
      await this.q.store.insertTicket(next);
      this.q.book.index(next);
      this.remember(next);
      made++;
    }
    return made;
  }

  /**
   * The clerk serving the ticket (called or serving at their counter), or a supervisor or admin
   * for any open ticket, replaces the stops still to come. Audited with the old and new stops.
   */
  async change(id: string, stops: readonly string[], caller: Caller, note?: string): Promise<Ticket> {
    const t = this.q.book.require(id);
    const staff = actingStaff(caller.principal);
    if (!staff) throw new CallboardError('FORBIDDEN', 'only signed-in staff may change a route');
    if (staff.role === 'clerk') {
      const counter = t.counterId ? this.q.counters.get(t.counterId) : undefined;
      const serving =
        (t.status === 'called' || t.status === 'serving') && counter !== undefined && counter.state.staffId === staff.id;
      if (!serving)
        throw new CallboardError(
          'NOT_SERVING_TICKET',
          `only the clerk serving ticket ${t.number}, or a supervisor, may change its route`,
          {
            ticketId: t.id,
          },
        );
    }
    checkRoute(stops, { currentServiceId: t.serviceId, known: (s) => this.q.catalogue.services.has(s) });
    const after = setRoute(t, stops);
    this.q.book.replace(t, after);
    await Promise.all([
      this.q.store.saveTicket(after),
      this.q.audit.record(caller, 'ticket.route', id, {
        number: t.number,
        from: t.route ?? [],
        to: [...stops],
        ...(note ? { note } : {}),
      }),
    ]);
    this.q.events.emit('ticket.changed', { ticket: after });
    this.q.events.emit('board.changed', {});
    return after;
  }
}
