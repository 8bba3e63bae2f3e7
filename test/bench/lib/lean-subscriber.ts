/**
 * A lean MQTT 3.1.1 subscriber over WebSocket for the bench's fleets: `ws` for the socket and
 * `mqtt-packet` (the parser MQTT.js itself uses) for the packets, nothing else — no streams, no
 * stores, no reconnects. Why: the 2,000-subscriber bench runs its clients on the same 2 cores as the
 * server under test, and MQTT.js's per-message machinery (stream pipeline, packet store, events)
 * made the fleets' own decoding most of a call's last-copy latency (docs/performance.md). On a site
 * each screen and phone is its own device; the bench cannot give each a core, but it can make each
 * copy cheap to receive, for the hub and the raw broker alike. The bench's probes stay MQTT.js, so
 * every run also has the standard client's view.
 *
 * Each copy is stamped when its WebSocket frame is handed to the process, before it is parsed.
 */
import mqttPacket from 'mqtt-packet';
import WebSocket from 'ws';

export type LeanHandler = (topic: string, payload: Buffer, at: number) => void;

const KEEPALIVE_S = 60;

export class LeanSubscriber {
  private handler: LeanHandler = () => {};
  private open = false;
  private readonly ping: ReturnType<typeof setInterval>;

  private constructor(private readonly ws: WebSocket) {
    this.ping = setInterval(() => this.send({ cmd: 'pingreq' }), (KEEPALIVE_S / 2) * 1000);
    this.ping.unref();
    ws.on('close', () => {
      this.open = false;
      clearInterval(this.ping);
    });
  }

  /** Connects (clean session), subscribes to `topics` at QoS 0, and resolves once the broker granted them. */
  static connect(url: string, clientId: string, topics: string[], timeoutMs = 30_000): Promise<LeanSubscriber> {
    const ws = new WebSocket(url, 'mqtt', { perMessageDeflate: false });
    const sub = new LeanSubscriber(ws);
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    let stampedAt = 0;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`no SUBACK within ${timeoutMs} ms`)), timeoutMs);
      const fail = (err: Error) => {
        clearTimeout(timer);
        ws.terminate();
        reject(err);
      };
      ws.on('error', fail);
      ws.on('open', () => {
        sub.open = true;
        sub.send({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, clientId, keepalive: KEEPALIVE_S });
      });
      ws.on('message', (data: Buffer) => {
        stampedAt = performance.now();
        parser.parse(data);
      });
      parser.on('error', (err) => fail(err));
      parser.on('packet', (packet) => {
        if (packet.cmd === 'publish') sub.handler(packet.topic, packet.payload as Buffer, stampedAt);
        else if (packet.cmd === 'connack') {
          if (packet.returnCode !== 0) return fail(new Error(`CONNACK ${packet.returnCode}`));
          sub.send({ cmd: 'subscribe', messageId: 1, subscriptions: topics.map((topic) => ({ topic, qos: 0 })) });
        } else if (packet.cmd === 'suback') {
          if ((packet.granted as unknown[]).some((g) => g === 0x80)) return fail(new Error('subscription refused'));
          clearTimeout(timer);
          ws.off('error', fail);
          ws.on('error', () => {}); // counted as missed copies by the bench, never a crash
          resolve(sub);
        }
      });
    });
  }

  onMessage(handler: LeanHandler): void {
    this.handler = handler;
  }

  get connected(): boolean {
    return this.open;
  }

  async close(): Promise<void> {
    if (!this.open) return;
    this.send({ cmd: 'disconnect' });
    await new Promise<void>((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
      setTimeout(() => {
        this.ws.terminate();
        resolve();
      }, 2000).unref();
    });
  }

  private send(packet: mqttPacket.Packet): void {
    if (this.open) this.ws.send(mqttPacket.generate(packet));
  }
}
