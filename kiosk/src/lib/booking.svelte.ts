/**
 * The visitor's appointment page (the link in a reminder text): the masked view of one
 * appointment from its page token, "I'm here" (on the site's network), cancel.
 */
import {
  ApiError,
  type BookingPageView,
  bookingArrived,
  bookingPage,
  cancelBooking,
  type HubClient,
} from '@callboard/hub/client';

export type BookingAction = 'idle' | 'sending' | 'off-site' | 'not-today' | 'too-late' | 'failed';

/** What a refused "I'm here" tells the visitor. */
export function arrivalProblem(err: unknown): BookingAction {
  if (!(err instanceof ApiError)) return 'failed';
  if (err.code === 'NOT_ON_SITE_NETWORK') return 'off-site';
  if (err.code === 'CHECK_IN_CLOSED') return (err.details as { status?: string } | undefined)?.status ? 'too-late' : 'not-today';
  return 'failed';
}

export class BookingPage {
  readonly #hub: HubClient;
  readonly #token: string;
  view = $state.raw<BookingPageView | null>(null);
  notFound = $state(false);
  offline = $state(false);
  arriving = $state<BookingAction>('idle');
  cancelling = $state<'idle' | 'confirm' | 'sending' | 'failed'>('idle');

  constructor(hub: HubClient, token: string) {
    this.#hub = hub;
    this.#token = token;
  }

  async load(): Promise<void> {
    try {
      this.view = await bookingPage(this.#hub, this.#token);
      this.offline = false;
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) this.notFound = true;
      else this.offline = true;
    }
  }

  async imHere(): Promise<void> {
    this.arriving = 'sending';
    try {
      this.view = await bookingArrived(this.#hub, this.#token);
      this.arriving = 'idle';
    } catch (err) {
      this.arriving = arrivalProblem(err);
    }
  }

  async cancel(): Promise<void> {
    this.cancelling = 'sending';
    try {
      this.view = await cancelBooking(this.#hub, this.#token);
      this.cancelling = 'idle';
    } catch {
      this.cancelling = 'failed';
      await this.load();
    }
  }
}
