/**
 * The phone tracking page's data: the masked track view from REST, refreshed whenever the live
 * line of its service (`lines/<serviceId>`: the board cut to that service) says something changed
 * for this ticket (shown at, called again at, or gone from a counter: at once; its line moved:
 * after a short random wait, so that a service's phones do not all ask in the same instant), and
 * 30 s after the last answer in any case (15 s while the live link is down). The rule is
 * track-refresh.ts, which the 2,000-subscriber bench's phones run too.
 * Anonymous: a line carries numbers only, never identities.
 */
import {
  ApiError,
  type BoardSnapshot,
  defaultWsUrl,
  type HubClient,
  type Localized,
  openLive,
  type TrackView,
} from '@callboard/hub/client';
import { boardStep, POLL_MS, POLL_OFFLINE_MS, soonWait, stepAfterAnswer } from './track-refresh';
import { isFinal, nowCalling } from './track-view';

export class TrackPage {
  readonly #hub: HubClient;
  readonly #token: string;
  view = $state.raw<TrackView | null>(null);
  notFound = $state(false);
  /** The last REST refresh failed. */
  offline = $state(false);
  /** The live link (MQTT over WebSocket) is up. */
  live = $state(false);
  updatedAt = $state(0);
  /** From the live board: the site's name and the numbers of this service being called now. */
  siteName = $state.raw<Localized | null>(null);
  calling = $state.raw<string[]>([]);
  #lastFetch = 0;
  #soon: ReturnType<typeof setTimeout> | undefined;
  #poll: ReturnType<typeof setTimeout> | undefined;
  #stopped = true;
  #inFlight = false;
  #again = false;
  #board: BoardSnapshot | null = null;
  /** The board known when the page last asked: what `serviceMoved` compares a new board with. */
  #seen: BoardSnapshot | null = null;
  #onCalled: () => void = () => {};
  /** The service whose line the live link follows, and how to close that link. */
  #lineOf: string | null = null;
  #closeLive: (() => Promise<void>) | null = null;

  constructor(hub: HubClient, token: string) {
    this.#hub = hub;
    this.#token = token;
  }

  start(onCalled: () => void): () => void {
    this.#stopped = false;
    this.#onCalled = onCalled;
    void this.refresh(onCalled);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void this.refresh(onCalled);
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      this.#stopped = true;
      clearTimeout(this.#poll);
      clearTimeout(this.#soon);
      document.removeEventListener('visibilitychange', onVisible);
      this.#follow(null);
    };
  }

  /**
   * Follows the line of the ticket's service (known from the first answer; it changes when a
   * visitor is transferred or goes on to a route's next stop), and nothing else of the site's live
   * traffic: not the whole board, not other services' calls.
   */
  #follow(serviceId: string | null): void {
    if (serviceId === this.#lineOf) return;
    void this.#closeLive?.();
    this.#closeLive = null;
    this.live = false; // until the new link says it is up
    this.#lineOf = serviceId;
    if (serviceId === null || this.#stopped) return;
    this.#closeLive = openLive({
      hub: this.#hub,
      url: defaultWsUrl(location),
      subscribe: { lines: [serviceId] },
      onEvent: (ev) => {
        if (ev.kind === 'connection') {
          this.live = ev.connected;
          if (ev.connected) void this.refresh(this.#onCalled); // catch up after a gap
        } else if (ev.kind === 'line') this.#onBoard(ev.line, this.#onCalled);
      },
      onError: () => {
        this.live = false; // a site may refuse anonymous screens: polling carries on
      },
    });
  }

  #onBoard(board: BoardSnapshot, onCalled: () => void): void {
    this.#board = board;
    this.siteName = board.siteName;
    const v = this.view;
    if (v) this.calling = nowCalling(board, v.serviceId);
    this.#act(boardStep(v, this.#seen, board), onCalled);
  }

  /** Asks now, or after `soonWait` (once: a refresh already planned covers it), or not at all. */
  #act(step: 'now' | 'soon' | 'none', onCalled: () => void): void {
    if (step === 'now') void this.refresh(onCalled);
    else if (step === 'soon' && this.#soon === undefined)
      this.#soon = setTimeout(
        () => {
          this.#soon = undefined;
          void this.refresh(onCalled);
        },
        soonWait(this.#lastFetch, Date.now()),
      );
  }

  /** The poll: 30 s (15 s offline) after the last answer, whatever asked for it. */
  #schedulePoll(): void {
    clearTimeout(this.#poll);
    if (this.#stopped) return;
    this.#poll = setTimeout(() => void this.refresh(this.#onCalled), this.live ? POLL_MS : POLL_OFFLINE_MS);
  }

  /** Cancelling my ticket: asked to confirm, being sent, or refused / failed. */
  cancelling = $state<'idle' | 'confirm' | 'sending' | 'failed'>('idle');

  /** The visitor gives up their waiting ticket (after confirming); the hub checks the token and the status. */
  async cancel(): Promise<void> {
    if (this.cancelling === 'sending') return;
    this.cancelling = 'sending';
    try {
      this.view = await this.#hub.cancelMyTicket(this.#token);
      this.cancelling = 'idle';
    } catch {
      this.cancelling = 'failed';
      await this.refresh();
    }
  }

  /** Sending a rating: the score being sent, or 'failed' after an error. */
  rating = $state<number | 'failed' | null>(null);

  /** The visitor rates their finished visit (once; the hub answers the same score again with no change). */
  async rate(score: number): Promise<void> {
    if (this.rating !== null && this.rating !== 'failed') return;
    this.rating = score;
    try {
      const r = await this.#hub.rateVisit(this.#token, score);
      if (this.view) this.view = { ...this.view, ratingScore: r.score };
      this.rating = null;
    } catch (err) {
      // Rated already (from the counter's pad, or another tab): show what the hub has.
      if (err instanceof ApiError && err.code === 'ALREADY_RATED') {
        this.rating = null;
        if (this.view) this.view = { ...(await this.#hub.track(this.#token)) };
      } else this.rating = 'failed';
    }
  }

  /** "I'm here": being sent, refused (off the site network), or failed. */
  arriving = $state<'idle' | 'sending' | 'off-site' | 'failed'>('idle');

  /** The visitor confirms arrival; the hub accepts it only from the site's network. */
  async imHere(): Promise<void> {
    if (this.arriving === 'sending') return;
    this.arriving = 'sending';
    try {
      this.view = await this.#hub.imHere(this.#token);
      this.arriving = 'idle';
    } catch (err) {
      this.arriving = err instanceof ApiError && err.code === 'NOT_ON_SITE_NETWORK' ? 'off-site' : 'failed';
    }
  }

  /** "I'm running late": being sent, done (with the new position), or failed. */
  late = $state<{ state: 'idle' | 'sending' | 'failed' } | { state: 'done'; position: number }>({ state: 'idle' });

  async moveBack(places: number | 'end'): Promise<void> {
    if (this.late.state === 'sending') return;
    this.late = { state: 'sending' };
    try {
      const v = await this.#hub.moveMyTicketBack(this.#token, places);
      this.view = v;
      this.late = { state: 'done', position: v.position };
    } catch {
      this.late = { state: 'failed' };
      await this.refresh();
    }
  }

  async refresh(onCalled: () => void = () => {}): Promise<void> {
    if (this.view && isFinal(this.view)) return;
    if (this.#inFlight) {
      this.#again = true; // news during a request: ask again once it is back
      return;
    }
    this.#inFlight = true;
    this.#lastFetch = Date.now();
    this.#seen = this.#board;
    clearTimeout(this.#soon); // this answer covers the board that asked for it
    this.#soon = undefined;
    try {
      const next = await this.#hub.track(this.#token);
      const before = this.view;
      this.view = next;
      if (this.#board) this.calling = nowCalling(this.#board, next.serviceId);
      this.#follow(isFinal(next) ? null : next.serviceId);
      this.notFound = false;
      this.offline = false;
      this.updatedAt = Date.now();
      if (next.status === 'called' && before?.status !== 'called') onCalled();
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) this.notFound = true;
      else this.offline = true;
    } finally {
      this.#inFlight = false;
      this.#schedulePoll();
    }
    // A line that came while the request was out was judged against the view before the answer.
    if (this.view && !this.#again) this.#act(stepAfterAnswer(this.view, this.#seen, this.#board), onCalled);
    if (this.#again) {
      this.#again = false;
      await this.refresh(onCalled);
    }
  }
}
