/** Emulated LED counter screen: shows (remembers) the text it was sent and acknowledges each command. */
import { decodeLedCommand, encodeLedReply } from '../../drivers/led-counter/codec';
import { DEFAULT_BAUD, type LedEncoding, MAX_LINE } from '../../drivers/led-counter/constants';
import { type LineDeviceOptions, LinePortDevice } from '../../serial/line-device';

export class LedCounterEmulator extends LinePortDevice {
  text = '';
  brightness = 9;

  constructor(private readonly options: LineDeviceOptions & { encoding?: LedEncoding }) {
    super(options, { baudRate: DEFAULT_BAUD, maxLine: MAX_LINE });
  }

  protected onLine(line: Buffer): void {
    const cmd = decodeLedCommand(line, this.options.encoding ?? 'gb18030');
    if (cmd?.t === 'text') {
      this.text = cmd.text;
      this.options.log.info('LED shows', { text: cmd.text });
    } else if (cmd?.t === 'bright') this.brightness = cmd.level;
    else if (cmd?.t === 'clear') this.text = '';
    const reply = encodeLedReply(cmd ? { ok: true } : { ok: false, reason: 'unknown command' }, this.eol);
    this.link.write(reply).catch(() => undefined);
  }
}
