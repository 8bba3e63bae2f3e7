/** Emulated LED counter screen: shows (remembers) the text it was sent and acknowledges each command. */
import { decodeLedCommand, encodeLedReply } from '../../drivers/led-counter/codec';
import { DEFAULT_BAUD, type LedEncoding, MAX_LINE } from '../../drivers/led-counter/constants';
import { type LineDeviceOptions, openLineDevice } from '../../serial/line-device';
import type { SerialLink } from '../../serial/link';

export class LedCounterEmulator {
  readonly link: SerialLink;
  private readonly eol: string;
  text = '';
  brightness = 9;

  constructor(options: LineDeviceOptions & { encoding?: LedEncoding }) {
    const device = openLineDevice(options, { baudRate: DEFAULT_BAUD, maxLine: MAX_LINE }, (line) => {
      const cmd = decodeLedCommand(line, options.encoding ?? 'gb18030');
      if (cmd?.t === 'text') {
        this.text = cmd.text;
        options.log.info('LED shows', { text: cmd.text });
      } else if (cmd?.t === 'bright') this.brightness = cmd.level;
      else if (cmd?.t === 'clear') this.text = '';
      const reply = encodeLedReply(cmd ? { ok: true } : { ok: false, reason: 'unknown command' }, this.eol);
      this.link.write(reply).catch(() => undefined);
    });
    this.link = device.link;
    this.eol = device.eol;
  }

  start(): void {
    this.link.start();
  }

  stop(): Promise<void> {
    return this.link.stop();
  }
}
