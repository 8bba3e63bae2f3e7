/**
 * The join page's data and steps (docs/queue-policy.md "Joining from a phone"): the services
 * that take tickets from phones, and taking one — straight away on the site's Wi-Fi where the site
 * allows it, else with the phone number and the one-time code texted to it. The hub decides who
 * may; this only shows what it says and keeps the page's state.
 */
import { ApiError, type HubClient, type IssuedTicket, type JoinOptions } from '@callboard/hub/client';
import type { MessageKey } from './messages';

/** The words for a refusal of the hub, by its code. */
export function joinErrorKey(err: unknown): MessageKey {
  if (!(err instanceof ApiError)) return 'joinErrOther';
  switch (err.code) {
    case 'REMOTE_JOIN_LIMIT':
    case 'RATE_LIMITED':
      return 'joinErrLimit';
    case 'PHONE_CODE_INVALID':
      return 'joinErrCode';
    case 'ALREADY_WAITING':
      return 'joinErrHeld';
    case 'REMOTE_JOIN_CLOSED':
    case 'SERVICE_CLOSED':
      return 'joinErrClosed';
    case 'NOT_ON_SITE_NETWORK':
    case 'PHONE_CODES_OFF':
      return 'joinNeedsWifi';
    default:
      return 'joinErrOther';
  }
}

/** The track token in a ticket's tracking link (`…/t/<token>`). */
export function tokenOf(ticket: Pick<IssuedTicket, 'trackUrl'>): string {
  return ticket.trackUrl.split('/').pop() ?? '';
}

export class JoinPage {
  readonly #hub: HubClient;
  options = $state.raw<JoinOptions | null>(null);
  offline = $state(false);
  busy = $state(false);
  error = $state<MessageKey | null>(null);
  phone = $state('');
  code = $state('');
  /** Minutes the code sent last is valid, once sent. */
  codeSentMin = $state<number | null>(null);

  constructor(hub: HubClient) {
    this.#hub = hub;
  }

  async load(): Promise<void> {
    try {
      this.options = await this.#hub.joinOptions();
      this.offline = false;
    } catch {
      this.offline = true;
    }
  }

  /** Joining needs the phone code (not on the site network), and the site can send one. */
  get needsPhone(): boolean {
    return this.options !== null && !this.options.withoutPhone;
  }

  /** Whether a ticket can be taken now: on the site network, or with a number and a 6-digit code. */
  get ready(): boolean {
    if (!this.options) return false;
    if (this.options.withoutPhone) return true;
    return this.options.phoneCodes && this.codeSentMin !== null && /^\d{6}$/.test(this.code);
  }

  async sendCode(lang: 'zh' | 'en'): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error = null;
    try {
      const r = await this.#hub.requestPhoneCode({ phone: this.phone.trim(), lang });
      this.codeSentMin = Math.round(r.expiresInSec / 60);
    } catch (err) {
      this.error = joinErrorKey(err);
    } finally {
      this.busy = false;
    }
  }

  /** Takes a ticket for `serviceId`; answers its track token, or null (with `error` set). */
  async join(serviceId: string, lang: 'zh' | 'en'): Promise<string | null> {
    if (this.busy || !this.ready) return null;
    this.busy = true;
    this.error = null;
    try {
      const withPhone = this.needsPhone ? { phone: { number: this.phone.trim(), code: this.code } } : {};
      return tokenOf(await this.#hub.join({ serviceId, lang, ...withPhone }));
    } catch (err) {
      this.error = joinErrorKey(err);
      await this.load();
      return null;
    } finally {
      this.busy = false;
    }
  }
}
