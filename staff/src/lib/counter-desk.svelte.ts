import {
  ApiError,
  type ClassName,
  type CounterView,
  callbackNoAnswer,
  callIn,
  callToDoor,
  dialCallback,
  type HistoryReply,
  type Service,
  type TicketView,
  type WaitingReply,
} from '@callboard/hub/client';
import { isSignedOut, isStale, type Notice, noticeFor } from './errors';
import { LiveBoard } from './live-board.svelte';
import type { StaffApp } from './staff.svelte';
import { type Actions, actionsFor, defaultOutcome } from './ticket';

const LAST_OUTCOME_KEY = 'callboard.staff.lastOutcome';

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

  /** The outcome category the clerk used last (the finish form starts from it). */
  lastOutcome = $state<ReturnType<typeof defaultOutcome>>('resolved');
  /** The site records the outcome of every visit: no default, the clerk chooses it each time. */
  outcomeRequired = $state(false);
  /** The site's priority classes' display names by id (the waiting list names them). */
  classNames = $state.raw<Record<string, ClassName>>({});
  /** Counts the times the main key asked for an outcome (the page moves the focus to it). */
  outcomeAsked = $state(0);
  readonly #storage: Pick<Storage, 'getItem' | 'setItem'> | null;

  constructor(app: StaffApp, counterId: string, storage: Pick<Storage, 'getItem' | 'setItem'> | null = null) {
    this.#app = app;
    this.id = counterId;
    this.board = new LiveBoard(app.hub);
    this.#storage = storage;
    this.lastOutcome = defaultOutcome(storage?.getItem(LAST_OUTCOME_KEY) ?? null);
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
      const [counters, catalogue] = await Promise.all([this.#app.hub.counters(), this.#app.hub.catalogue()]);
      this.services = new Map(catalogue.services.map((s) => [s.id, s]));
      this.classNames = Object.fromEntries(catalogue.classes.map((c) => [c.id, c.name]));
      this.outcomeRequired = catalogue.outcomeRequired;
      this.#setCounter(counters.find((c) => c.id === this.id) ?? null);
      this.loaded = true;
    });
  }

  callNext = () =>
    this.#run(async () => {
      if (!this.actions.callNext) return;
      this.current = await this.#app.hub.callNext(this.id);
    });

  /** A clinic room (two-step calling): its door list and size come with the counter. */
  get twoStep(): boolean {
    return this.counter?.doorSize !== undefined;
  }

  /** Two-step calling: the next visitor to the room's door (the room stays as it is). */
  callToDoor = () =>
    this.#run(async () => {
      const t = await callToDoor(this.#app.hub, this.id);
      await this.#reload();
      this.notice = { tone: 'info', key: 'calledToDoor', params: { number: t.number } };
    });

  /** Two-step calling: the first visitor at the door into the room (ends the visit in the room as "call next" does). */
  callIn = () =>
    this.#run(async () => {
      await callIn(this.#app.hub, this.id);
      await this.#reload();
    });

  recall = () => this.#onCurrent((id) => this.#app.hub.recall(id));
  start = () => this.#onCurrent((id) => this.#app.hub.start(id));
  /** The outcome a new visit's finish form starts with: the last one used, or none where the site requires a choice. */
  get startingOutcome(): ReturnType<typeof defaultOutcome> | '' {
    return this.outcomeRequired ? '' : this.lastOutcome;
  }

  /**
   * `outcome` is a category (resolved / follow_up / referred), optionally `:topic`; none where the
   * site requires one asks for it instead. A called visitor is started first.
   */
  finish = (outcome = '', note?: string) => {
    if (this.#askOutcome(outcome)) return Promise.resolve();
    return this.#onCurrent((id) => this.#finishTicket(id, outcome, note), 'finished');
  };

  /**
   * The main key with a visitor at the counter: finish their visit with this outcome (starting it
   * first if only called), then call the next visitor. Nobody waiting: the visit is finished and
   * the notice says so. Where the site requires the outcome and none is chosen, it asks for it.
   */
  finishAndNext = (outcome = '', note?: string) => {
    if (this.#askOutcome(outcome)) return Promise.resolve();
    return this.#run(async () => {
      if (!this.actions.finishAndNext || !this.current) return;
      const done = await this.#finishTicket(this.current.id, outcome, note);
      this.current = null;
      try {
        this.current = await this.#app.hub.callNext(this.id);
        this.notice = { tone: 'info', key: 'finishedAndCalled', params: { number: done.number, next: this.current.number } };
      } catch (err) {
        if (err instanceof ApiError && err.code === 'QUEUE_EMPTY')
          this.notice = { tone: 'info', key: 'finishedQueueEmpty', params: { number: done.number } };
        else throw err;
      }
    });
  };

  /** No outcome chosen where the site requires one: say so (the page moves the focus to the outcome) and do nothing. */
  #askOutcome(outcome: string): boolean {
    if (!this.outcomeRequired || outcome !== '' || !this.current) return false;
    this.notice = { tone: 'error', key: 'outcomeFirst', params: { number: this.current.number } };
    this.outcomeAsked++;
    return true;
  }

  /** Space / F1: finish and call next with a visitor here, else call next. */
  mainKey = (outcome?: string, note?: string) =>
    this.actions.finishAndNext ? this.finishAndNext(outcome, note) : this.callNext();

  transfer = (serviceId: string, mode: 'keep' | 'head' | 'back', note?: string) =>
    this.#onCurrent(async (id) => {
      if (this.current?.status === 'called') await this.#app.hub.start(id);
      return (await this.#app.hub.transfer(id, { serviceId, mode, ...(note ? { note } : {}) })).ticket;
    }, 'transferred');

  /** No outcome (`''`): the hub's default (`resolved`), or its refusal where the site requires one. */
  async #finishTicket(id: string, outcome: string, note?: string): Promise<TicketView> {
    if (this.current?.id === id && this.current.status === 'called') await this.#app.hub.start(id);
    const done = await this.#app.hub.finish(id, { ...(outcome ? { outcome } : {}), ...(note ? { note } : {}) });
    if (!outcome) return done;
    const category = defaultOutcome(outcome.split(':', 1)[0] ?? null);
    this.lastOutcome = category;
    this.#storage?.setItem(LAST_OUTCOME_KEY, category);
    return done;
  }
  /**
   * Supervisors: call this waiting ticket here, out of turn, for a reason (kept with the call and
   * listed in the out-of-order report). At a counter a clerk holds, the
   * counter stays theirs (they serve the visitor); the notice says so.
   */
  callTicket = (ticketId: string, reason: string) =>
    this.#run(async () => {
      const called = await this.#app.hub.callTicket(this.id, ticketId, reason);
      await this.#reload();
      const holder = this.counter?.staffId && this.counter.staffId !== this.#app.staff?.id ? this.counter : null;
      if (holder)
        this.notice = {
          tone: 'info',
          key: 'calledForHolder',
          params: { number: called.number, name: holder.staffName ?? holder.staffId ?? '' },
        };
    });

  /**
   * The board says this counter's number changed without us (a supervisor called for it, the
   * no-show timeout, a call pad): fetch the counter again.
   */
  followBoard(): void {
    const tile = this.board.counters?.find((c) => c.id === this.id);
    if (!tile || this.busy) return;
    if ((tile.current?.number ?? null) !== (this.current?.number ?? null)) void this.#reload();
  }

  /** Who called the current ticket, when it was not the signed-in person (a supervisor, for this counter). */
  get calledByOther(): boolean {
    const me = this.#app.staff?.id;
    const call = this.current?.events.findLast((e) => e.type === 'called');
    return !!(me && call?.by?.type === 'staff' && call.by.id !== me);
  }

  async loadWaiting(): Promise<void> {
    try {
      this.waiting = (await this.#app.hub.waiting(this.id)).services;
    } catch (err) {
      if (isSignedOut(err)) await this.#app.toLogin();
    }
  }

  /** The phone the visitor of the current ticket gets texts on, masked (`138****5678`), if any. */
  textsTo = $state<string | null>(null);

  async loadTexts(ticket: TicketView | null): Promise<void> {
    this.textsTo = null;
    if (!ticket) return;
    try {
      const s = await this.#app.hub.ticketNotify(ticket.id);
      if (this.current?.id === ticket.id) this.textsTo = s.phoneMasked;
    } catch {
      // An older hub, or no texts: nothing to show.
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

  /** The `tel:` link of the callback being made here, once the clerk has asked to dial it. */
  telLink = $state<string | null>(null);

  /**
   * Dial the callback at the counter: the hub asks the PBX gateway to dial (where there is one)
   * and gives the number as a `tel:` link for this PC's softphone. Resolves to the link.
   */
  dial = async (): Promise<{ tel: string; sentToGateway: boolean } | null> => {
    let answer: { tel: string; sentToGateway: boolean } | null = null;
    await this.#run(async () => {
      if (!this.current?.callback) return;
      const reply = await dialCallback(this.#app.hub, this.current.id);
      this.telLink = reply.tel;
      answer = reply;
      if (reply.sentToGateway) this.notice = { tone: 'info', key: 'dialSent', params: { phone: reply.masked } };
    });
    return answer;
  };

  /** "No answer — try again later": the callback goes back in the line (or ends as unreachable). */
  noAnswer = () =>
    this.#run(async () => {
      if (!this.current?.callback) return;
      const ticket = await callbackNoAnswer(this.#app.hub, this.current.id);
      this.current = null;
      this.telLink = null;
      const notBefore = ticket.callback?.notBefore;
      this.notice =
        ticket.status === 'waiting' && notBefore !== undefined
          ? {
              tone: 'info',
              key: 'callbackRequeued',
              params: { number: ticket.number, time: new Date(notBefore).toTimeString().slice(0, 5) },
            }
          : { tone: 'info', key: 'callbackUnreachable', params: { number: ticket.number } };
    });

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
