/**
 * Outgoing webhook: POST JSON with `x-callboard-signature: sha256=<hex HMAC-SHA256(body)>`,
 * retried with exponential backoff; after the last attempt the delivery goes to a dead-letter
 * list (kept in memory, visible to admins). Sending never blocks the caller.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { WEBHOOK_SIGNATURE_HEADER } from '../protocol';

export interface WebhookOptions {
  url: string;
  secret: string;
  maxAttempts?: number;
  backoffMs?: number;
  timeoutMs?: number;
  log?: { warn(obj: object, msg?: string): void };
  fetch?: typeof fetch;
}

export interface DeadLetter {
  deliveryId: string;
  eventType: string;
  attempts: number;
  lastError: string;
  at: number;
  body: string;
}

export const DEAD_LETTER_LIMIT = 200;

export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Delay before attempt `n + 1` after `n` failed attempts (n ≥ 1): base, 2×, 4×, … capped at 10 minutes. */
export function backoffDelay(failed: number, baseMs: number): number {
  return Math.min(600_000, baseMs * 2 ** (failed - 1));
}

export class WebhookSender {
  readonly deadLetters: DeadLetter[] = [];
  readonly stats = { delivered: 0, failedAttempts: 0, dead: 0 };
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inflight = new Set<AbortController>();
  private closed = false;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly timeoutMs: number;
  private readonly doFetch: typeof fetch;

  constructor(private readonly opts: WebhookOptions) {
    this.maxAttempts = opts.maxAttempts ?? 5;
    this.backoffMs = opts.backoffMs ?? 1000;
    this.timeoutMs = opts.timeoutMs ?? 5000;
    this.doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** Queues a delivery and returns at once. */
  send(eventType: string, payload: unknown): void {
    if (this.closed) return;
    const body = JSON.stringify(payload);
    const deliveryId = randomUUID();
    void this.attempt(deliveryId, eventType, body, 1);
  }

  private async attempt(deliveryId: string, eventType: string, body: string, n: number): Promise<void> {
    if (this.closed) return;
    const abort = new AbortController();
    this.inflight.add(abort);
    const timer = setTimeout(() => abort.abort(), this.timeoutMs);
    let error: string | undefined;
    try {
      const res = await this.doFetch(this.opts.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [WEBHOOK_SIGNATURE_HEADER]: signBody(body, this.opts.secret),
          'x-callboard-event': eventType,
          'x-callboard-delivery': deliveryId,
          'x-callboard-attempt': String(n),
        },
        body,
        signal: abort.signal,
      });
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) error = `HTTP ${res.status}`;
    } catch (err) {
      error = (err as Error).message;
    } finally {
      clearTimeout(timer);
      this.inflight.delete(abort);
    }
    if (error === undefined) {
      this.stats.delivered++;
      return;
    }
    this.stats.failedAttempts++;
    if (this.closed) return;
    if (n >= this.maxAttempts) {
      this.stats.dead++;
      this.deadLetters.push({ deliveryId, eventType, attempts: n, lastError: error, at: Date.now(), body });
      if (this.deadLetters.length > DEAD_LETTER_LIMIT) this.deadLetters.shift();
      this.opts.log?.warn({ deliveryId, eventType, attempts: n, err: error }, 'webhook delivery given up');
      return;
    }
    const t = setTimeout(
      () => {
        this.timers.delete(t);
        void this.attempt(deliveryId, eventType, body, n + 1);
      },
      backoffDelay(n, this.backoffMs),
    );
    t.unref();
    this.timers.add(t);
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const a of this.inflight) a.abort();
  }
}
