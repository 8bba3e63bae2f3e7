/** Rating pad driver: emits ratings and key presses; can ask for a rating or beep. */
import { EventEmitter } from 'node:events';
import type { Logger } from '../../log';
import type { SerialBinding } from '../../serial/binding';
import { LINE_ENDINGS, type LineEnding, LineSplitter } from '../../serial/lines';
import { SerialLink } from '../../serial/link';
import { decodePadLine, encodePadCommand, type PadCommand } from './codec';
import { DEFAULT_BAUD, MAX_LINE } from './constants';

export interface RatingPadDriverOptions {
  path: string;
  baudRate?: number;
  lineEnding?: LineEnding;
  binding?: SerialBinding;
  log: Logger;
}

interface DriverEvents {
  rating: [number];
  button: [string];
  connection: [boolean];
}

export class RatingPadDriver extends EventEmitter<DriverEvents> {
  readonly link: SerialLink;
  private readonly lines: LineSplitter;
  private readonly eol: string;

  constructor(options: RatingPadDriverOptions) {
    super();
    this.eol = LINE_ENDINGS[options.lineEnding ?? 'CRLF'];
    this.lines = new LineSplitter(this.eol, MAX_LINE);
    this.link = new SerialLink({
      path: options.path,
      baudRate: options.baudRate ?? DEFAULT_BAUD,
      log: options.log,
      ...(options.binding ? { binding: options.binding } : {}),
    });
    this.link.on('open', () => {
      this.lines.reset();
      this.emit('connection', true);
    });
    this.link.on('close', () => this.emit('connection', false));
    this.link.on('data', (chunk) => {
      for (const line of this.lines.push(chunk)) {
        const msg = decodePadLine(line);
        if (msg?.t === 'rating') this.emit('rating', msg.score);
        else if (msg?.t === 'button') this.emit('button', msg.button);
        else if (!msg) options.log.debug('unknown pad line', { bytes: line.length });
      }
    });
  }

  get connected(): boolean {
    return this.link.isOpen;
  }

  start(): void {
    this.link.start();
  }

  stop(): Promise<void> {
    return this.link.stop();
  }

  send(cmd: PadCommand): Promise<void> {
    return this.link.write(encodePadCommand(cmd, this.eol));
  }
}
