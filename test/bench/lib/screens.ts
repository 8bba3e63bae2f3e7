/**
 * Many waiting-room screens: MQTT.js clients over WebSocket, as the display app connects from
 * a browser, or (`lean`) the bench's lean subscriber (lean-subscriber.ts: the same protocol and
 * topics at a fraction of the client CPU). They connect in batches (a site's screens do not all
 * boot in the same millisecond, and 500 simultaneous handshakes would measure the accept queue,
 * not delivery).
 */
import mqtt from 'mqtt';
import { LeanSubscriber } from './lean-subscriber';

export type ScreenHandler = (screen: number, topic: string, payload: Buffer, at: number) => void;

/** What the fleet needs of a client, whichever kind. */
interface Subscriber {
  readonly connected: boolean;
  close(): Promise<void>;
}

export class Screens {
  private handler: ScreenHandler = () => {};
  private readonly clients: Subscriber[] = [];

  static async connect(
    url: string,
    count: number,
    /** The same topics for every client, or each client's own (a phone follows its own service's line). */
    topicsToRead: string[] | ((index: number) => string[]),
    opts: { batch?: number; reconnectPeriod?: number; lean?: boolean } = {},
  ): Promise<Screens> {
    const screens = new Screens();
    const batch = opts.batch ?? 50;
    for (let start = 0; start < count; start += batch) {
      const group = await Promise.all(
        Array.from({ length: Math.min(batch, count - start) }, (_, k) => {
          const index = start + k;
          const clientId = `bench-screen-${index}-${process.pid}`;
          const list = typeof topicsToRead === 'function' ? topicsToRead(index) : topicsToRead;
          return opts.lean
            ? screens.lean(url, index, clientId, list)
            : screens.mqttJs(url, index, clientId, list, opts.reconnectPeriod ?? 1000);
        }),
      );
      screens.clients.push(...group);
    }
    return screens;
  }

  private async lean(url: string, index: number, clientId: string, list: string[]): Promise<Subscriber> {
    const c = await LeanSubscriber.connect(url, clientId, list);
    c.onMessage((topic, payload, at) => this.handler(index, topic, payload, at));
    return c;
  }

  private async mqttJs(
    url: string,
    index: number,
    clientId: string,
    list: string[],
    reconnectPeriod: number,
  ): Promise<Subscriber> {
    const c = mqtt.connect(url, { protocolVersion: 4, clean: true, reconnectPeriod, connectTimeout: 30_000, clientId });
    c.on('message', (topic, payload) => this.handler(index, topic, payload, performance.now()));
    c.on('error', () => {}); // counted by the caller as missing messages, never a crash
    if (!c.connected) await new Promise<void>((resolve) => c.once('connect', () => resolve()));
    // As the display app's LiveClient does: screen topics at QoS 0 (clean session).
    await c.subscribeAsync(list, { qos: 0 });
    return {
      get connected() {
        return c.connected;
      },
      close: () => c.endAsync(true).catch(() => {}),
    };
  }

  onMessage(handler: ScreenHandler): void {
    this.handler = handler;
  }

  connectedCount(): number {
    return this.clients.filter((c) => c.connected).length;
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.close().catch(() => {})));
  }
}

/**
 * Waits until `expected` screens have seen `key`, or `timeoutMs`. Feed it from the screens'
 * handler; it records each screen's first arrival time only.
 */
export class Arrivals {
  private readonly seen = new Map<string, Map<number, number>>();
  private readonly waiters = new Map<string, () => void>();

  /** Per key, how many copies to wait for when not `expected` (a call only some subscribers follow). */
  private readonly expecting = new Map<string, number>();

  constructor(private readonly expected: number) {}

  /** Before `key` is sent: only `count` subscribers will get it. */
  expect(key: string, count: number): void {
    this.expecting.set(key, count);
  }

  private expectedOf(key: string): number {
    return this.expecting.get(key) ?? this.expected;
  }

  record(key: string, screen: number, at: number): void {
    let m = this.seen.get(key);
    if (!m) {
      m = new Map();
      this.seen.set(key, m);
    }
    if (!m.has(screen)) m.set(screen, at);
    if (m.size >= this.expectedOf(key)) this.waiters.get(key)?.();
  }

  async wait(key: string, timeoutMs: number): Promise<number[]> {
    if ((this.seen.get(key)?.size ?? 0) < this.expectedOf(key)) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        this.waiters.set(key, () => {
          clearTimeout(timer);
          resolve();
        });
      });
      this.waiters.delete(key);
    }
    return [...(this.seen.get(key)?.values() ?? [])];
  }

  /** Who got `key` so far, and when: [subscriber, at]. */
  entries(key: string): [number, number][] {
    return [...(this.seen.get(key)?.entries() ?? [])];
  }
}
