/**
 * The outbox: every text to a visitor is written to outbox.db first, then handed to the
 * transport by one background worker, retried with a bound (retry.ts), and either sent (and
 * delivered, when the network reports it) or given up — never lost silently: a text given up
 * raises the supervisor's `sms_failed` alert, a transport that keeps failing `sms_transport_down`.
 *
 * `send()` only validates and queues: it returns at once and never waits for the disk, the
 * network or the modem, so the queue's operations (issue, call-next) are never held up by a
 * text. The recipient's number is kept sealed in the message until it is sent or given up,
 * then dropped (docs/notifications.md).
 */
import { randomUUID } from 'node:crypto';
import { CallboardError, type Lang } from '../protocol';
import type { NotifyRepository, OutboxDoc } from '../store';
import type { PhoneBook } from './phone-book';
import { DEFAULT_RETRY, givesUp, type RetryPolicy, retryDelay } from './retry';
import { renderTemplate, type SiteTemplates, type TemplateName } from './templates';
import type { DeliveryReceipt, SendOutcome, SmsTransport } from './transport';

export interface SendRequest {
  /** A number given just now (a one-time code), or the phone kept for a ticket/appointment (`ticket:<id>`). */
  to: { phone: string } | { ref: string };
  /** What the text is for (`ahead`, `called`, `code`, `reminder-day-before` …): shown in alerts and reports. */
  purpose: string;
  template: TemplateName;
  lang: Lang;
  vars: Readonly<Record<string, string | number>>;
  /** What it is about, without the phone (`ticket:<id>`); defaults to `to.ref`. */
  about?: string;
  /** Not sent after this (a "you are called" an hour late helps nobody). */
  expiresAt?: number;
}

export interface OutboxAlerts {
  raise(kind: 'sms_failed' | 'sms_transport_down', subject: string, now: number): void;
}

export interface OutboxLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface OutboxOptions {
  repo: NotifyRepository;
  phones: PhoneBook;
  transport: SmsTransport;
  alerts: OutboxAlerts;
  log: OutboxLog;
  now: () => number;
  templates?: SiteTemplates;
  retry?: RetryPolicy;
  /** A transport that has not answered in this long has failed this try. */
  sendTimeoutMs?: number;
  siteName?: { zh: string; en: string };
}

/** After this many failures in a row the transport is reported down. */
const DOWN_AFTER = 3;
/** How long `close()` waits for the answer to a text in flight. */
const CLOSE_WAIT_MS = 5_000;

export class Outbox {
  private readonly pending: OutboxDoc[] = [];
  private readonly byRef = new Map<string, OutboxDoc>();
  private readonly listeners = new Set<(doc: OutboxDoc) => void>();
  private busy = false;
  /** The attempt in progress, which `close()` lets finish so that a text sent is recorded as sent. */
  private inFlight: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private failuresInARow = 0;
  private readonly retry: RetryPolicy;
  readonly stats = { queued: 0, sent: 0, failed: 0, retries: 0, delivered: 0 };

  constructor(private readonly o: OutboxOptions) {
    this.retry = o.retry ?? DEFAULT_RETRY;
    o.transport.onReceipt = (r) => void this.onReceipt(r);
  }
  /** The site's texts in effect (undefined: the defaults). */
  texts(): SiteTemplates | undefined {
    return this.o.templates;
  }

  /** The texts from now on (a config template from head office under the site's own file texts). */
  setTemplates(templates: SiteTemplates | undefined): void {
    if (templates) this.o.templates = templates;
    else delete this.o.templates;
  }

  get transportName(): string {
    return this.o.transport.name;
  }

  /** Picks up the texts a restart interrupted. */
  async start(): Promise<void> {
    this.pending.push(...(await this.o.repo.pendingMessages()));
    this.pump();
  }

  /**
   * Queues a text; returns its id at once. Throws (before queuing anything) for a number that
   * is not one, or a ticket/appointment with no phone kept. The join side sends its one-time
   * codes through here: `send({ to: { phone }, purpose: 'code', template: 'code', lang, vars: { code } })`.
   */
  send(req: SendRequest): { id: string } {
    const now = this.o.now();
    let to: { sealed: string; hmac: string; masked: string };
    if ('phone' in req.to) to = this.o.phones.vault.protect(req.to.phone);
    else {
      const kept = this.o.phones.get(req.to.ref);
      if (!kept) throw new CallboardError('NOT_FOUND', 'no phone is kept for this ticket or appointment');
      to = kept;
    }
    const site = this.o.siteName?.[req.lang] ?? '';
    const text = renderTemplate(this.o.templates, req.template, req.lang, { site, ...req.vars });
    const about = req.about ?? ('ref' in req.to ? req.to.ref : undefined);
    const doc: OutboxDoc = {
      _id: randomUUID(),
      purpose: req.purpose,
      ...(about ? { about } : {}),
      toSealed: to.sealed,
      toMasked: to.masked,
      toHmac: to.hmac,
      text,
      lang: req.lang,
      state: 'queued',
      attempts: 0,
      nextAt: now,
      createdAt: now,
      ...(req.expiresAt !== undefined ? { expiresAt: req.expiresAt } : {}),
      transport: this.o.transport.name,
    };
    this.stats.queued++;
    // NeDB runs its operations in order: this insert is on disk before any later save of the same text.
    void this.o.repo.addMessage(doc).catch((err) => this.o.log.warn({ err, id: doc._id }, 'text not written to the outbox'));
    this.pending.push(doc);
    setImmediate(() => this.pump());
    return { id: doc._id };
  }

  /** Every change of a text's state (tests, metrics). */
  onChange(listener: (doc: OutboxDoc) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Texts still waiting to go (for the supervisor and /metrics). */
  get waiting(): number {
    return this.pending.length;
  }

  /**
   * Gives up the queued texts `about` these refs (their ticket is over or the day has ended):
   * no alert, they are no longer wanted; their sealed numbers are dropped.
   */
  async withdraw(match: (doc: OutboxDoc) => boolean, reason: string): Promise<void> {
    const gone = this.pending.filter(match);
    for (const doc of gone) {
      this.pending.splice(this.pending.indexOf(doc), 1);
      await this.finish(doc, 'failed', reason);
    }
  }

  private pump(): void {
    if (this.busy || this.stopped) return;
    const now = this.o.now();
    const due = this.pending.filter((d) => d.nextAt <= now).sort((a, b) => a.nextAt - b.nextAt)[0];
    if (!due) {
      const next = Math.min(...this.pending.map((d) => d.nextAt));
      if (Number.isFinite(next) && !this.timer) {
        this.timer = setTimeout(
          () => {
            this.timer = null;
            this.pump();
          },
          Math.max(10, next - now),
        );
        this.timer.unref();
      }
      return;
    }
    this.busy = true;
    this.inFlight = this.attempt(due)
      .catch((err) => this.o.log.warn({ err, id: due._id }, 'outbox attempt failed unexpectedly'))
      .finally(() => {
        this.busy = false;
        this.inFlight = null;
        this.pump();
      });
  }

  private async attempt(doc: OutboxDoc): Promise<void> {
    const now = this.o.now();
    if (doc.expiresAt !== undefined && doc.expiresAt < now) {
      this.pending.splice(this.pending.indexOf(doc), 1);
      return this.giveUp(doc, 'expired before it could be sent');
    }
    if (!doc.toSealed) {
      this.pending.splice(this.pending.indexOf(doc), 1);
      return this.giveUp(doc, 'the number was erased');
    }
    doc.attempts++;
    const outcome = await this.tryTransport(doc, this.o.phones.vault.open(doc.toSealed));
    // Closing: a text the network took is still recorded as sent (or a restart would send it
    // again); a failure is left queued for the next start.
    if (this.stopped && !outcome.ok) return;
    if (outcome.ok) {
      this.failuresInARow = 0;
      this.pending.splice(this.pending.indexOf(doc), 1);
      if (outcome.refs) {
        doc.refs = outcome.refs;
        for (const r of outcome.refs) this.byRef.set(r, doc);
      }
      this.stats.sent++;
      this.o.log.info({ id: doc._id, purpose: doc.purpose, to: doc.toMasked, attempts: doc.attempts }, 'text sent');
      return this.finish(doc, 'sent');
    }
    doc.lastError = outcome.reason;
    if (++this.failuresInARow >= DOWN_AFTER) this.o.alerts.raise('sms_transport_down', this.o.transport.name, this.o.now());
    if (givesUp(this.retry, doc.attempts, outcome.permanent === true)) {
      this.pending.splice(this.pending.indexOf(doc), 1);
      return this.giveUp(doc, outcome.reason);
    }
    this.stats.retries++;
    doc.nextAt = this.o.now() + retryDelay(this.retry, doc.attempts, Math.random());
    this.o.log.warn(
      { id: doc._id, purpose: doc.purpose, attempts: doc.attempts, reason: outcome.reason },
      'text not sent; will retry',
    );
    await this.save(doc);
  }

  private async tryTransport(doc: OutboxDoc, to: string): Promise<SendOutcome> {
    const ms = this.o.sendTimeoutMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<SendOutcome>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, reason: `no answer from ${this.o.transport.name} within ${ms} ms` }), ms);
    });
    try {
      return await Promise.race([
        this.o.transport.send({
          id: doc._id,
          to,
          text: doc.text,
          ...(doc.expiresAt !== undefined ? { expiresAt: doc.expiresAt } : {}),
        }),
        timeout,
      ]);
    } catch (err) {
      return { ok: false, reason: (err as Error).message };
    } finally {
      clearTimeout(timer);
    }
  }

  private async giveUp(doc: OutboxDoc, reason: string): Promise<void> {
    this.stats.failed++;
    this.o.alerts.raise('sms_failed', doc.purpose, this.o.now());
    this.o.log.warn({ id: doc._id, purpose: doc.purpose, to: doc.toMasked, attempts: doc.attempts, reason }, 'text given up');
    await this.finish(doc, 'failed', reason);
  }

  /** A final state: the number is dropped from the message. */
  private async finish(doc: OutboxDoc, state: 'sent' | 'failed', reason?: string): Promise<void> {
    doc.state = state;
    doc.doneAt = this.o.now();
    if (reason) doc.lastError = reason;
    delete doc.toSealed;
    await this.save(doc);
  }

  private async onReceipt(r: DeliveryReceipt): Promise<void> {
    const doc = this.byRef.get(r.ref);
    if (!doc) return;
    this.byRef.delete(r.ref);
    if (r.delivered) {
      if (doc.state === 'delivered') return;
      doc.state = 'delivered';
      this.stats.delivered++;
    } else {
      doc.state = 'failed';
      doc.lastError = 'the network reported it undelivered';
      this.stats.failed++;
      this.o.alerts.raise('sms_failed', doc.purpose, this.o.now());
    }
    await this.save(doc);
  }

  private async save(doc: OutboxDoc): Promise<void> {
    for (const l of this.listeners) l(doc);
    await this.o.repo.saveMessage({ ...doc }).catch((err) => this.o.log.warn({ err, id: doc._id }, 'outbox not updated'));
  }

  /**
   * Stops sending. A text already handed to the transport gets its answer first (at most
   * `CLOSE_WAIT_MS`), so one the network took is not sent again after a restart.
   */
  async close(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.inFlight) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.inFlight, new Promise<void>((r) => (timer = setTimeout(r, CLOSE_WAIT_MS)))]);
      clearTimeout(timer);
    }
    await this.o.transport.close();
  }
}
