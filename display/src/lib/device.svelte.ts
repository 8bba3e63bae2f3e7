/**
 * A board as a paired device. Opened with `?pair` (or refused by a site that requires pairing)
 * it shows a pairing code until a supervisor approves it (the flow shared with the kiosk,
 * `PairingFlow`), keeps `{deviceId, token}` in local storage, then reads its settings from the
 * hub (`GET /devices/:id`) and connects to MQTT as that device. Without a token and without
 * `?pair` it is an anonymous screen, as before.
 */
import {
  ApiError,
  clearCredentialsAt,
  credentialsFor,
  type DeviceCredentials,
  type DeviceSettings,
  type HubClient,
  loadCredentialsAt,
  PairingFlow,
  type PairingState,
  saveCredentialsAt,
  tokenFromFragment,
} from '@callboard/hub/client';

export const DISPLAY_CREDENTIALS_KEY = 'callboard.display.device';
const SETTINGS_RETRY_MS = 5_000;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export type DisplayMode = 'starting' | 'pairing' | 'board';

export interface DisplayEnv {
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  location: { search: string; hash: string; pathname: string };
  history: Pick<History, 'replaceState' | 'state'>;
}

export class DisplayDevice {
  readonly #hub: HubClient;
  readonly #env: DisplayEnv;
  readonly #params: URLSearchParams;
  #flow: PairingFlow | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  mode = $state<DisplayMode>('starting');
  creds = $state.raw<DeviceCredentials | null>(null);
  settings = $state.raw<DeviceSettings | undefined>(undefined);
  pairing = $state.raw<PairingState | null>(null);

  constructor(hub: HubClient, env: DisplayEnv) {
    this.#hub = hub;
    this.#env = env;
    this.#params = new URLSearchParams(env.location.search);
  }

  /** Starts with the provisioning link, the stored credentials, pairing, or anonymously. */
  boot(): () => void {
    const { location, history, storage } = this.#env;
    const urlDevice = this.#params.get('device');
    const device = urlDevice !== null && ID.test(urlDevice) ? urlDevice : null;
    const fragmentToken = tokenFromFragment(location.hash);
    if (location.hash) history.replaceState(history.state, '', location.pathname + location.search);
    if (fragmentToken && device) saveCredentialsAt(storage, DISPLAY_CREDENTIALS_KEY, { deviceId: device, token: fragmentToken });
    const creds = credentialsFor(loadCredentialsAt(storage, DISPLAY_CREDENTIALS_KEY), device);
    if (creds) void this.#usePaired(creds);
    else if (this.#params.has('pair')) this.#startPairing();
    else this.mode = 'board'; // anonymous, as a site allowing anonymous displays permits
    return () => {
      clearTimeout(this.#timer);
      this.#flow?.stop();
    };
  }

  /** The broker refused the screen: a revoked token pairs again; an anonymous screen pairs. */
  refused(): void {
    if (this.creds) void this.#loadSettings(this.creds);
    else if (this.mode !== 'pairing') this.#startPairing();
  }

  /** After a refusal: a new code. */
  again(): void {
    this.#flow?.again();
  }

  async #usePaired(creds: DeviceCredentials): Promise<void> {
    this.creds = creds;
    this.#hub.setDeviceToken(creds.token);
    await this.#loadSettings(creds);
    if (this.creds === creds && this.mode !== 'pairing') this.mode = 'board';
  }

  /** Reads this screen's settings; retries while the hub is away, pairs again when the token is gone. */
  async #loadSettings(creds: DeviceCredentials): Promise<void> {
    clearTimeout(this.#timer);
    try {
      const view = await this.#hub.device(creds.deviceId);
      if (this.creds !== creds) return;
      if (JSON.stringify(view.settings) !== JSON.stringify(this.settings)) this.settings = view.settings;
    } catch (err) {
      if (this.creds !== creds) return;
      if (err instanceof ApiError && (err.status === 401 || err.status === 404)) this.#unpair();
      // The hub is away: show the board with the URL's settings and ask again.
      else this.#timer = setTimeout(() => void this.#loadSettings(creds), SETTINGS_RETRY_MS);
    }
  }

  #unpair(): void {
    clearCredentialsAt(this.#env.storage, DISPLAY_CREDENTIALS_KEY);
    this.creds = null;
    this.settings = undefined;
    this.#hub.setDeviceToken(undefined);
    this.#startPairing();
  }

  #startPairing(): void {
    this.#flow?.stop();
    this.mode = 'pairing';
    const flow = new PairingFlow({
      hub: this.#hub,
      kind: 'display',
      name: this.#params.get('device'),
      onChange: (s) => (this.pairing = s),
      onPaired: (creds) => {
        saveCredentialsAt(this.#env.storage, DISPLAY_CREDENTIALS_KEY, creds);
        this.#flow = null;
        this.pairing = null;
        void this.#usePaired(creds).then(() => {
          if (this.creds === creds) this.mode = 'board';
        });
      },
    });
    this.#flow = flow;
    this.pairing = flow.state;
    flow.start();
  }
}
