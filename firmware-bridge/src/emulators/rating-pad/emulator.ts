/** Emulated rating pad: sends `RATE n` / `KEY name` lines; remembers what the host asked it to show. */
import { decodePadCommand, encodePadMessage, type PadCommand } from '../../drivers/rating-pad/codec';
import { DEFAULT_BAUD, MAX_LINE } from '../../drivers/rating-pad/constants';
import { type LineDeviceOptions, LinePortDevice } from '../../serial/line-device';

export class RatingPadEmulator extends LinePortDevice {
  lastCommand: PadCommand | null = null;

  constructor(options: LineDeviceOptions) {
    super(options, { baudRate: DEFAULT_BAUD, maxLine: MAX_LINE });
  }

  protected onLine(line: Buffer): void {
    this.lastCommand = decodePadCommand(line) ?? this.lastCommand;
  }

  rate(score: number): Promise<void> {
    return this.link.write(encodePadMessage({ t: 'rating', score }, this.eol));
  }

  press(button: string): Promise<void> {
    return this.link.write(encodePadMessage({ t: 'button', button }, this.eol));
  }
}
