/**
 * Emulated SAM ID card reader on the far side of a pty: answers find / select / read frames
 * with real bytes for whichever test card is "on the reader". A card stays placed until it
 * is lifted or another is placed, like a card left on a real reader.
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
  readonly stats = { commands: 0, reads: 0 };

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
    return this.link.stop();
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
    this.link.write(reply).catch((err: Error) => this.options.log.debug('reply not sent', { err: err.message }));
  }
}
