/**
 * "I missed my call" at the kiosk (过号重新排队): the visitor scans the QR on their ticket (paper,
 * or the phone's queue page) on the missed-call screen and goes back in the line by themselves.
 * A keyboard-mode scanner's code is sent here over REST (`POST /arrivals/missed`); a bridge
 * scanner's code is handled by the hub itself, which answers on the kiosk's commands topic (the
 * kiosk shows that answer as any card result). A refusal is said on the missed-call screen.
 */
import { ApiError, type HubClient, type Localized, requeueMissed, trackTokenFromScan } from '@callboard/hub/client';
import { missedErrorKey } from './errors';
import type { IssuedResult } from './kiosk-types';
import type { MessageKey } from './messages';

/** What the missed-call flow needs from the kiosk around it. */
export interface MissedCallHost {
  /** Another request for this visitor is in flight: a scan waits its turn. */
  occupied(): boolean;
  serviceName(serviceId: string): Localized;
  show(result: IssuedResult): void;
  say(key: MessageKey): void;
}

export class MissedCall {
  readonly #hub: HubClient;
  readonly #host: MissedCallHost;

  /** Why the last scan was refused (shown on the missed-call screen). */
  error = $state<MessageKey | null>(null);
  /** A re-queue is in flight. */
  busy = $state(false);

  constructor(hub: HubClient, host: MissedCallHost) {
    this.#hub = hub;
    this.#host = host;
  }

  clear(): void {
    this.error = null;
  }

  /** A refusal that came another way (the hub's answer to the bridge scanner's scan). */
  refused(key: MessageKey): void {
    this.error = key;
    this.#host.say(key);
  }

  /** A code typed by a keyboard-mode scanner on the missed-call screen: true when it was a ticket's QR. */
  scanned(code: string): boolean {
    if (trackTokenFromScan(code) === undefined) return false;
    void this.requeue(code);
    return true;
  }

  async requeue(code: string): Promise<void> {
    if (this.busy || this.#host.occupied()) return;
    this.busy = true;
    this.error = null;
    try {
      const ticket = await requeueMissed(this.#hub, code);
      this.#host.show({
        ticket,
        serviceName: this.#host.serviceName(ticket.serviceId),
        existing: false,
        print: 'none',
        requeued: true,
      });
    } catch (err) {
      const key =
        err instanceof ApiError
          ? missedErrorKey(err.code, (err.details as { status?: unknown } | undefined)?.status)
          : 'errTryAgain';
      this.refused(key);
    } finally {
      this.busy = false;
    }
  }
}
