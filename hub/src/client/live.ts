/**
 * Live updates over MQTT (TCP in Node, WebSocket in browsers). Subscribes only to the topics
 * asked for and hands parsed, version-checked payloads to callbacks. MQTT.js reconnects by
 * itself; on reconnect the broker re-delivers retained `board` and `counters/<id>`, so a
 * screen heals without a reload.
 *
 * `openLive()` is the start-up every app needs (ask the hub for its site id, connect,
 * subscribe, retry with backoff until the hub answers) in one call that returns its close.
 */
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { type BoardSnapshot, type CallMessage, type CounterMessage, MQTT_WS_PATH, parseTopic, topics } from '../protocol';

export interface LiveOptions {
  /** `mqtt://host:1883` or `ws://host:8080/mqtt`. In a browser, see `defaultWsUrl()`. */
  url: string;
  siteId: string;
  /** Device id and token, when the device has been paired; anonymous displays may read public topics. */
  username?: string;
  password?: string;
  clientId?: string;
  /** First reconnect delay (default 1000 ms). */
  reconnectPeriodMs?: number;
  /** When set, each failed reconnect doubles the delay up to this bound (reset once connected). */
  reconnectMaxMs?: number;
  /** Last will, e.g. a device's retained `{v:1,state:"offline"}` on its own status topic. */
  will?: LiveWill;
}

/** What the broker publishes for this client when its connection dies without a goodbye. */
export interface LiveWill {
  topic: string;
  payload: string;
  qos?: 0 | 1;
  retain?: boolean;
}

/** The live topics a client wants. */
export interface LiveSubscription {
  board?: boolean;
  calls?: boolean;
  counters?: string[] | 'all';
  /** Services whose line to follow (`lines/<id>`: the board cut to one service; what a visitor's phone reads). */
  lines?: string[];
  /** A paired device's own `devices/<id>/commands` (the broker lets a device read only its own). */
  commands?: string;
}

export type LiveEvent =
  | { kind: 'board'; board: BoardSnapshot }
  /** One service's line: a `BoardSnapshot` with that service only (protocol/line.ts). */
  | { kind: 'line'; line: BoardSnapshot }
  | { kind: 'call'; call: CallMessage }
  | { kind: 'counter'; counter: CounterMessage }
  | { kind: 'connection'; connected: boolean }
  /** A message on a device's commands topic (`v: 1` checked; the receiver checks the rest). */
  | { kind: 'command'; deviceId: string; message: unknown };

/** `ws(s)://<same host>/mqtt` for a page served by the hub. */
export function defaultWsUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${MQTT_WS_PATH}`;
}

export class LiveClient {
  readonly mqtt: MqttClient;
  private readonly listeners = new Set<(event: LiveEvent) => void>();
  private readonly siteId: string;

  constructor(options: LiveOptions) {
    this.siteId = options.siteId;
    const opts: IClientOptions = {
      protocolVersion: 4, // aedes speaks MQTT 3.1.1
      reconnectPeriod: options.reconnectPeriodMs ?? 1000,
      connectTimeout: 10_000,
      clean: true,
      queueQoSZero: false,
    };
    if (options.username !== undefined) opts.username = options.username;
    if (options.password !== undefined) opts.password = options.password;
    if (options.clientId !== undefined) opts.clientId = options.clientId;
    if (options.will !== undefined)
      opts.will = {
        topic: options.will.topic,
        payload: options.will.payload,
        qos: options.will.qos ?? 1,
        retain: options.will.retain ?? false,
      };
    this.mqtt = mqtt.connect(options.url, opts);
    if (options.reconnectMaxMs !== undefined) this.backOff(opts.reconnectPeriod ?? 1000, options.reconnectMaxMs);
    this.mqtt.on('connect', () => this.emit({ kind: 'connection', connected: true }));
    this.mqtt.on('close', () => this.emit({ kind: 'connection', connected: false }));
    this.mqtt.on('message', (topic, payload) => this.dispatch(topic, payload));
  }

  get connected(): boolean {
    return this.mqtt.connected;
  }

  /** Subscribes to board, calls, counters and/or lines; resolves once the broker granted them, and
   *  rejects (MQTT.js does) when the broker's ACL refused any of them. */
  async subscribe(what: LiveSubscription): Promise<void> {
    const list: string[] = [];
    if (what.board) list.push(topics.board(this.siteId));
    if (what.calls) list.push(topics.calls(this.siteId));
    if (what.counters === 'all') list.push(topics.counterWildcard(this.siteId));
    else for (const id of what.counters ?? []) list.push(topics.counter(this.siteId, id));
    for (const id of what.lines ?? []) list.push(topics.line(this.siteId, id));
    // Screen topics at QoS 0: the session is clean, so QoS 1 would add nothing a TCP connection does
    // not already give (in-flight messages die with the session) but a PUBACK and an in-flight record
    // per screen per message at the broker; what a screen misses while away, the retained board has.
    // A device's own commands (print jobs) stay QoS 1.
    const subs: Record<string, { qos: 0 | 1 }> = Object.fromEntries(list.map((t) => [t, { qos: 0 as const }]));
    if (what.commands !== undefined) subs[topics.deviceCommands(this.siteId, what.commands)] = { qos: 1 };
    if (Object.keys(subs).length === 0) return;
    await this.mqtt.subscribeAsync(subs);
  }

  /**
   * A device publishes on its own `devices/<id>/status` (retained, with `retain: true`) or
   * `…/events`; QoS 1. The broker closes the connection of a device publishing anywhere else.
   */
  async publishDevice(
    deviceId: string,
    channel: 'status' | 'events',
    payload: object,
    options: { retain?: boolean } = {},
  ): Promise<void> {
    const topic = channel === 'status' ? topics.deviceStatus(this.siteId, deviceId) : topics.deviceEvents(this.siteId, deviceId);
    await this.mqtt.publishAsync(topic, JSON.stringify(payload), { qos: 1, retain: options.retain ?? false });
  }

  on(listener: (event: LiveEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.mqtt.endAsync();
  }

  /**
   * MQTT.js retries at a fixed period: an interval armed when the connection closes. Each
   * attempt doubles the period and disarms the interval, so the next close re-arms it with
   * the new period. (If a future MQTT.js renames its private method, the period stays fixed.)
   */
  private backOff(baseMs: number, maxMs: number): void {
    const client = this.mqtt as unknown as { options: { reconnectPeriod: number }; _clearReconnect?: () => void };
    this.mqtt.on('reconnect', () => {
      const next = Math.min(maxMs, client.options.reconnectPeriod * 2);
      if (next === client.options.reconnectPeriod || typeof client._clearReconnect !== 'function') return;
      client.options.reconnectPeriod = next;
      client._clearReconnect();
    });
    this.mqtt.on('connect', () => {
      client.options.reconnectPeriod = baseMs;
    });
  }

  private emit(event: LiveEvent): void {
    for (const l of this.listeners) l(event);
  }

  private dispatch(topic: string, payload: Uint8Array): void {
    const parsed = parseTopic(topic);
    if (!parsed || parsed.siteId !== this.siteId) return;
    let body: { v?: unknown } | null;
    try {
      body = JSON.parse(new TextDecoder().decode(payload));
    } catch {
      return; // not ours to crash on
    }
    if (body?.v !== 1) return;
    if (parsed.kind === 'board') this.emit({ kind: 'board', board: body as BoardSnapshot });
    else if (parsed.kind === 'line') this.emit({ kind: 'line', line: body as BoardSnapshot });
    else if (parsed.kind === 'calls') this.emit({ kind: 'call', call: body as CallMessage });
    else if (parsed.kind === 'counter') this.emit({ kind: 'counter', counter: body as CounterMessage });
    else if (parsed.kind === 'device-commands') this.emit({ kind: 'command', deviceId: parsed.deviceId, message: body });
  }
}

export interface OpenLiveOptions {
  /** Where the site id comes from (`HubClient.health()`). */
  hub: { health(): Promise<{ siteId: string }> };
  /** `ws://host:8080/mqtt` (see `defaultWsUrl`) or `mqtt://host:1883`. */
  url: string;
  subscribe: LiveSubscription;
  onEvent: (event: LiveEvent) => void;
  /** A refused subscription or other failure after connecting; default `console.warn`. */
  onError?: (err: unknown) => void;
  /** First delay before asking the hub again, and before reconnecting MQTT (default 500 ms). */
  retryMs?: number;
  /** Delays double up to this bound (default 3000 ms: a screen is back within seconds of the hub). */
  maxRetryMs?: number;
  username?: string;
  password?: string;
  clientId?: string;
  /** The last will, built once the site id is known (a device's status topic needs it). */
  will?: (siteId: string) => LiveWill;
  /** Called with each `LiveClient` as it is created (to publish as a device, e.g. on connect). */
  onClient?: (client: LiveClient) => void;
}

/**
 * Connects to the hub's live topics and keeps connected: asks the hub for its site id (retrying
 * with backoff while the hub is unreachable), opens a `LiveClient` that reconnects with backoff,
 * subscribes, and passes every event to `onEvent`. Returns the function that closes it all;
 * nothing is delivered after it was called.
 */
export function openLive(options: OpenLiveOptions): () => Promise<void> {
  const retryMs = options.retryMs ?? 500;
  const maxRetryMs = Math.max(retryMs, options.maxRetryMs ?? 3000);
  const onError = options.onError ?? ((err: unknown) => console.warn('live updates:', err));
  let live: LiveClient | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let delay = retryMs;
  let closed = false;

  const start = async (): Promise<void> => {
    let siteId: string;
    try {
      ({ siteId } = await options.hub.health());
    } catch {
      if (closed) return;
      timer = setTimeout(() => void start(), delay);
      delay = Math.min(maxRetryMs, delay * 2);
      return;
    }
    if (closed) return;
    const liveOptions: LiveOptions = { url: options.url, siteId, reconnectPeriodMs: retryMs, reconnectMaxMs: maxRetryMs };
    if (options.username !== undefined) liveOptions.username = options.username;
    if (options.password !== undefined) liveOptions.password = options.password;
    if (options.clientId !== undefined) liveOptions.clientId = options.clientId;
    if (options.will !== undefined) liveOptions.will = options.will(siteId);
    const client = new LiveClient(liveOptions);
    live = client;
    // MQTT.js emits 'error' (e.g. a refused device token) and EventEmitter throws if nobody listens.
    client.mqtt.on('error', (err) => {
      if (!closed) onError(err);
    });
    options.onClient?.(client);
    client.on((event) => {
      if (!closed) options.onEvent(event);
    });
    // Queued by MQTT.js until connected and renewed by it after every reconnect.
    client.subscribe(options.subscribe).catch((err: unknown) => {
      if (!closed && client.connected) onError(err);
    });
  };
  void start();

  return async () => {
    if (closed) return;
    closed = true;
    clearTimeout(timer);
    await live?.close();
  };
}
