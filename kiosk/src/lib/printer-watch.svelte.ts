import type { HubClient, PrinterState } from '@callboard/hub/client';
import { createSubscriber } from 'svelte/reactivity';
import { printerWarning } from './printing';

const POLL_MS = 10_000;

/**
 * The printer of this kiosk's bridge, as the hub last heard it (`GET /devices/<kiosk>`), polled
 * every 10 s while the welcome screen shows: a visitor is told before taking a number that the
 * ticket will not print (out of paper, cover open), not after.
 */
export class PrinterWatch {
  readonly #hub: HubClient;
  readonly #deviceId: () => string | null;
  #printer = $state.raw<PrinterState | null>(null);
  readonly #subscribe = createSubscriber(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const loop = async () => {
      await this.refresh();
      if (!stopped) timer = setTimeout(() => void loop(), POLL_MS);
    };
    void loop();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  });

  constructor(hub: HubClient, deviceId: () => string | null) {
    this.#hub = hub;
    this.#deviceId = deviceId;
  }

  /** What to warn about now, or null. */
  get warning(): ReturnType<typeof printerWarning> {
    this.#subscribe();
    return printerWarning(this.#printer);
  }

  async refresh(): Promise<void> {
    const id = this.#deviceId();
    if (!id) return;
    try {
      this.#printer = (await this.#hub.device(id)).printer ?? null;
    } catch {
      // Unknown: no warning (the print path still says what happened to the ticket).
    }
  }
}
