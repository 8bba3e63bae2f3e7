/**
 * An AMI client (docs/phone.md): connects to the PBX's manager port, logs in (`Action: Login`,
 * events on), hands every event to `onEvent`, and keeps the link: when it drops or the login is
 * refused it connects again after a backoff (1 s, 2 s, 4 s … up to `maxBackoffMs`), and a
 * `Ping` every `pingMs` finds a dead link that TCP alone would not. The hub starts even when the
 * PBX is down; calls simply are not seen until the link is up.
 */
import { Socket } from 'node:net';
import { type AmiMessage, AmiParser, encodeAction } from './codec';

export interface AmiClientOptions {
  host: string;
  port: number;
  username: string;
  secret: string;
  onEvent: (e: AmiMessage) => void;
  /** The link went up (logged in) or down. */
  onState?: (up: boolean, reason?: string) => void;
  firstBackoffMs?: number;
  maxBackoffMs?: number;
  pingMs?: number;
}

export class AmiClient {
  private socket: Socket | null = null;
  private timer: NodeJS.Timeout | null = null;
  private pinger: NodeJS.Timeout | null = null;
  private backoff: number;
  private stopped = false;
  private actionSeq = 0;
  private loginId = '';
  /** Logins done (tests see reconnects this way). */
  logins = 0;
  up = false;

  constructor(private readonly o: AmiClientOptions) {
    this.backoff = o.firstBackoffMs ?? 1000;
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  private connect(): void {
    if (this.stopped) return;
    const parser = new AmiParser();
    const socket = new Socket();
    this.socket = socket;
    socket.setEncoding('utf8');
    socket.setKeepAlive(true, 10_000);
    socket.on('data', (chunk: string) => {
      for (const m of parser.push(chunk)) this.receive(m);
    });
    socket.on('error', () => {
      // 'close' follows and reconnects.
    });
    socket.on('close', () => this.dropped('link closed'));
    socket.connect(this.o.port, this.o.host, () => {
      this.loginId = this.nextId();
      socket.write(
        encodeAction('Login', { Username: this.o.username, Secret: this.o.secret, Events: 'call', ActionID: this.loginId }),
      );
    });
  }

  private receive(m: AmiMessage): void {
    if (m.Response !== undefined && m.ActionID === this.loginId) {
      if (m.Response === 'Success') {
        this.up = true;
        this.logins++;
        this.backoff = this.o.firstBackoffMs ?? 1000;
        this.o.onState?.(true);
        const ping = this.o.pingMs ?? 20_000;
        this.pinger = setInterval(() => this.socket?.write(encodeAction('Ping', { ActionID: this.nextId() })), ping);
        this.pinger.unref();
      } else {
        this.socket?.destroy(new Error(`login refused: ${m.Message ?? m.Response}`));
      }
      return;
    }
    if (m.Event !== undefined) this.o.onEvent(m);
  }

  private dropped(reason: string): void {
    if (this.pinger) clearInterval(this.pinger);
    this.pinger = null;
    const wasUp = this.up;
    this.up = false;
    this.socket = null;
    if (wasUp) this.o.onState?.(false, reason);
    if (this.stopped) return;
    this.timer = setTimeout(() => this.connect(), this.backoff);
    this.timer.unref();
    this.backoff = Math.min(this.backoff * 2, this.o.maxBackoffMs ?? 30_000);
  }

  private nextId(): string {
    return `cb-${++this.actionSeq}`;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.pinger) clearInterval(this.pinger);
    this.socket?.destroy();
    this.socket = null;
  }
}
