/**
 * The state of one kiosk: who it is (paired device), the visitor's choices (language, senior
 * mode, service, identity), the ticket request in flight or being retried, the ticket to show
 * and what became of its paper copy. Screens are routes; this class decides which one comes
 * next and asks the layout to go there (`navigate`).
 */
import {
  ApiError,
  type HubClient,
  type IdentityInput,
  type IssuedTicket,
  type IssueTicketBody,
  type Lang,
  type Localized,
} from '@callboard/hub/client';
import { createContext } from 'svelte';
import { type Arrival, arrivalOf, checkInErrorKey, isRef, minusMinutes, pressRefKey, refFromScan } from './appointment';
import { type IdentityMethod, identityRule, type KioskConfig } from './config';
import {
  clearCredentials,
  credentialsFor,
  type DeviceCredentials,
  loadCredentials,
  saveCredentials,
  tokenFromFragment,
} from './credentials';
import { DeviceLink } from './device-link.svelte';
import type { KioskInbound } from './device-messages';
import { cardErrorKey, classifyIssueError, RETRY_GIVE_UP_MS, retryDelayMs } from './errors';
import { type MessageKey, t } from './messages';
import { Pairing } from './pairing.svelte';
import { backspace, phoneProblem, pressDigit } from './phone';
import { isPrintProblem, nextPrintState, type PrintEvent, type PrintState } from './printing';
import { ServiceTiles } from './services.svelte';
import type { Tile } from './tiles';
import { type Speaker, spellNumber } from './voice';

export type Screen = 'welcome' | 'identity' | 'card' | 'phone' | 'scan' | 'appointment' | 'issued' | 'pair';

/** What the confirmation shows of a ticket (a check-in's reply carries fewer fields than an issue's). */
export type ShownTicket = Pick<
  IssuedTicket,
  'id' | 'number' | 'serviceId' | 'position' | 'estimatedWaitSec' | 'trackUrl' | 'identityMasked'
>;

/** The appointment a check-in turned into the ticket, and how the visitor came for it. */
export interface CheckedInAppointment {
  ref: string;
  /** Slot start, `HH:MM` site time. */
  time: string;
  arrival: Arrival;
  /** `HH:MM` the policy window opens (an early visitor is ranked as an appointment from then). */
  opens: string;
}

export interface IssuedResult {
  ticket: ShownTicket;
  serviceName: Localized;
  identityMasked?: string;
  /** The visitor already held this ticket (shown instead of a second one). */
  existing: boolean;
  print: PrintState;
  /** Set when the ticket came from an appointment check-in. */
  appointment?: CheckedInAppointment;
}

interface PendingIssue {
  body: IssueTicketBody;
  /** Same key on every retry of this visitor's request: a hub that honours it issues once. */
  key: string;
  serviceName: Localized;
  startedAt: number;
  attempts: number;
}

export interface KioskEnv {
  storage: Storage;
  location: Location;
  history: History;
  speaker: Speaker | null;
}

/** Service tiles per screen: senior mode shows fewer choices. */
export const TILES_PER_PAGE = 6;
export const ELDERLY_TILES_PER_PAGE = 2;

function newKey(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export class Kiosk {
  readonly hub: HubClient;
  readonly config: KioskConfig;
  readonly services: ServiceTiles;
  readonly #env: KioskEnv;
  #navigate: (screen: Screen) => void = () => {};
  #retryTimer: ReturnType<typeof setTimeout> | undefined;

  lang = $state<Lang>('zh');
  elderly = $state(false);
  /** The screen on display (the layout sets it from the route). */
  screen = $state<Screen>('welcome');
  /** `?device=…&…` kept across screens (never the fragment). */
  search = $state('');
  creds = $state.raw<DeviceCredentials | null>(null);
  link = $state.raw<DeviceLink | null>(null);
  pairing = $state.raw<Pairing | null>(null);
  /** Last touch, for the idle reset. */
  lastActivity = $state(Date.now());

  service = $state.raw<Tile | null>(null);
  phone = $state('');
  phoneInvalid = $state(false);
  /** A ticket request is in flight. */
  busy = $state(false);
  pending = $state.raw<PendingIssue | null>(null);
  /** When the next automatic retry happens (hub unreachable), or null. */
  retryAt = $state<number | null>(null);
  /** The pending request failed at least once for want of the hub: the retry screen is up. */
  retrying = $state(false);
  result = $state.raw<IssuedResult | null>(null);
  /** A message in a dialog over the current screen. */
  error = $state<MessageKey | null>(null);
  /** The closed service whose "not open now" dialog is shown. */
  closed = $state.raw<Tile | null>(null);
  cardError = $state<MessageKey | null>(null);
  /** The card screen could not tell the hub which service the card is for. */
  cardUnavailable = $state(false);
  /** The hub has been told which service the next card is for. */
  cardArmed = $state(false);
  /** The reference typed on the appointment keypad. */
  appointmentRef = $state('');
  /** Why the last check-in was refused (on the appointment screen). */
  appointmentError = $state<MessageKey | null>(null);
  /** The last prompt (spoken when voice is on; always in the live region). */
  prompt = $state('');

  constructor(hub: HubClient, config: KioskConfig, env: KioskEnv) {
    this.hub = hub;
    this.config = config;
    this.#env = env;
    this.lang = config.lang;
    this.services = new ServiceTiles(hub, () => this.link?.board ?? null);
  }

  /** The site's time zone, from the live board (undefined until it has come). */
  get timeZone(): string | undefined {
    return this.link?.board?.timeZone;
  }

  get paired(): boolean {
    return this.creds !== null;
  }

  get voiceOn(): boolean {
    return this.config.voice === 'on' || (this.config.voice === 'elderly' && this.elderly);
  }

  get tilesPerPage(): number {
    return this.elderly ? ELDERLY_TILES_PER_PAGE : TILES_PER_PAGE;
  }

  get identityMethods(): IdentityMethod[] {
    return this.config.methods;
  }

  get canSkipIdentity(): boolean {
    return this.service !== null && identityRule(this.config, this.service.id) !== 'required';
  }

  /** How long the confirmation stays: longer when nothing was printed (time to scan the QR code). */
  get confirmMs(): number {
    const r = this.result;
    return r && isPrintProblem(r.print) ? Math.max(this.config.confirmMs, 60_000) : this.config.confirmMs;
  }

  // ---------------- life cycle ----------------

  /** Starts the kiosk: provisioning link, stored credentials or pairing. Returns its stop. */
  boot(navigate: (screen: Screen) => void): () => void {
    this.#navigate = navigate;
    const { storage, location, history } = this.#env;
    const params = new URLSearchParams(location.search);
    this.search = params.toString() ? `?${params}` : '';
    const fragmentToken = tokenFromFragment(location.hash);
    if (location.hash) history.replaceState(history.state, '', location.pathname + location.search);
    if (fragmentToken && this.config.device) saveCredentials(storage, { deviceId: this.config.device, token: fragmentToken });
    const creds = credentialsFor(loadCredentials(storage), this.config.device);
    if (creds) this.#usePaired(creds);
    else this.#startPairing();
    return () => {
      clearTimeout(this.#retryTimer);
      this.pairing?.stop();
      void this.link?.stop();
    };
  }

  #usePaired(creds: DeviceCredentials): void {
    this.creds = creds;
    this.hub.setDeviceToken(creds.token);
    const link = new DeviceLink(this.hub, creds, {
      onMessage: (m) => this.onDeviceMessage(m),
      onRefused: () => void this.#checkToken(),
    });
    this.link = link;
    link.start();
    void this.#checkToken();
  }

  /** A token the hub no longer knows (device removed) sends the kiosk back to pairing. */
  async #checkToken(): Promise<void> {
    const creds = this.creds;
    if (!creds) return;
    try {
      await this.hub.device(creds.deviceId);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401 && this.creds === creds) this.unpair();
    }
  }

  unpair(): void {
    clearCredentials(this.#env.storage);
    const link = this.link;
    this.link = null;
    void link?.stop();
    this.creds = null;
    this.hub.setDeviceToken(undefined);
    this.#startPairing();
  }

  #startPairing(): void {
    this.pairing?.stop();
    const pairing = new Pairing(this.hub, this.config.device, (creds) => this.#paired(creds));
    this.pairing = pairing;
    pairing.start();
    this.#navigate('pair');
  }

  #paired(creds: DeviceCredentials): void {
    saveCredentials(this.#env.storage, creds);
    this.pairing = null;
    // The URL names the device it is now (a supervisor may have chosen another id than asked).
    const params = new URLSearchParams(this.search);
    if (params.get('device') !== creds.deviceId) {
      params.set('device', creds.deviceId);
      this.search = `?${params}`;
    }
    this.#usePaired(creds);
    this.#navigate('welcome');
  }

  // ---------------- screens ----------------

  /** The layout reports each new screen: speak its prompt. */
  entered(screen: Screen): void {
    this.screen = screen;
    if (screen === 'welcome') this.say('sayWelcome');
    else if (screen === 'identity') this.say('sayIdentity');
    else if (screen === 'card') this.say('cardTitle');
    else if (screen === 'scan') this.say('scanTitle');
    else if (screen === 'phone') this.say('phoneTitle');
    else if (screen === 'appointment') this.say('apptTitle');
    else if (screen === 'issued' && this.result) this.#sayResult(this.result);
  }

  touch(): void {
    this.lastActivity = Date.now();
  }

  say(key: MessageKey, params?: Record<string, string | number>): void {
    const text = t(this.lang, key, params);
    this.prompt = text;
    if (this.voiceOn) this.#env.speaker?.speak(text, this.lang);
  }

  #sayResult(r: IssuedResult): void {
    const number = spellNumber(r.ticket.number);
    if (r.existing) {
      this.say('sayExisting', { number });
      return;
    }
    const ahead = r.ticket.position === 0 ? t(this.lang, 'youAreNext') : t(this.lang, 'peopleAhead', { n: r.ticket.position });
    this.say('sayNumber', { number, ahead });
  }

  setElderly(on: boolean): void {
    this.elderly = on;
    if (!on) this.#env.speaker?.cancel();
    this.say(this.screen === 'welcome' ? 'sayWelcome' : 'elderly');
  }

  /** Ready for the next visitor: welcome screen, default language and mode, nothing pending. */
  reset(): void {
    this.cancelPending();
    this.result = null;
    this.service = null;
    this.phone = '';
    this.phoneInvalid = false;
    this.error = null;
    this.closed = null;
    this.cardError = null;
    this.cardUnavailable = false;
    this.appointmentRef = '';
    this.appointmentError = null;
    this.lang = this.config.lang;
    this.elderly = false;
    this.#env.speaker?.cancel();
    void this.services.refresh();
    this.#navigate('welcome');
  }

  // ---------------- the visitor's steps ----------------

  chooseService(tile: Tile): void {
    if (this.busy || this.pending) return;
    this.error = null;
    if (!tile.open) {
      this.closed = tile;
      return;
    }
    this.service = tile;
    this.phone = '';
    this.phoneInvalid = false;
    this.cardError = null;
    if (identityRule(this.config, tile.id) === 'none') void this.issue({ serviceId: tile.id });
    else this.#navigate('identity');
  }

  chooseMethod(method: IdentityMethod): void {
    this.cardError = null;
    if (method === 'card') this.#navigate('card');
    else if (method === 'phone') this.#navigate('phone');
    else this.#navigate('scan');
  }

  /** Back from the card, scan or phone screen to the choice of ways. */
  otherWays(): void {
    this.cardError = null;
    this.phoneInvalid = false;
    this.#navigate('identity');
  }

  /** On the card screen: tell the hub the service, so the card placed next is for it. */
  async armCard(): Promise<void> {
    const serviceId = this.service?.id;
    this.cardArmed = false;
    if (!serviceId) return;
    const ok = (await this.link?.selectService(serviceId)) ?? false;
    this.cardUnavailable = !ok;
    this.cardArmed = ok;
  }

  skipIdentity(): void {
    if (!this.service || !this.canSkipIdentity) return;
    void this.issue({ serviceId: this.service.id });
  }

  typeDigit(digit: string): void {
    this.phone = pressDigit(this.phone, digit);
    this.phoneInvalid = false;
  }

  deleteDigit(): void {
    this.phone = backspace(this.phone);
    this.phoneInvalid = false;
  }

  clearPhone(): void {
    this.phone = '';
    this.phoneInvalid = false;
  }

  submitPhone(): void {
    if (!this.service) return;
    const problem = phoneProblem(this.phone);
    if (problem) {
      this.phoneInvalid = true;
      this.say(problem.key, { n: problem.n });
      return;
    }
    void this.issue({ serviceId: this.service.id, identity: { kind: 'phone', value: this.phone } });
  }

  // ---------------- appointment check-in ----------------

  /** "I have an appointment" on the welcome screen. */
  startAppointment(): void {
    if (this.busy || this.pending) return;
    this.service = null;
    this.error = null;
    this.appointmentRef = '';
    this.appointmentError = null;
    this.#navigate('appointment');
  }

  typeRefKey(key: string): void {
    this.appointmentRef = pressRefKey(this.appointmentRef, key);
    this.appointmentError = null;
  }

  deleteRefKey(): void {
    this.appointmentRef = this.appointmentRef.slice(0, -1);
    this.appointmentError = null;
  }

  clearRef(): void {
    this.appointmentRef = '';
    this.appointmentError = null;
  }

  submitRef(): void {
    if (!isRef(this.appointmentRef)) {
      this.appointmentError = 'apptRefShort';
      this.say('apptRefShort');
      return;
    }
    void this.checkIn(this.appointmentRef);
  }

  /** Checks the appointment in as this kiosk: its ticket (source `appointment`) is shown and printed. */
  async checkIn(ref: string): Promise<void> {
    if (this.busy || this.pending) return;
    this.busy = true;
    this.appointmentError = null;
    this.error = null;
    try {
      const { appointment, ticket } = await this.hub.checkInAppointment(ref);
      const tile = this.services.tiles?.find((t) => t.id === appointment.serviceId);
      const w = this.config.appointmentWindow;
      this.#show(
        {
          ticket,
          serviceName: tile?.name ?? { zh: appointment.serviceId, en: appointment.serviceId },
          identityMasked: appointment.identityMasked,
          existing: false,
          print: 'none',
          appointment: {
            ref: appointment.ref,
            time: appointment.time,
            arrival: arrivalOf(Date.now(), appointment.start, w),
            opens: minusMinutes(appointment.time, w.earlyMs / 60_000),
          },
        },
        'rest',
      );
    } catch (err) {
      const key = checkInErrorKey(err);
      if (this.screen === 'appointment') this.appointmentError = key;
      else this.error = key;
      this.say(key);
    } finally {
      this.busy = false;
    }
  }

  /** A code from the scanner (keyboard-mode, or forwarded by the hub). */
  scanned(code: string): void {
    // A booking QR checks the appointment in, from the screens a visitor scans on.
    const ref = refFromScan(code);
    if (ref !== null && ['welcome', 'appointment', 'identity', 'scan'].includes(this.screen)) {
      this.appointmentRef = ref;
      void this.checkIn(ref);
      return;
    }
    if (!this.service || (this.screen !== 'scan' && this.screen !== 'identity')) return;
    if (code.length > 128) {
      this.error = 'errIdentityInvalid';
      return;
    }
    const identity: IdentityInput = { kind: 'qr', value: code };
    void this.issue({ serviceId: this.service.id, identity });
  }

  // ---------------- issuing, with retry ----------------

  async issue(body: IssueTicketBody): Promise<void> {
    if (this.busy || this.pending) return;
    const serviceName = this.service?.name ?? { zh: body.serviceId, en: body.serviceId };
    const pending: PendingIssue = { body, key: newKey(), serviceName, startedAt: Date.now(), attempts: 0 };
    this.pending = pending;
    this.error = null;
    await this.#attempt(pending);
  }

  /** "Try now" on the retry screen. */
  retryNow(): void {
    const p = this.pending;
    if (!p || this.busy) return;
    clearTimeout(this.#retryTimer);
    void this.#attempt(p);
  }

  cancelPending(): void {
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
      const ticket = await this.hub.issueTicket({ ...p.body, source: 'kiosk', lang: this.lang }, { idempotencyKey: p.key });
      if (this.pending !== p) return; // the visitor cancelled meanwhile
      this.#show({ ticket, serviceName: p.serviceName, existing: false, print: 'none' }, 'rest');
    } catch (err) {
      if (this.pending !== p) return;
      const failure = classifyIssueError(err);
      if (failure.kind === 'retry') {
        if (Date.now() - p.startedAt >= RETRY_GIVE_UP_MS) {
          this.cancelPending();
          this.error = 'hubGaveUp';
          return;
        }
        const delay = retryDelayMs(p.attempts);
        this.retrying = true;
        this.retryAt = Date.now() + delay;
        this.#retryTimer = setTimeout(() => void this.#attempt(p), delay);
      } else if (failure.kind === 'existing') {
        this.#show({ ticket: failure.ticket, serviceName: p.serviceName, existing: true, print: 'none' }, 'rest');
      } else {
        this.cancelPending();
        if (failure.code === 'SERVICE_CLOSED' && this.service)
          this.closed = {
            ...this.service,
            open: false,
            ...(failure.nextOpenAt !== undefined ? { nextOpenAt: failure.nextOpenAt } : {}),
          };
        else this.error = failure.message;
        this.say(failure.message);
      }
    } finally {
      this.busy = false;
    }
  }

  /** Shows a ticket; a ticket issued over REST is then sent to this kiosk's printer. */
  #show(result: IssuedResult, via: 'rest' | 'card'): void {
    this.cancelPending();
    this.error = null;
    this.closed = null;
    this.cardError = null;
    const withIdentity = result.ticket.identityMasked
      ? { ...result, identityMasked: result.identityMasked ?? result.ticket.identityMasked }
      : result;
    this.result = withIdentity;
    if (this.screen === 'issued') this.#sayResult(withIdentity);
    else this.#navigate('issued');
    if (via === 'rest') void this.#print(withIdentity.ticket);
  }

  async #print(ticket: ShownTicket): Promise<void> {
    const creds = this.creds;
    if (!creds) return;
    this.#printEvent(ticket.id, { kind: 'sent' });
    try {
      const reply = await this.hub.printTicket(creds.deviceId, ticket.id);
      this.#printEvent(ticket.id, reply.printer ? { kind: 'sent', condition: reply.printer.condition } : { kind: 'sent' });
    } catch (err) {
      this.#printEvent(
        ticket.id,
        err instanceof ApiError && err.code === 'UNAVAILABLE' ? { kind: 'unavailable' } : { kind: 'error' },
      );
    }
  }

  #printEvent(ticketId: string, event: PrintEvent): void {
    const r = this.result;
    if (!r || r.ticket.id !== ticketId) return;
    this.result = { ...r, print: nextPrintState(r.print, event) };
  }

  // ---------------- from the hub, on this kiosk's commands topic ----------------

  onDeviceMessage(m: KioskInbound): void {
    if (!this.paired) return;
    if (m.type === 'print-result') {
      this.#printEvent(m.ticketId, { kind: 'result', ok: m.ok, ...(m.reason ? { reason: m.reason } : {}) });
      return;
    }
    if (m.type === 'scan') {
      this.scanned(m.code);
      return;
    }
    // A card placed on this kiosk's reader: on the card screen, or on any other (the hub then
    // used the bridge's default service).
    if (m.ok && m.ticket) {
      if (this.busy) return; // a REST request for this visitor is in flight: it wins
      const serviceName = m.serviceName ?? this.service?.name ?? { zh: m.ticket.serviceId, en: m.ticket.serviceId };
      this.#show(
        {
          ticket: m.ticket,
          serviceName,
          existing: m.existing ?? false,
          print: nextPrintState('none', { kind: 'card', printing: m.printing ?? false }),
          ...(m.identityMasked ? { identityMasked: m.identityMasked } : {}),
        },
        'card',
      );
      return;
    }
    const key = cardErrorKey(m.error?.code);
    // A visitor already looking at their ticket is not interrupted by a late or repeated read
    // of the card still lying on the reader: the ticket on screen is the answer.
    if (this.screen === 'issued') return;
    if (m.error?.code === 'SERVICE_CLOSED' && this.service) this.closed = this.service;
    else if (this.screen === 'card') this.cardError = key;
    else this.error = key;
    this.say(key);
  }
}

export const [getKiosk, setKiosk] = createContext<Kiosk>();
