/**
 * "Tell me when it is nearly my turn" on the phone's tracking page: the visitor picks "N ahead"
 * (default 3) and "when I'm called"; the open page alerts by itself (track-alerts.ts), and where
 * the site sends texts the visitor may add a phone, which the hub seals at once and only ever
 * shows back masked (`138****5678`).
 */
import {
  ApiError,
  DEFAULT_NOTIFY_AHEAD,
  type HubClient,
  type Lang,
  type NotifySettingsView,
  type TrackView,
} from '@callboard/hub/client';
import { isValidPhone } from './phone';
import { aheadAlertLapsed, type PageAlert, pageAlertDue } from './track-alerts';

export class TrackNotify {
  readonly #hub: HubClient;
  readonly #token: string;
  settings = $state.raw<NotifySettingsView | null>(null);
  aheadAt = $state<number | null>(DEFAULT_NOTIFY_AHEAD);
  onCall = $state(true);
  phone = $state('');
  saving = $state<'idle' | 'saving' | 'saved' | 'failed' | 'invalid'>('idle');
  /** The alert standing on the page now (a banner until the visitor dismisses it). */
  alert = $state<PageAlert | null>(null);
  #fired = { ahead: false, called: false };
  #audio: AudioContext | null = null;

  constructor(hub: HubClient, token: string) {
    this.#hub = hub;
    this.#token = token;
  }

  async load(): Promise<void> {
    try {
      const s = await this.#hub.notifySettings(this.#token);
      this.settings = s;
      this.aheadAt = s.aheadAt;
      this.onCall = s.onCall;
    } catch {
      // An old hub or an unknown ticket: the page alerts with the defaults.
    }
  }

  async save(lang: Lang): Promise<void> {
    this.#prime();
    const phone = this.phone.replace(/\D/g, '');
    if (phone !== '' && !isValidPhone(phone)) {
      this.saving = 'invalid';
      return;
    }
    this.saving = 'saving';
    try {
      this.settings = await this.#hub.setNotify(this.#token, {
        aheadAt: this.aheadAt,
        onCall: this.onCall,
        lang,
        ...(phone !== '' ? { phone } : {}),
      });
      this.phone = '';
      this.saving = 'saved';
    } catch (err) {
      this.saving = err instanceof ApiError && err.status === 400 ? 'invalid' : 'failed';
    }
  }

  async stopTexts(): Promise<void> {
    try {
      this.settings = await this.#hub.setNotify(this.#token, { stop: true });
    } catch {
      this.saving = 'failed';
    }
  }

  /** Looks at a fresh view; returns the alert that is due now (once each), and rings it. */
  check(view: TrackView): PageAlert | null {
    // "N ahead" only once the visitor asked for it; the call alerts unless they turned it off.
    const aheadAt = this.settings?.subscribed ? this.aheadAt : null;
    if (this.#fired.ahead && aheadAlertLapsed(view, aheadAt)) {
      this.#fired.ahead = false;
      if (this.alert === 'ahead') this.alert = null;
    }
    const due = pageAlertDue(view, {
      aheadAt,
      onCall: this.onCall,
      firedAhead: this.#fired.ahead,
      firedCalled: this.#fired.called,
    });
    if (!due) return null;
    this.#fired[due] = true;
    this.alert = due;
    navigator.vibrate?.(due === 'called' ? [400, 150, 400, 150, 400] : [200, 100, 200]);
    this.#chime(due === 'called' ? 3 : 2);
    return due;
  }

  /** Browsers play sound only after a tap: the "save" tap opens the audio for later alerts. */
  #prime(): void {
    try {
      this.#audio ??= new AudioContext();
      void this.#audio.resume();
    } catch {
      this.#audio = null;
    }
  }

  #chime(beeps: number): void {
    const ctx = this.#audio;
    if (!ctx) return;
    for (let i = 0; i < beeps; i++) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = 880;
      gain.gain.value = 0.2;
      osc.connect(gain).connect(ctx.destination);
      const at = ctx.currentTime + i * 0.35;
      osc.start(at);
      osc.stop(at + 0.2);
    }
  }
}
