/**
 * One visitor's ticket request, retried while the hub cannot be reached: the same idempotency key
 * on every attempt (a hub that honours it issues once), a countdown between attempts, and a give-up
 * after `RETRY_GIVE_UP_MS` (the visitor is asked to see staff). What the hub answers is handed to
 * the kiosk: the new ticket, the one the visitor already holds, or a refusal in words.
 */
import type { HubClient, IssuedTicket, IssueTicketBody, Lang, Localized } from '@callboard/hub/client';
import { classifyIssueError, RETRY_GIVE_UP_MS, retryDelayMs } from './errors';
import type { PendingIssue } from './kiosk-types';
import type { MessageKey } from './messages';

export interface IssuingHost {
  /** The visitor's language, sent with the request (the printed ticket speaks it). */
  lang(): Lang;
  /** The ticket to show: newly issued, or the one the visitor already held (`existing`). */
  issued(ticket: IssuedTicket, serviceName: Localized, existing: boolean): void;
  /** The hub said no (`code`: its error code; `message`: in words; `nextOpenAt`: when a closed service opens next). */
  refused(message: MessageKey, code: string, nextOpenAt?: number): void;
  /** The hub stayed out of reach for `RETRY_GIVE_UP_MS`. */
  gaveUp(): void;
}

function newKey(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export class TicketRequest {
  readonly #hub: HubClient;
  readonly #host: IssuingHost;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;

  /** A request is in flight. */
  busy = $state(false);
  pending = $state.raw<PendingIssue | null>(null);
  /** When the next automatic retry happens (hub unreachable), or null. */
  retryAt = $state<number | null>(null);
  /** The pending request failed at least once for want of the hub: the retry screen is up. */
  retrying = $state(false);

  constructor(hub: HubClient, host: IssuingHost) {
    this.#hub = hub;
    this.#host = host;
  }

  async issue(body: IssueTicketBody, serviceName: Localized): Promise<void> {
    if (this.busy || this.pending) return;
    const pending: PendingIssue = { body, key: newKey(), serviceName, startedAt: Date.now(), attempts: 0 };
    this.pending = pending;
    await this.#attempt(pending);
  }

  /** "Try now" on the retry screen. */
  retryNow(): void {
    const p = this.pending;
    if (!p || this.busy) return;
    clearTimeout(this.#retryTimer);
    void this.#attempt(p);
  }

  cancel(): void {
    clearTimeout(this.#retryTimer);
    this.pending = null;
    this.retryAt = null;
    this.retrying = false;
  }

  async #attempt(p: PendingIssue): Promise<void> {
    if (this.pending !== p) return;
    this.busy = true;
    this.retryAt = null;
    p.attempts++;
    try {
      const body = { ...p.body, source: 'kiosk' as const, lang: this.#host.lang() };
      const ticket = await this.#hub.issueTicket(body, { idempotencyKey: p.key });
      if (this.pending !== p) return; // the visitor cancelled meanwhile
      this.cancel();
      this.#host.issued(ticket, p.serviceName, false);
    } catch (err) {
      if (this.pending !== p) return;
      const failure = classifyIssueError(err);
      if (failure.kind === 'retry') {
        if (Date.now() - p.startedAt >= RETRY_GIVE_UP_MS) {
          this.cancel();
          this.#host.gaveUp();
          return;
        }
        const delay = retryDelayMs(p.attempts);
        this.retrying = true;
        this.retryAt = Date.now() + delay;
        this.#retryTimer = setTimeout(() => void this.#attempt(p), delay);
      } else if (failure.kind === 'existing') {
        this.cancel();
        this.#host.issued(failure.ticket, p.serviceName, true);
      } else {
        this.cancel();
        this.#host.refused(failure.message, failure.code, failure.nextOpenAt);
      }
    } finally {
      this.busy = false;
    }
  }
}
