/**
 * The state of one kiosk: the visitor's choices (language, senior mode, service, identity), the
 * ticket to show and what became of its paper copy. Screens are routes; this class decides which
 * one comes next and asks the layout to go there (`navigate`). Parts live beside it: who the
 * kiosk is to the hub (`DeviceSession`: pairing, token, live link), the appointment check-in
 * (`AppointmentCheckIn`), the missed-call re-queue (`MissedCall`), what a scanned code means
 * (`ScanDispatch`) and the ticket request retried while the hub is out of reach (`TicketRequest`).
 */
import type { HubClient, IssueTicketBody, Lang, Localized } from '@callboard/hub/client';
import { createContext } from 'svelte';
import { AppointmentCheckIn } from './check-in.svelte';
import { type IdentityMethod, identityRule, type KioskConfig } from './config';
import type { KioskInbound } from './device-messages';
import { DeviceSession } from './device-session.svelte';
import { cardErrorKey } from './errors';
import { TicketRequest } from './issuing.svelte';
import type { IssuedResult, KioskEnv, Screen, ShownTicket } from './kiosk-types';
import { type MessageKey, t } from './messages';
import { MissedCall } from './missed-call.svelte';
import { PhoneEntry } from './phone-entry.svelte';
import { isPrintProblem, nextPrintState, type PrintEvent, printCopy } from './printing';
import { resultPrompt, screenPrompt } from './prompts';
import { ScanDispatch } from './scan-dispatch';
import { ServiceTiles } from './services.svelte';
import type { Tile } from './tiles';

export type { CheckedInAppointment, IssuedResult, KioskEnv, Screen, ShownTicket } from './kiosk-types';
export { TILES_PER_PAGE } from './kiosk-types';

export class Kiosk {
  readonly hub: HubClient;
  readonly config: KioskConfig;
  readonly services: ServiceTiles;
  readonly device: DeviceSession;
  readonly checkIn: AppointmentCheckIn;
  /** "I missed my call": the visitor's own re-queue by their ticket's QR (missed-call.svelte.ts). */
  readonly missed: MissedCall;
  readonly request: TicketRequest;
  /** What a scanned code means: re-queue, arrival check-in, appointment or identity (scan-dispatch.ts). */
  readonly scans: ScanDispatch;
  readonly #env: KioskEnv;
  #navigate: (screen: Screen) => void = () => {};

  lang = $state<Lang>('zh');
  elderly = $state(false);
  /** The screen on display (the layout sets it from the route). */
  screen = $state<Screen>('welcome');
  /** `?device=…&…` kept across screens (never the fragment). */
  search = $state('');
  /** Last touch, for the idle reset. */
  lastActivity = $state(Date.now());

  service = $state.raw<Tile | null>(null);
  /** The phone-number keypad (phone-entry.svelte.ts). */
  readonly phone = new PhoneEntry();
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
  /** The last prompt (spoken when voice is on; always in the live region). */
  prompt = $state('');

  constructor(hub: HubClient, config: KioskConfig, env: KioskEnv) {
    this.hub = hub;
    this.config = config;
    this.#env = env;
    this.lang = config.lang;
    this.device = new DeviceSession(hub, config.device, env.storage, {
      onMessage: (m) => this.onDeviceMessage(m),
      onUnpaired: () => this.#navigate('pair'),
      onPaired: (creds) => {
        // The URL names the device it is now (a supervisor may have chosen another id than asked).
        const params = new URLSearchParams(this.search);
        if (params.get('device') !== creds.deviceId) {
          params.set('device', creds.deviceId);
          this.search = `?${params}`;
        }
        this.#navigate('welcome');
      },
    });
    this.services = new ServiceTiles(hub, () => this.device.link?.board ?? null);
    this.checkIn = new AppointmentCheckIn(hub, config.appointmentWindow, {
      screen: () => this.screen,
      occupied: () => this.request.busy || this.request.pending !== null,
      serviceName: (id) => this.serviceName(id),
      show: (result) => this.#show(result, 'rest'),
      fail: (key) => {
        this.error = key;
      },
      dismiss: () => {
        this.error = null;
      },
      say: (key) => this.say(key),
    });
    this.missed = new MissedCall(hub, {
      occupied: () => this.request.busy || this.request.pending !== null || this.checkIn.busy,
      serviceName: (id) => this.serviceName(id),
      show: (result) => this.#show(result, 'rest'),
      say: (key) => this.say(key),
    });
    this.request = new TicketRequest(hub, {
      lang: () => this.lang,
      issued: (ticket, serviceName, existing) => this.#show({ ticket, serviceName, existing, print: 'none' }, 'rest'),
      refused: (message, code, nextOpenAt) => {
        // A closed service: the dialog says when it opens next (the hub's hours with today's changes).
        if (code === 'SERVICE_CLOSED' && this.service)
          this.closed = { ...this.service, open: false, ...(nextOpenAt !== undefined ? { nextOpenAt } : {}) };
        else this.error = message;
        this.say(message);
      },
      gaveUp: () => {
        this.error = 'hubGaveUp';
      },
    });
    this.scans = new ScanDispatch(
      hub,
      { missed: this.missed, checkIn: this.checkIn },
      {
        screen: () => this.screen,
        occupied: () => this.busy || this.request.pending !== null,
        service: () => this.service,
        serviceName: (id) => this.serviceName(id),
        show: (result) => this.#show(result, 'rest'),
        fail: (key) => {
          this.error = key;
        },
        say: (key) => this.say(key),
        issue: (body) => void this.issue(body),
      },
    );
  }

  /** A service's name from the tiles (its id until they have come). */
  serviceName(id: string): Localized {
    return this.services.tiles?.find((t) => t.id === id)?.name ?? { zh: id, en: id };
  }

  /** The site's time zone, from the live board (undefined until it has come). */
  get timeZone(): string | undefined {
    return this.device.link?.board?.timeZone;
  }

  get paired(): boolean {
    return this.device.paired;
  }

  /** A ticket request or a check-in is in flight. */
  get busy(): boolean {
    return this.request.busy || this.checkIn.busy || this.missed.busy;
  }

  get voiceOn(): boolean {
    return this.config.voice === 'on' || (this.config.voice === 'elderly' && this.elderly);
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
    const { location, history } = this.#env;
    const params = new URLSearchParams(location.search);
    this.search = params.toString() ? `?${params}` : '';
    this.device.start(location, history);
    return () => {
      this.request.cancel();
      this.device.stop();
    };
  }

  // ---------------- screens ----------------

  /** The layout reports each new screen: speak its prompt. */
  entered(screen: Screen): void {
    this.screen = screen;
    const key = screenPrompt(screen);
    if (key) this.say(key);
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
    const { key, params } = resultPrompt(r, this.lang);
    this.say(key, params);
  }

  setElderly(on: boolean): void {
    this.elderly = on;
    if (!on) this.#env.speaker?.cancel();
    this.say(this.screen === 'welcome' ? 'sayWelcome' : 'elderly');
  }

  /** Ready for the next visitor: welcome screen, default language and mode, nothing pending. */
  reset(): void {
    this.request.cancel();
    this.result = null;
    this.service = null;
    this.phone.clear();
    this.error = null;
    this.closed = null;
    this.cardError = null;
    this.cardUnavailable = false;
    this.checkIn.clear();
    this.missed.clear();
    this.lang = this.config.lang;
    this.elderly = false;
    this.#env.speaker?.cancel();
    void this.services.refresh();
    this.#navigate('welcome');
  }

  // ---------------- the visitor's steps ----------------

  chooseService(tile: Tile): void {
    if (this.busy || this.request.pending) return;
    this.error = null;
    if (!tile.open) {
      this.closed = tile;
      return;
    }
    this.service = tile;
    this.phone.clear();
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
    this.phone.invalid = false;
    this.#navigate('identity');
  }

  /** On the card screen: tell the hub the service, so the card placed next is for it. */
  async armCard(): Promise<void> {
    const serviceId = this.service?.id;
    this.cardArmed = false;
    if (!serviceId) return;
    const ok = (await this.device.link?.selectService(serviceId)) ?? false;
    this.cardUnavailable = !ok;
    this.cardArmed = ok;
  }

  skipIdentity(): void {
    if (!this.service || !this.canSkipIdentity) return;
    void this.issue({ serviceId: this.service.id });
  }

  submitPhone(): void {
    if (!this.service) return;
    const problem = this.phone.problem();
    if (problem) {
      this.say(problem.key, { n: problem.n });
      return;
    }
    void this.issue({ serviceId: this.service.id, identity: { kind: 'phone', value: this.phone.value } });
  }

  /** "I have an appointment" on the welcome screen. */
  startAppointment(): void {
    if (this.busy || this.request.pending) return;
    this.service = null;
    this.error = null;
    this.checkIn.clear();
    this.#navigate('appointment');
  }

  /** "I missed my call" on the welcome screen: scan the ticket to get back in line. */
  startMissed(): void {
    if (this.busy || this.request.pending) return;
    this.service = null;
    this.error = null;
    this.missed.clear();
    this.#navigate('missed');
  }

  /** Asks the hub for a ticket (retried while it is out of reach); the answer is shown and printed. */
  async issue(body: IssueTicketBody): Promise<void> {
    if (this.busy || this.request.pending) return;
    const serviceName: Localized = this.service?.name ?? { zh: body.serviceId, en: body.serviceId };
    this.error = null;
    await this.request.issue(body, serviceName);
  }

  // ---------------- the ticket and its paper copy ----------------

  /** Shows a ticket; a ticket issued over REST is then sent to this kiosk's printer. */
  #show(result: IssuedResult, via: 'rest' | 'card'): void {
    this.request.cancel();
    this.error = null;
    this.closed = null;
    this.cardError = null;
    const withIdentity = result.ticket.identityMasked
      ? { ...result, identityMasked: result.identityMasked ?? result.ticket.identityMasked }
      : result;
    this.result = withIdentity;
    if (this.screen === 'issued') this.#sayResult(withIdentity);
    else this.#navigate('issued');
    if (via === 'rest') this.#print(withIdentity.ticket);
  }

  #print(ticket: ShownTicket): void {
    const creds = this.device.creds;
    if (creds) void printCopy(this.hub, creds.deviceId, ticket.id, (event) => this.#printEvent(ticket.id, event));
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
      this.scans.scanned(m.code, true);
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
          ...(this.screen === 'missed' ? { requeued: true } : {}),
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
    if (this.screen === 'missed') {
      this.missed.refused(key);
      return;
    }
    if (m.error?.code === 'SERVICE_CLOSED' && this.service) this.closed = this.service;
    else if (this.screen === 'card') this.cardError = key;
    else this.error = key;
    this.say(key);
  }
}

export const [getKiosk, setKiosk] = createContext<Kiosk>();
