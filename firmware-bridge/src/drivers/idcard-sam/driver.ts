/**
 * ID card reader driver: owns the serial link, runs the read cycle (find → select → read) on
 * a poll timer, one request at a time, and emits each card once. A card left on the reader is
 * found again on every poll, so the same card is suppressed until it has been lifted (a find
 * fails) or `repeatAfterMs` has passed. Only a hash of the number is kept for that.
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Logger } from '../../log';
import type { SerialBinding } from '../../serial/binding';
import { SerialLink } from '../../serial/link';
import { TimeoutError, Waitress } from '../../serial/waitress';
import { encodeCommand, parseReadData, parseResponse, type SamResponse } from './codec';
import { type CmdName, DEFAULT_BAUD, SW3_TEXT, Sw3 } from './constants';
import { SamParser } from './parser';
import { decodeTextBlock, type IdCard } from './text-block';

export interface IdCardDriverOptions {
  path: string;
  baudRate?: number;
  binding?: SerialBinding;
  log: Logger;
  /** Time between find-card polls. */
  pollMs?: number;
  replyTimeoutMs?: number;
  /** The same card still on the reader is reported again only after this long. */
  repeatAfterMs?: number;
  /** A card lifted and put back within this time is not reported twice (reader bounce). */
  bounceMs?: number;
  now?: () => number;
}

export type CardErrorCode = 'read_failed' | 'invalid_id' | 'unknown_kind';

interface DriverEvents {
  card: [IdCard];
  'card-error': [{ code: CardErrorCode; message: string }];
  connection: [boolean];
}

export class IdCardDriver extends EventEmitter<DriverEvents> {
  readonly link: SerialLink;
  private readonly parser = new SamParser();
  private readonly waitress = new Waitress<SamResponse>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private last: { key: string; at: number } | null = null;
  private liftedSinceLast = true;
  private errorReported = false;
  private readonly now: () => number;
  readonly stats = { polls: 0, reads: 0, suppressed: 0, timeouts: 0 };

  constructor(private readonly options: IdCardDriverOptions) {
    super();
    this.now = options.now ?? Date.now;
    this.link = new SerialLink({
      path: options.path,
      baudRate: options.baudRate ?? DEFAULT_BAUD,
      log: options.log,
      ...(options.binding ? { binding: options.binding } : {}),
    });
    this.link.on('data', (chunk) => this.parser.write(chunk));
    this.parser.on('data', (body: Buffer) => {
      const res = parseResponse(body);
      if (res && !this.waitress.offer(res)) options.log.debug('unsolicited reader frame', { sw3: res.sw3 });
    });
    this.link.on('open', () => {
      this.parser.reset();
      this.emit('connection', true);
      this.schedule(0);
    });
    this.link.on('close', () => {
      this.waitress.cancel(new Error('serial port closed'));
      this.emit('connection', false);
    });
  }

  get connected(): boolean {
    return this.link.isOpen;
  }

  start(): void {
    this.running = true;
    this.link.start();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.waitress.cancel(new Error('driver stopped'));
    await this.link.stop();
  }

  /** Sends one command and waits for the reader's response frame. */
  request(name: CmdName): Promise<SamResponse> {
    return this.waitress
      .request(
        name,
        () => this.link.write(encodeCommand(name)),
        () => true,
        this.options.replyTimeoutMs ?? 1500,
      )
      .catch((err: Error) => {
        // A half-received frame must not swallow the next reply.
        if (err instanceof TimeoutError) {
          this.stats.timeouts++;
          this.parser.reset();
        }
        throw err;
      });
  }

  private schedule(ms: number): void {
    if (!this.running || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.link.isOpen) return; // the next `open` schedules again
      this.poll()
        .catch((err: Error) => this.options.log.debug('poll failed', { err: err.message }))
        .finally(() => this.schedule(this.options.pollMs ?? 250));
    }, ms);
  }

  private async poll(): Promise<void> {
    this.stats.polls++;
    const find = await this.request('findCard');
    if (find.sw3 !== Sw3.findSuccess) {
      this.liftedSinceLast = true;
      this.errorReported = false;
      return;
    }
    const select = await this.request('selectCard');
    if (select.sw3 !== Sw3.success) return; // the card moved; the next poll tries again
    const read = await this.request('readText');
    if (read.sw3 !== Sw3.success) return this.reportError('read_failed', `read failed: ${SW3_TEXT[read.sw3] ?? read.sw3}`);
    const data = parseReadData(read.data, false);
    if (!data) return this.reportError('read_failed', 'read response has inconsistent block lengths');
    const decoded = decodeTextBlock(data.text);
    if (!decoded.ok) return this.reportError(decoded.code === 'bad_block' ? 'read_failed' : decoded.code, decoded.message);
    this.stats.reads++;
    const key = createHash('sha256').update(decoded.card.idNumber).digest('hex');
    const at = this.now();
    const same = this.last?.key === key;
    const elapsed = this.last ? at - this.last.at : Number.POSITIVE_INFINITY;
    const bounce = this.options.bounceMs ?? 1500;
    const repeat = this.options.repeatAfterMs ?? 120_000;
    if (same && ((!this.liftedSinceLast && elapsed < repeat) || elapsed < bounce)) {
      this.stats.suppressed++;
      return;
    }
    this.last = { key, at };
    this.liftedSinceLast = false;
    this.errorReported = false;
    this.options.log.info('card read', { kind: decoded.card.kind });
    this.emit('card', decoded.card);
  }

  private reportError(code: CardErrorCode, message: string): void {
    // Once per placement: a bad card left on the reader is not an error every 250 ms.
    if (this.errorReported) return;
    this.errorReported = true;
    this.options.log.warn('card not accepted', { code, message });
    this.emit('card-error', { code, message });
  }
}
