/**
 * Emulated SAM ID card reader on the far side of a pty: answers find / select / read frames
 * with real bytes for whichever test card is "on the reader". A card stays placed until it
 * is lifted or another is placed, like a card left on a real reader. `setFaults` makes it
 * misbehave as readers in the field do (faults.ts): corrupted replies every N, noise, replies
 * split into pieces; `bounce` lifts and replaces a card on a schedule.
 */
import { EventEmitter } from 'node:events';
import { commandName, encodeReadData, encodeResponse, parseCommand } from '../../drivers/idcard-sam/codec';
import { DEFAULT_BAUD, KIND_MARKER_OFFSET, PHOTO_LEN, Sw3 } from '../../drivers/idcard-sam/constants';
import { SamFrameSplitter } from '../../drivers/idcard-sam/parser';
import { encodeTextBlock } from '../../drivers/idcard-sam/text-block';
import type { Logger } from '../../log';
import type { SerialBinding } from '../../serial/binding';
import { SerialLink } from '../../serial/link';
import { findCard, TEST_CARDS, type TestCard } from './cards';
import { CORRUPTIONS, type Corruption, chunks, corruptFrame, noise, type ReaderFaults, rng } from './faults';

export interface IdCardEmulatorOptions {
  path: string;
  /** The serialport binding (default: the real one, for a pty); in-process links pass theirs. */
  binding?: SerialBinding;
  baudRate?: number;
  cards?: TestCard[];
  log: Logger;
}

/** An opaque "photo" (real ones are vendor-compressed WLT): deterministic filler. */
const PHOTO = Buffer.from(Array.from({ length: PHOTO_LEN }, (_, i) => (i * 37 + 11) & 0xff));

export class IdCardEmulator extends EventEmitter<{ command: [string] }> {
  readonly link: SerialLink;
  private readonly splitter = new SamFrameSplitter();
  private placed: TestCard | null = null;
  readonly cards: TestCard[];
  readonly stats = { commands: 0, reads: 0, replies: 0, corrupted: 0 };
  private faults: ReaderFaults = {};
  private random = rng(1);
  private mixedTurn = 0;
  /** Replies go out one after another, even when split into paced chunks. */
  private sending: Promise<void> = Promise.resolve();
  private bounceTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: IdCardEmulatorOptions) {
    super();
    this.cards = options.cards ?? TEST_CARDS;
    this.link = new SerialLink({
      path: options.path,
      baudRate: options.baudRate ?? DEFAULT_BAUD,
      log: options.log,
      ...(options.binding ? { binding: options.binding } : {}),
    });
    this.link.on('open', () => this.splitter.reset());
    this.link.on('data', (chunk) => {
      for (const body of this.splitter.push(chunk)) this.answer(body);
    });
  }

  start(): void {
    this.link.start();
  }

  stop(): Promise<void> {
    this.cancelBounce();
    return this.link.stop();
  }

  /** Replaces the fault settings (`{}`: a healthy reader again); the reply count starts over. */
  setFaults(faults: ReaderFaults): void {
    this.faults = { ...faults };
    this.random = rng(faults.seed ?? 1);
    this.stats.replies = 0;
    this.mixedTurn = 0;
    this.options.log.info('faults set', { ...faults });
  }

  get currentFaults(): ReaderFaults {
    return { ...this.faults };
  }

  /**
   * Puts the card on and takes it off following `pattern` (ms on, ms off, ms on, …); after the
   * last step the card stays on. Resolves when the pattern has been played.
   */
  bounce(label: string, pattern: readonly number[]): Promise<boolean> {
    this.cancelBounce();
    if (!this.place(label)) return Promise.resolve(false);
    return new Promise((resolve) => {
      const step = (i: number) => {
        if (i >= pattern.length) {
          this.bounceTimer = null;
          if (i % 2 === 0) this.place(label);
          return resolve(true);
        }
        this.bounceTimer = setTimeout(() => {
          if (i % 2 === 0) this.lift();
          else this.place(label);
          step(i + 1);
        }, pattern[i]);
      };
      step(0);
    });
  }

  private cancelBounce(): void {
    if (this.bounceTimer) clearTimeout(this.bounceTimer);
    this.bounceTimer = null;
  }

  /** Puts a test card on the reader; false when no card has that label. */
  place(label: string): boolean {
    const card = findCard(label, this.cards);
    if (!card) return false;
    this.placed = card;
    this.options.log.info('card placed', { label });
    return true;
  }

  lift(): void {
    if (this.placed) this.options.log.info('card lifted', { label: this.placed.label });
    this.placed = null;
  }

  get current(): string | null {
    return this.placed?.label ?? null;
  }

  private textBlock(card: TestCard): Buffer {
    const block = encodeTextBlock(card.card);
    if (card.corrupt === 'unknown-marker') block.write('Z', KIND_MARKER_OFFSET, 'utf16le');
    return block;
  }

  private answer(body: Buffer): void {
    const cmd = parseCommand(body);
    if (!cmd) return;
    this.stats.commands++;
    const name = commandName(cmd);
    this.emit('command', name ?? 'unknown');
    const card = this.placed;
    let reply: Buffer;
    switch (name) {
      case 'resetSam':
      case 'samStatus':
        reply = encodeResponse(Sw3.success);
        break;
      case 'samId':
        reply = encodeResponse(Sw3.success, Buffer.from('CALLBOARD-EMU-01'));
        break;
      case 'findCard':
        reply = card ? encodeResponse(Sw3.findSuccess, Buffer.alloc(4)) : encodeResponse(Sw3.findFailed);
        break;
      case 'selectCard':
        reply = card ? encodeResponse(Sw3.success, Buffer.alloc(8)) : encodeResponse(Sw3.selectFailed);
        break;
      case 'readText':
      case 'readTextFinger':
        if (!card) reply = encodeResponse(Sw3.readFailed);
        else {
          this.stats.reads++;
          const finger = name === 'readTextFinger' ? Buffer.alloc(0) : undefined;
          reply = encodeResponse(Sw3.success, encodeReadData(this.textBlock(card), PHOTO, finger));
        }
        break;
      case 'readAddress':
        reply = encodeResponse(Sw3.noContent);
        break;
      default:
        reply = encodeResponse(Sw3.commandError);
    }
    this.send(this.damage(reply));
  }

  /** The reply as the line delivers it under the current faults. */
  private damage(reply: Buffer): Buffer[] {
    const f = this.faults;
    const counted = f.corruptLongerThan === undefined || reply.length > f.corruptLongerThan;
    if (counted) this.stats.replies++;
    let frame = reply;
    if (counted && f.corruptEvery && f.corruptEvery > 0 && this.stats.replies % f.corruptEvery === 0) {
      const kind: Corruption =
        f.corruption === 'mixed'
          ? (CORRUPTIONS[this.mixedTurn++ % CORRUPTIONS.length] as Corruption)
          : (f.corruption ?? 'checksum');
      frame = corruptFrame(frame, kind);
      this.stats.corrupted++;
    }
    const bytes = f.noiseBytes ? Buffer.concat([noise(f.noiseBytes, this.random), frame]) : frame;
    return f.splitBytes ? chunks(bytes, f.splitBytes) : [bytes];
  }

  private send(parts: Buffer[]): void {
    const gap = this.faults.splitGapMs ?? 5;
    this.sending = this.sending.then(async () => {
      for (const [i, part] of parts.entries()) {
        if (i > 0) await new Promise((r) => setTimeout(r, gap));
        await this.link.write(part).catch((err: Error) => this.options.log.debug('reply not sent', { err: err.message }));
      }
    });
  }
}
