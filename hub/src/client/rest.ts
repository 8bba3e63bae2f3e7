/**
 * Typed REST client of the hub. Works in the browser (cookies are handled by the browser:
 * same-origin credentials) and in Node (the session cookie is captured from `set-cookie`
 * and sent back by hand, since Node's fetch has no cookie jar).
 */
import {
  API_PREFIX,
  type CounterView,
  type ErrorBody,
  type FinishBody,
  type HealthReply,
  type IssuedTicket,
  type IssueTicketBody,
  type LoginReply,
  type QueueReply,
  type Service,
  type TicketReply,
  type TrackView,
  type TransferBody,
  type TransferReply,
} from '../protocol';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details?: unknown;
  constructor(status: number, code: string, message: string, details?: unknown) {
    super(`${status} ${code}: ${message}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export interface HubClientOptions {
  /** e.g. `http://localhost:8080`; empty string for same-origin in a browser. */
  baseUrl?: string;
  /** Device token (kiosks, displays, bridges) sent as `Authorization: Bearer`. */
  deviceToken?: string;
  fetch?: typeof fetch;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export class HubClient {
  readonly baseUrl: string;
  private readonly doFetch: typeof fetch;
  private deviceToken: string | undefined;
  /** Only used outside browsers, where fetch keeps no cookies. */
  private sessionCookie: string | undefined;

  constructor(options: HubClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? '').replace(/\/$/, '');
    this.doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.deviceToken = options.deviceToken;
  }

  setDeviceToken(token: string | undefined): void {
    this.deviceToken = token;
  }

  async request<T>(method: Method, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.deviceToken) headers.authorization = `Bearer ${this.deviceToken}`;
    if (this.sessionCookie) headers.cookie = this.sessionCookie;
    const res = await this.doFetch(`${this.baseUrl}${API_PREFIX}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
    this.captureCookie(res);
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!res.ok) {
      const err = (parsed as ErrorBody | undefined)?.error;
      throw new ApiError(res.status, err?.code ?? 'HTTP_ERROR', err?.message ?? (text || res.statusText), err?.details);
    }
    return parsed as T;
  }

  private captureCookie(res: Response): void {
    const getSetCookie = (res.headers as Headers & { getSetCookie?: () => string[] }).getSetCookie;
    if (typeof getSetCookie !== 'function') return;
    for (const line of getSetCookie.call(res.headers)) {
      const pair = line.split(';')[0] ?? '';
      const [name, value] = pair.split('=');
      if (name === 'cb_session') this.sessionCookie = value ? pair : undefined;
    }
  }

  // ----- public -----
  health = () => this.request<HealthReply>('GET', '/health');
  services = () => this.request<{ services: Service[] }>('GET', '/services').then((r) => r.services);
  counters = () => this.request<{ counters: CounterView[] }>('GET', '/counters').then((r) => r.counters);
  queue = () => this.request<QueueReply>('GET', '/queue');
  issueTicket = (body: IssueTicketBody) => this.request<IssuedTicket>('POST', '/tickets', body);
  track = (token: string) => this.request<TrackView>('GET', `/track/${encodeURIComponent(token)}`);

  // ----- staff session -----
  login = (username: string, password: string) => this.request<LoginReply>('POST', '/auth/login', { username, password });
  logout = () => this.request<{ ok: true }>('POST', '/auth/logout');
  me = () => this.request<LoginReply>('GET', '/auth/me');

  // ----- tickets -----
  ticket = (id: string) => this.request<TicketReply>('GET', `/tickets/${encodeURIComponent(id)}`).then((r) => r.ticket);
  private ticketAction(action: string) {
    return (id: string, body: object = {}) =>
      this.request<TicketReply>('POST', `/tickets/${encodeURIComponent(id)}/${action}`, body).then((r) => r.ticket);
  }
  recall = this.ticketAction('recall');
  start = this.ticketAction('start');
  finish = (id: string, body: FinishBody = {}) => this.ticketAction('finish')(id, body);
  noShow = this.ticketAction('no-show');
  cancel = this.ticketAction('cancel');
  transfer = (id: string, body: TransferBody) =>
    this.request<TransferReply>('POST', `/tickets/${encodeURIComponent(id)}/transfer`, body);

  // ----- counters -----
  callNext = (counterId: string) =>
    this.request<TicketReply>('POST', `/counters/${encodeURIComponent(counterId)}/call-next`, {}).then((r) => r.ticket);
  openCounter = (counterId: string) => this.counterAction(counterId, 'open');
  pauseCounter = (counterId: string, reason?: string) =>
    this.counterAction(counterId, 'pause', reason === undefined ? {} : { reason });
  closeCounter = (counterId: string) => this.counterAction(counterId, 'close');
  private counterAction(counterId: string, action: string, body: object = {}) {
    return this.request<{ counter: CounterView }>('POST', `/counters/${encodeURIComponent(counterId)}/${action}`, body).then(
      (r) => r.counter,
    );
  }
}
