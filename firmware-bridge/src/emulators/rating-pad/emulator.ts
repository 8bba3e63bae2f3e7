/** Emulated rating pad: sends `RATE n` / `KEY name` lines; remembers what the host asked it to show. */
import { decodePadCommand, encodePadMessage, type PadCommand } from '../../drivers/rating-pad/codec';
import { DEFAULT_BAUD, MAX_LINE } from '../../drivers/rating-pad/constants';
import type { Logger } from '../../log';
import type { SerialBinding } from '../../serial/binding';
import { LINE_ENDINGS, type LineEnding, LineSplitter } from '../../serial/lines';
import { SerialLink } from '../../serial/link';

export class RatingPadEmulator {
  readonly link: SerialLink;
  private readonly eol: string;
  private readonly lines: LineSplitter;
  lastCommand: PadCommand | null = null;

  constructor(options: { path: string; baudRate?: number; binding?: SerialBinding; lineEnding?: LineEnding; log: Logger }) {
    this.eol = LINE_ENDINGS[options.lineEnding ?? 'CRLF'];
    this.lines = new LineSplitter(this.eol, MAX_LINE);
    this.link = new SerialLink({
      path: options.path,
      baudRate: options.baudRate ?? DEFAULT_BAUD,
      log: options.log,
      ...(options.binding ? { binding: options.binding } : {}),
    });
    this.link.on('data', (chunk) => {
      for (const line of this.lines.push(chunk)) this.lastCommand = decodePadCommand(line) ?? this.lastCommand;
    });
  }

  start(): void {
    this.link.start();
  }

  stop(): Promise<void> {
    return this.link.stop();
  }

  rate(score: number): Promise<void> {
    return this.link.write(encodePadMessage({ t: 'rating', score }, this.eol));
  }

  press(button: string): Promise<void> {
    return this.link.write(encodePadMessage({ t: 'button', button }, this.eol));
  }
}
