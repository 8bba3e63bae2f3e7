/**
 * Live updates over MQTT (TCP in Node, WebSocket in browsers). Subscribes only to the topics
 * asked for and hands parsed, version-checked payloads to callbacks. MQTT.js reconnects by
 * itself; on reconnect the broker re-delivers retained `board` and `counters/<id>`, so a
 * screen heals without a reload.
 */
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { type BoardSnapshot, type CallMessage, type CounterMessage, parseTopic, topics } from '../protocol';

export interface LiveOptions {
  /** `mqtt://host:1883` or `ws://host:8080/mqtt`. In a browser, see `defaultWsUrl()`. */
  url: string;
  siteId: string;
  /** Device id and token, when the device has been paired; anonymous displays may read public topics. */
  username?: string;
  password?: string;
  clientId?: string;
  reconnectPeriodMs?: number;
}

export type LiveEvent =
  | { kind: 'board'; board: BoardSnapshot }
  | { kind: 'call'; call: CallMessage }
  | { kind: 'counter'; counter: CounterMessage }
  | { kind: 'connection'; connected: boolean };

/** `ws(s)://<same host>/mqtt` for a page served by the hub. */
export function defaultWsUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/mqtt`;
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
    this.mqtt = mqtt.connect(options.url, opts);
    this.mqtt.on('connect', () => this.emit({ kind: 'connection', connected: true }));
    this.mqtt.on('close', () => this.emit({ kind: 'connection', connected: false }));
    this.mqtt.on('message', (topic, payload) => this.dispatch(topic, payload));
  }

  get connected(): boolean {
    return this.mqtt.connected;
  }

  /** Subscribes to board, calls and/or counters; resolves once the broker granted them, and
   *  rejects (MQTT.js does) when the broker's ACL refused any of them. */
  async subscribe(what: { board?: boolean; calls?: boolean; counters?: string[] | 'all' }): Promise<void> {
    const list: string[] = [];
    if (what.board) list.push(topics.board(this.siteId));
    if (what.calls) list.push(topics.calls(this.siteId));
    if (what.counters === 'all') list.push(topics.counterWildcard(this.siteId));
    else for (const id of what.counters ?? []) list.push(topics.counter(this.siteId, id));
    if (list.length === 0) return;
    await this.mqtt.subscribeAsync(list, { qos: 1 });
  }

  on(listener: (event: LiveEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.mqtt.endAsync();
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
    else if (parsed.kind === 'calls') this.emit({ kind: 'call', call: body as CallMessage });
    else if (parsed.kind === 'counter') this.emit({ kind: 'counter', counter: body as CounterMessage });
  }
}
