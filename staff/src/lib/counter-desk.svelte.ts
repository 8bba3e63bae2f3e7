import type { CounterView, HistoryReply, Service, TicketView, WaitingReply } from '@callboard/hub/client';
import { isSignedOut, isStale, type Notice, noticeFor } from './errors';
import { LiveBoard } from './live-board.svelte';
import type { StaffApp } from './staff.svelte';
import { type Actions, actionsFor } from './ticket';

/** One counter's console: its state, the ticket at it, and the clerk's actions. */
export class CounterDesk {
  readonly id: string;
  readonly board: LiveBoard;
  readonly #app: StaffApp;
  counter = $state.raw<CounterView | null>(null);
  /** The ticket called or being served here; `null` when the counter is free. */
  current = $state.raw<TicketView | null>(null);
  services = $state.raw(new Map<string, Service>());
  loaded = $state(false);
  busy = $state(false);
  notice = $state.raw<Notice | null>(null);
  readonly actions: Actions = $derived(actionsFor(this.counter?.state, this.current?.status));
  /** The waiting lines of this counter's services, in the order the policy calls them. */
  waiting = $state.raw<WaitingReply['services']>([]);
  /** Earlier visits of the current visitor (only when the ticket carries an identity). */
  history = $state.raw<HistoryReply | null>(null);

  constructor(app: StaffApp, counterId: string) {
    this.#app = app;
    this.id = counterId;
    this.board = new LiveBoard(app.hub);
  }

  /** The services this counter serves, with live waiting counts once the board has arrived. */
  get queues() {
    const live = this.board.services;
    return (this.counter?.services ?? []).map(({ serviceId }) => ({
      id: serviceId,
      name: this.services.get(serviceId)?.name,
      live: live?.find((s) => s.id === serviceId),
    }));
  }

  async load(): Promise<void> {
    await this.#run(async () => {
      const [counters, services] = await Promise.all([this.#app.hub.counters(), this.#app.hub.services()]);
      this.services = new Map(services.map((s) => [s.id, s]));
      this.#setCounter(counters.find((c) => c.id === this.id) ?? null);
      this.loaded = true;
    });
  }

  callNext = () =>
    this.#run(async () => {
      if (!this.actions.callNext) return;
      this.current = await this.#app.hub.callNext(this.id);
    });

  recall = () => this.#onCurrent((id) => this.#app.hub.recall(id));
  start = () => this.#onCurrent((id) => this.#app.hub.start(id));
  /** `outcome` is a category (resolved / follow_up / referred), optionally `:topic`. */
  finish = (outcome = 'resolved', note?: string) =>
    this.#onCurrent((id) => this.#app.hub.finish(id, { outcome, ...(note ? { note } : {}) }), 'finished');
  transfer = (serviceId: string, mode: 'keep' | 'head' | 'back', note?: string) =>
    this.#onCurrent(
      async (id) => (await this.#app.hub.transfer(id, { serviceId, mode, ...(note ? { note } : {}) })).ticket,
      'transferred',
    );
  /** Supervisors: call this waiting ticket here, out of turn. */
  callTicket = (ticketId: string) =>
    this.#run(async () => {
      this.current = await this.#app.hub.callTicket(this.id, ticketId);
    });

  async loadWaiting(): Promise<void> {
    try {
      this.waiting = (await this.#app.hub.waiting(this.id)).services;
    } catch (err) {
      if (isSignedOut(err)) await this.#app.toLogin();
    }
  }

  async loadHistory(ticket: TicketView | null): Promise<void> {
    this.history = null;
    if (!ticket?.identityMasked) return;
    try {
      const h = await this.#app.hub.history(ticket.id);
      if (this.current?.id === ticket.id) this.history = h;
    } catch {
      // The panel simply stays empty; the console keeps working.
    }
  }
  noShow = () => this.#onCurrent((id) => this.#app.hub.noShow(id), 'markedNoShow');

  open = () => this.#run(async () => this.#setCounter(await this.#app.hub.openCounter(this.id)));
  pause = (reason?: string) =>
    this.#run(async () => this.#setCounter(await this.#app.hub.pauseCounter(this.id, reason || undefined)));
  close = () => this.#run(async () => this.#setCounter(await this.#app.hub.closeCounter(this.id)));

  #setCounter(counter: CounterView | null): void {
    this.counter = counter;
    const current = counter?.current;
    this.current = current && (current.status === 'called' || current.status === 'serving') ? current : null;
  }

  /** An action on the current ticket; a finished ticket leaves the counter free with a short notice. */
  #onCurrent(action: (ticketId: string) => Promise<TicketView>, doneKey?: 'finished' | 'markedNoShow' | 'transferred') {
    return this.#run(async () => {
      if (!this.current) return;
      const ticket = await action(this.current.id);
      const stillHere = ticket.status === 'called' || ticket.status === 'serving';
      this.current = stillHere ? ticket : null;
      if (!stillHere && doneKey) this.notice = { tone: 'info', key: doneKey, params: { number: ticket.number } };
    });
  }

  /** One request at a time; errors become notices, a lost session goes to the login page. */
  async #run(work: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.notice = null;
    try {
      await work();
    } catch (err) {
      if (isSignedOut(err)) return void (await this.#app.toLogin());
      this.notice = noticeFor(err);
      if (isStale(err)) void this.#reload();
    } finally {
      this.busy = false;
    }
  }

  async #reload(): Promise<void> {
    try {
      this.#setCounter((await this.#app.hub.counters()).find((c) => c.id === this.id) ?? null);
    } catch {
      // The notice already says what went wrong.
    }
  }
}
