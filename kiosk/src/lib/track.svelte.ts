/**
 * The phone tracking page's data: the masked track view from REST, refreshed whenever the hub's
 * live topics say something changed for this ticket's service (a board snapshot where its line or
 * its numbers at the counters moved; a call of this very number: at once), and every 30 s in any
 * case (15 s while the live link is down).
 * Anonymous: the board and calls topics carry numbers only, never identities.
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
import { boardNews, isFinal, nowCalling, serviceMoved } from './track-view';

const POLL_MS = 30_000;
const POLL_OFFLINE_MS = 15_000;
/** At most one refresh per this long from board updates (a busy hall changes every second). */
const THROTTLE_MS = 2_000;

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
  #trailing: ReturnType<typeof setTimeout> | undefined;
  #inFlight = false;
  #again = false;
  #board: BoardSnapshot | null = null;

  constructor(hub: HubClient, token: string) {
    this.#hub = hub;
    this.#token = token;
  }

  start(onCalled: () => void): () => void {
    let stopped = false;
    let poll: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      clearTimeout(poll);
      if (!stopped) poll = setTimeout(tick, this.live ? POLL_MS : POLL_OFFLINE_MS);
    };
    const tick = async () => {
      await this.refresh(onCalled);
      schedule();
    };
    void tick();
    const closeLive = openLive({
      hub: this.#hub,
      url: defaultWsUrl(location),
      subscribe: { board: true, calls: true },
      onEvent: (ev) => {
        if (ev.kind === 'connection') {
          this.live = ev.connected;
          if (ev.connected) void this.refresh(onCalled); // catch up after a gap
        } else if (ev.kind === 'call') {
          const v = this.view;
          if (v && ev.call.number === v.number && ev.call.serviceId === v.serviceId) void this.refresh(onCalled);
        } else if (ev.kind === 'board') this.#onBoard(ev.board, onCalled);
      },
      onError: () => {
        this.live = false; // a site may refuse anonymous screens: polling carries on
      },
    });
    const onVisible = () => {
      if (document.visibilityState === 'visible') void this.refresh(onCalled);
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stopped = true;
      clearTimeout(poll);
      clearTimeout(this.#trailing);
      document.removeEventListener('visibilitychange', onVisible);
      void closeLive();
    };
  }

  #onBoard(board: BoardSnapshot, onCalled: () => void): void {
    const prev = this.#board;
    this.#board = board;
    this.siteName = board.siteName;
    const v = this.view;
    if (v) this.calling = nowCalling(board, v.serviceId);
    // The board says this ticket changed at a counter (no-show, finish, call): refresh at once.
    if (v && boardNews(v, board)) void this.refresh(onCalled);
    else if (!v || serviceMoved(prev, board, v.serviceId)) this.#throttled(onCalled);
  }

  #throttled(onCalled: () => void): void {
    const wait = this.#lastFetch + THROTTLE_MS - Date.now();
    if (wait <= 0) void this.refresh(onCalled);
    else if (this.#trailing === undefined)
      this.#trailing = setTimeout(() => {
        this.#trailing = undefined;
        void this.refresh(onCalled);
      }, wait);
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
    try {
      const next = await this.#hub.track(this.#token);
      const before = this.view;
      this.view = next;
      if (this.#board) this.calling = nowCalling(this.#board, next.serviceId);
      this.notFound = false;
      this.offline = false;
      this.updatedAt = Date.now();
      if (next.status === 'called' && before?.status !== 'called') onCalled();
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) this.notFound = true;
      else this.offline = true;
    } finally {
      this.#inFlight = false;
    }
    if (this.#again) {
      this.#again = false;
      await this.refresh(onCalled);
    }
  }
}
