/**
 * The counters at work today: each one's state (open, paused, closed; who is signed in; the
 * ticket at it), its round-robin turn and the skills of the clerk last seen there. Persisted in
 * counters.db (through its repository); the rest is memory only.
 */
import type { HubConfig } from '../config';
import { CallboardError, type CounterServiceLink, type Localized, type Ticket } from '../protocol';
import { NEW_ROTATION, type Rotation } from '../queue';
import type { CounterStateDoc, CounterStateRepository } from '../store';

export interface CounterRuntime {
  id: string;
  name: Localized;
  services: CounterServiceLink[];
  state: CounterStateDoc;
  /** Weighted round-robin state (memory only: a restart starts a new round). */
  rotation: Rotation;
  /** Skills of the clerk last seen operating it (undefined = any service); used by estimates. */
  skills?: ReadonlySet<string>;
}

const OPEN_STATUSES = new Set(['waiting', 'called', 'serving']);

export class Counters {
  readonly all = new Map<string, CounterRuntime>();

  constructor(private readonly states: CounterStateRepository) {}

  /** Loads the saved state of the configured counters; a current ticket that no longer exists today is dropped. */
  async load(config: HubConfig, at: number, exists: (ticketId: string) => boolean): Promise<void> {
    const saved = new Map((await this.states.all()).map((d) => [d._id, d]));
    this.all.clear();
    for (const c of config.counters) {
      const state = saved.get(c.id) ?? { _id: c.id, state: 'closed' as const, since: at };
      if (state.currentTicketId && !exists(state.currentTicketId)) delete state.currentTicketId;
      this.all.set(c.id, { id: c.id, name: c.name, services: c.services, state, rotation: NEW_ROTATION });
    }
  }

  /** A new set-up: a counter keeps its state and clerk skills, a new one starts closed. Returns every id touched. */
  apply(config: HubConfig, at: number): string[] {
    const before = new Map(this.all);
    this.all.clear();
    for (const c of config.counters) {
      const prev = before.get(c.id);
      const state = prev?.state ?? { _id: c.id, state: 'closed' as const, since: at };
      const runtime: CounterRuntime = { id: c.id, name: c.name, services: c.services, state, rotation: NEW_ROTATION };
      if (prev?.skills) runtime.skills = prev.skills;
      this.all.set(c.id, runtime);
    }
    return [...new Set([...before.keys(), ...this.all.keys()])];
  }

  get(id: string): CounterRuntime | undefined {
    return this.all.get(id);
  }

  require(id: string): CounterRuntime {
    const c = this.all.get(id);
    if (!c) throw new CallboardError('COUNTER_NOT_FOUND', `no counter "${id}"`);
    return c;
  }

  open(): CounterRuntime[] {
    return [...this.all.values()].filter((c) => c.state.state === 'open');
  }

  /** How many open counters serve this service. */
  openCount(serviceId: string): number {
    let n = 0;
    for (const c of this.all.values()) if (c.state.state === 'open' && c.services.some((l) => l.serviceId === serviceId)) n++;
    return n;
  }

  save(c: CounterRuntime): Promise<void> {
    return this.states.save(c.state);
  }

  /** The write of the counter this ticket is at, if any (to persist alongside the ticket). */
  writesFor(t: Ticket): Promise<void>[] {
    const c = t.counterId ? this.all.get(t.counterId) : undefined;
    return c ? [this.save(c)] : [];
  }

  /** A finished/no-show/cancelled/transferred ticket no longer occupies its counter. */
  release(t: Ticket): void {
    if (!t.counterId || OPEN_STATUSES.has(t.status)) return;
    const c = this.all.get(t.counterId);
    if (c?.state.currentTicketId === t.id) c.state = (({ currentTicketId, ...rest }) => rest)(c.state);
  }

  /** The end of a business day: every counter closed, nobody at it, a new round. */
  async closeAll(at: number): Promise<void> {
    for (const c of this.all.values()) {
      c.rotation = NEW_ROTATION;
      delete c.state.currentTicketId;
      c.state.state = 'closed';
      delete c.state.staffId;
      c.state.since = at;
      await this.save(c);
    }
  }
}
