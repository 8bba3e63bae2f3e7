/** Emulated LED counter screen: shows (remembers) the text it was sent and acknowledges each command. */
import { decodeLedCommand, encodeLedReply } from '../../drivers/led-counter/codec';
import { DEFAULT_BAUD, type LedEncoding, MAX_LINE } from '../../drivers/led-counter/constants';
import type { Logger } from '../../log';
import type { SerialBinding } from '../../serial/binding';
import { LINE_ENDINGS, type LineEnding, LineSplitter } from '../../serial/lines';
import { SerialLink } from '../../serial/link';

export class LedCounterEmulator {
  readonly link: SerialLink;
  private readonly eol: string;
  private readonly lines: LineSplitter;
  text = '';
  brightness = 9;

  constructor(options: {
    path: string;
    baudRate?: number;
    binding?: SerialBinding;
    lineEnding?: LineEnding;
    encoding?: LedEncoding;
    log: Logger;
  }) {
    this.eol = LINE_ENDINGS[options.lineEnding ?? 'CRLF'];
    this.lines = new LineSplitter(this.eol, MAX_LINE);
    this.link = new SerialLink({
      path: options.path,
      baudRate: options.baudRate ?? DEFAULT_BAUD,
      log: options.log,
      ...(options.binding ? { binding: options.binding } : {}),
    });
    this.link.on('data', (chunk) => {
      for (const line of this.lines.push(chunk)) {
        const cmd = decodeLedCommand(line, options.encoding ?? 'gb18030');
        if (cmd?.t === 'text') {
          this.text = cmd.text;
          options.log.info('LED shows', { text: cmd.text });
        } else if (cmd?.t === 'bright') this.brightness = cmd.level;
        else if (cmd?.t === 'clear') this.text = '';
        const reply = encodeLedReply(cmd ? { ok: true } : { ok: false, reason: 'unknown command' }, this.eol);
        this.link.write(reply).catch(() => undefined);
      }
    });
  }

  start(): void {
    this.link.start();
  }

  stop(): Promise<void> {
    return this.link.stop();
  }
}
