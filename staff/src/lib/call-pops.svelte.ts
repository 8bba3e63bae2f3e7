import { type HubClient, type ScreenPop, screenPops, setExtension } from '@callboard/hub/client';

const EXTENSION_KEY = 'callboard.staff.extension';

/**
 * Calls ringing at the clerk's desk phone (docs/phone.md "Screen-pop"): the clerk's extension
 * (kept on this PC), and a long poll of the hub that brings each call's pop — the caller masked,
 * their earlier visits — as soon as it rings.
 */
export class CallPops {
  extension = $state('');
  /** The latest call at this desk (ringing, answered, or just ended). */
  current = $state.raw<ScreenPop | null>(null);
  #after = 0;
  #running = false;
  readonly #hub: HubClient;
  readonly #storage: Pick<Storage, 'getItem' | 'setItem'> | null;

  constructor(hub: HubClient, storage: Pick<Storage, 'getItem' | 'setItem'> | null = null) {
    this.#hub = hub;
    this.#storage = storage;
    this.extension = storage?.getItem(EXTENSION_KEY) ?? '';
  }

  /** Says the extension to the hub (again after a sign-in: the hub keeps it in memory). */
  async use(extension: string): Promise<void> {
    if (!/^[0-9]{2,6}$/.test(extension)) return;
    await setExtension(this.#hub, extension);
    this.extension = extension;
    this.#storage?.setItem(EXTENSION_KEY, extension);
  }

  /** Polls until `stop()`; starts from the pops already there (so an old call does not pop up again). */
  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    if (this.extension) await this.use(this.extension).catch(() => {});
    try {
      const first = await screenPops(this.#hub, 0, 0);
      this.#after = first.pops.at(-1)?.seq ?? 0;
    } catch {
      // Poll below anyway.
    }
    while (this.#running) {
      try {
        const { pops } = await screenPops(this.#hub, this.#after, 20_000);
        const last = pops.at(-1);
        if (last) {
          this.#after = last.seq;
          this.current = last;
        }
      } catch {
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
  }

  stop(): void {
    this.#running = false;
  }
}
