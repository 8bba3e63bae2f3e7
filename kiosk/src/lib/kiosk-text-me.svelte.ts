/**
 * At the kiosk, a visitor who identified with their phone is offered, on the confirmation
 * screen, a text at "3 ahead" and at the call: one tap, the phone they typed is handed to the
 * hub (which seals it) through the ticket's tracking token, as the phone page would.
 */
import { DEFAULT_NOTIFY_AHEAD, type HubClient, type Lang } from '@callboard/hub/client';
import { isValidPhone } from './phone';

export class KioskTextMe {
  readonly #hub: HubClient;
  /** Whether the site sends texts (asked once per ticket shown). */
  available = $state(false);
  state = $state<'idle' | 'sending' | 'done' | 'failed'>('idle');
  masked = $state('');
  #token = '';

  constructor(hub: HubClient) {
    this.#hub = hub;
  }

  /** A new ticket on screen: offer texts if the visitor gave a phone and the site sends texts. */
  async offer(trackUrl: string, phone: string): Promise<void> {
    this.state = 'idle';
    this.available = false;
    this.#token = trackUrl.split('/t/')[1] ?? '';
    if (!this.#token || !isValidPhone(phone)) return;
    try {
      this.available = (await this.#hub.notifySettings(this.#token)).smsAvailable;
    } catch {
      this.available = false;
    }
  }

  async accept(phone: string, lang: Lang): Promise<void> {
    if (this.state === 'sending' || this.state === 'done') return;
    this.state = 'sending';
    try {
      const s = await this.#hub.setNotify(this.#token, { phone, aheadAt: DEFAULT_NOTIFY_AHEAD, onCall: true, lang });
      this.masked = s.phoneMasked ?? '';
      this.state = 'done';
    } catch {
      this.state = 'failed';
    }
  }
}
