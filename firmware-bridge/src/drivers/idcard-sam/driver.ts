/**
 * ID card reader driver: owns the serial link, runs the read cycle (find → select → read) on
 * a poll timer, one request at a time, and emits each card once.
 *
 * Tap rules (docs/devices.md states them): a card left on the reader is found again on every
 * poll, so the same card is suppressed until it has been lifted (a find says "no card") or
 * `repeatAfterMs` has passed. A card lifted and put back within `bounceMs` of being lifted is
 * the same placement (a bounce), not a new tap. Only a hash of the number is kept for that.
 *
 * A line that corrupts replies: a broken frame (bad checksum or length, or a frame whose rest
 * does not come within `frameGapMs`) fails the request at once instead of after the reply
 * timeout, and the same step is asked again, up to `stepRetries` times, so the cycle goes on
 * where it broke rather than starting over at "find". When `failedCyclesToNotify` cycles in a
 * row broke while a card was on the reader, a `card-error` (`read_failed`) asks the visitor to
 * place the card again (once per placement). The reader's health (health.ts) is reported as
 * `degraded` in the bridge status.
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Logger } from '../../log';
import type { SerialBinding } from '../../serial/binding';
import { SerialLink } from '../../serial/link';
import { TimeoutError, Waitress } from '../../serial/waitress';
import { encodeCommand, parseReadData, parseResponse, type SamResponse } from './codec';
import { type CmdName, DEFAULT_BAUD, HEADER_LEN, SW3_TEXT, Sw3 } from './constants';
import { ReaderHealth } from './health';
import { SamFrameSplitter } from './parser';
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
  /** A card lifted and put back within this time of being lifted is not reported twice (bounce). */
  bounceMs?: number;
  /** A started frame whose next byte does not come within this long is given up (default 100 ms). */
  frameGapMs?: number;
  /** How often a step is asked again after a broken or missing reply (default 2). */
  stepRetries?: number;
  /** Broken cycles in a row, with a card on the reader, before the visitor is asked to place it again (default 3). */
  failedCyclesToNotify?: number;
  now?: () => number;
}

export type CardErrorCode = 'read_failed' | 'invalid_id' | 'unknown_kind';

/** The reply was lost on the line: a frame with a bad checksum or length, or cut short. */
export class BrokenReplyError extends Error {
  constructor(what: string) {
    super(what);
    this.name = 'BrokenReplyError';
  }
}

const lineError = (err: unknown) => err instanceof TimeoutError || err instanceof BrokenReplyError;

export const PLACE_AGAIN = 'the card could not be read; please place your card again';

interface DriverEvents {
  card: [IdCard];
  'card-error': [{ code: CardErrorCode; message: string }];
  connection: [boolean];
  health: [{ degraded: boolean }];
}

export class IdCardDriver extends EventEmitter<DriverEvents> {
  readonly link: SerialLink;
  private readonly splitter = new SamFrameSplitter();
  private readonly waitress = new Waitress<SamResponse>();
  private readonly health: ReaderHealth;
  private timer: NodeJS.Timeout | null = null;
  private gapTimer: NodeJS.Timeout | null = null;
  private running = false;
  /** The card last reported, and when. */
  private last: { key: string; at: number } | null = null;
  /** When that card was found gone; null while it is (or is again) on the reader. */
  private liftedAt: number | null = null;
  /** A card was found since the last "no card" (so a broken cycle concerns a visitor). */
  private cardOn = false;
  private errorReported = false;
  private readonly now: () => number;
  readonly stats = { polls: 0, reads: 0, suppressed: 0, timeouts: 0, badFrames: 0, retries: 0 };

  constructor(private readonly options: IdCardDriverOptions) {
    super();
    this.now = options.now ?? Date.now;
    this.health = new ReaderHealth({ failedCyclesToDegrade: options.failedCyclesToNotify ?? 3 });
    this.link = new SerialLink({
      path: options.path,
      baudRate: options.baudRate ?? DEFAULT_BAUD,
      log: options.log,
      ...(options.binding ? { binding: options.binding } : {}),
    });
    this.link.on('data', (chunk) => this.receive(chunk));
    this.link.on('open', () => {
      this.splitter.reset();
      this.emit('connection', true);
      this.schedule(0);
    });
    this.link.on('close', () => {
      this.clearGap();
      this.waitress.cancel(new Error('serial port closed'));
      this.emit('connection', false);
    });
  }

  get connected(): boolean {
    return this.link.isOpen;
  }

  /** The line breaks replies often enough that someone should look at the reader or its cable. */
  get degraded(): boolean {
    return this.health.degraded;
  }

  start(): void {
    this.running = true;
    this.link.start();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.clearGap();
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
      .then(
        (res) => {
          this.noteExchange(true);
          return res;
        },
        (err: Error) => {
          if (lineError(err)) {
            if (err instanceof TimeoutError) this.stats.timeouts++;
            // A half-received frame must not swallow the next reply.
            this.splitter.reset();
            this.clearGap();
            this.noteExchange(false);
          }
          throw err;
        },
      );
  }

  /** One step of the cycle, asked again when its reply was lost on the line. */
  private async step(name: CmdName): Promise<SamResponse> {
    const retries = this.options.stepRetries ?? 2;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.request(name);
      } catch (err) {
        if (!lineError(err) || attempt >= retries) throw err;
        this.stats.retries++;
      }
    }
  }

  private receive(chunk: Buffer): void {
    const bad = this.splitter.stats.badFrames;
    for (const body of this.splitter.push(chunk)) {
      const res = parseResponse(body);
      if (res && !this.waitress.offer(res)) this.options.log.debug('unsolicited reader frame', { sw3: res.sw3 });
    }
    if (this.splitter.stats.badFrames > bad) {
      this.clearGap();
      this.brokenReply('a reply frame with a bad checksum or length');
    } else if (this.splitter.pending >= HEADER_LEN) this.armGap();
    else this.clearGap();
  }

  /** A frame has started and its rest is late: after `frameGapMs` of silence it is not coming. */
  private armGap(): void {
    this.clearGap();
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null;
      if (this.splitter.pending < HEADER_LEN) return;
      this.splitter.reset();
      this.brokenReply('a reply frame cut short');
    }, this.options.frameGapMs ?? 100);
  }

  private clearGap(): void {
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.gapTimer = null;
  }

  private brokenReply(what: string): void {
    this.stats.badFrames++;
    this.waitress.cancel(new BrokenReplyError(what));
  }

  private noteExchange(ok: boolean): void {
    if (this.health.exchange(ok)) this.healthChanged();
  }

  private healthChanged(): void {
    const degraded = this.health.degraded;
    if (degraded) this.options.log.warn('card reader degraded: replies are being lost on the line', { ...this.stats });
    else this.options.log.info('card reader healthy again');
    this.emit('health', { degraded });
  }

  private schedule(ms: number): void {
    if (!this.running || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.link.isOpen) return; // the next `open` schedules again
      this.cycle().finally(() => this.schedule(this.options.pollMs ?? 250));
    }, ms);
  }

  /** One poll, and what its outcome says about the line. */
  private async cycle(): Promise<void> {
    let broken = false;
    try {
      await this.poll();
    } catch (err) {
      broken = lineError(err);
      this.options.log.debug('poll failed', { err: (err as Error).message });
    }
    if (this.health.cycle(broken)) this.healthChanged();
    if (broken && this.cardOn && this.health.failedCycles >= (this.options.failedCyclesToNotify ?? 3))
      this.reportError('read_failed', PLACE_AGAIN);
  }

  private async poll(): Promise<void> {
    this.stats.polls++;
    const find = await this.step('findCard');
    if (find.sw3 !== Sw3.findSuccess) return this.noCard();
    this.cardOn = true;
    const select = await this.step('selectCard');
    if (select.sw3 !== Sw3.success) return; // the card moved; the next poll tries again
    const read = await this.step('readText');
    if (read.sw3 !== Sw3.success) return this.reportError('read_failed', `read failed: ${SW3_TEXT[read.sw3] ?? read.sw3}`);
    const data = parseReadData(read.data, false);
    if (!data) return this.reportError('read_failed', 'read response has inconsistent block lengths');
    const decoded = decodeTextBlock(data.text);
    if (!decoded.ok) return this.reportError(decoded.code === 'bad_block' ? 'read_failed' : decoded.code, decoded.message);
    this.stats.reads++;
    const key = createHash('sha256').update(decoded.card.idNumber).digest('hex');
    if (this.isSamePlacement(key, this.now())) {
      this.stats.suppressed++;
      return;
    }
    this.last = { key, at: this.now() };
    this.liftedAt = null;
    this.errorReported = false;
    this.options.log.info('card read', { kind: decoded.card.kind });
    this.emit('card', decoded.card);
  }

  /** The reader says no card: the last card was lifted (now, unless already noted). */
  private noCard(): void {
    if (this.last && this.liftedAt === null) this.liftedAt = this.now();
    this.cardOn = false;
    this.errorReported = false;
  }

  /**
   * Is this read the card already reported, still (or again) on the reader? Left on it: yes
   * until `repeatAfterMs` since the report. Lifted and back within `bounceMs`: yes, and it
   * counts as never lifted, so later polls are suppressed too.
   */
  private isSamePlacement(key: string, at: number): boolean {
    if (this.last?.key !== key) return false;
    if (this.liftedAt === null) return at - this.last.at < (this.options.repeatAfterMs ?? 120_000);
    if (at - this.liftedAt < (this.options.bounceMs ?? 1500)) {
      this.liftedAt = null;
      return true;
    }
    return false;
  }

  private reportError(code: CardErrorCode, message: string): void {
    // Once per placement: a bad card left on the reader is not an error every 250 ms.
    if (this.errorReported) return;
    this.errorReported = true;
    this.options.log.warn('card not accepted', { code, message });
    this.emit('card-error', { code, message });
  }
}
