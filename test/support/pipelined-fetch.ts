/**
 * A `fetch` for bursts: HTTP/1.1 pipelining over a few keep-alive sockets. Every request made in
 * one tick goes out in one write per socket, so a thousand requests reach the hub together
 * instead of trickling in as fast as the test process (on a loaded machine, slowly) opens
 * connections. Crash tests use it to have the hub acknowledge many transitions at once.
 *
 * Enough HTTP for the hub's JSON API: responses with a `content-length`, no `100 Continue`.
 */
import { connect, type Socket } from 'node:net';

interface Waiting {
  resolve: (res: Response) => void;
  reject: (err: unknown) => void;
}

const HEADER_END = Buffer.from('\r\n\r\n');

class PipelinedSocket {
  private readonly socket: Socket;
  private readonly waiting: Waiting[] = [];
  private buffered: Buffer = Buffer.alloc(0);
  private outgoing: Buffer[] = [];

  constructor(host: string, port: number) {
    this.socket = connect({ host, port, noDelay: true });
    this.socket.on('data', (chunk) => this.received(chunk));
    this.socket.on('error', (err) => this.failAll(err));
    this.socket.on('close', () => this.failAll(new Error('connection closed with responses outstanding')));
  }

  send(request: Buffer, waiting: Waiting): void {
    this.waiting.push(waiting);
    // Written at the end of the tick: one write carries every request made until then.
    if (this.outgoing.push(request) === 1) setImmediate(() => this.flush());
  }

  close(): void {
    this.socket.destroy();
  }

  private flush(): void {
    const batch = Buffer.concat(this.outgoing);
    this.outgoing = [];
    this.socket.write(batch);
  }

  private received(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    for (;;) {
      const end = this.buffered.indexOf(HEADER_END);
      if (end < 0) return;
      const [statusLine = '', ...headerLines] = this.buffered.subarray(0, end).toString('latin1').split('\r\n');
      const headers = new Headers();
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
      }
      if (headers.has('transfer-encoding')) {
        this.failAll(new Error(`pipelined-fetch reads content-length bodies only: ${statusLine}`));
        this.socket.destroy();
        return;
      }
      const length = Number(headers.get('content-length') ?? 0);
      const bodyStart = end + HEADER_END.length;
      if (this.buffered.length < bodyStart + length) return;
      const body = this.buffered.subarray(bodyStart, bodyStart + length);
      this.buffered = this.buffered.subarray(bodyStart + length);
      const status = Number(statusLine.split(' ')[1]);
      this.waiting.shift()?.resolve(new Response(status === 204 ? null : new Uint8Array(body), { status, headers }));
    }
  }

  private failAll(err: unknown): void {
    for (const w of this.waiting.splice(0)) w.reject(err);
  }
}

/** `fetch` over `connections` pipelined sockets to `baseUrl`'s host (requests spread round-robin). */
export function pipelinedFetch(baseUrl: string, connections = 4): { fetch: typeof fetch; close(): void } {
  const origin = new URL(baseUrl);
  const sockets = Array.from({ length: connections }, () => new PipelinedSocket(origin.hostname, Number(origin.port)));
  let next = 0;
  const pipelined = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input));
    const body = typeof init.body === 'string' ? Buffer.from(init.body) : Buffer.alloc(0);
    const lines = [`${init.method ?? 'GET'} ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`];
    for (const [name, value] of new Headers(init.headers)) lines.push(`${name}: ${value}`);
    lines.push(`content-length: ${body.length}`, '', '');
    const request = Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), body]);
    const socket = sockets[next++ % sockets.length] as PipelinedSocket;
    return new Promise((resolve, reject) => socket.send(request, { resolve, reject }));
  };
  return {
    fetch: pipelined as typeof fetch,
    close: () => {
      for (const s of sockets) s.close();
    },
  };
}
