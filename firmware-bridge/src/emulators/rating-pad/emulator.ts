/** Emulated rating pad: sends `RATE n` / `KEY name` lines; remembers what the host asked it to show. */
import { decodePadCommand, encodePadMessage, type PadCommand } from '../../drivers/rating-pad/codec';
import { DEFAULT_BAUD, MAX_LINE } from '../../drivers/rating-pad/constants';
import { type LineDeviceOptions, openLineDevice } from '../../serial/line-device';
import type { SerialLink } from '../../serial/link';

export class RatingPadEmulator {
  readonly link: SerialLink;
  private readonly eol: string;
  lastCommand: PadCommand | null = null;

  constructor(options: LineDeviceOptions) {
    const device = openLineDevice(options, { baudRate: DEFAULT_BAUD, maxLine: MAX_LINE }, (line) => {
      this.lastCommand = decodePadCommand(line) ?? this.lastCommand;
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

  rate(score: number): Promise<void> {
    return this.link.write(encodePadMessage({ t: 'rating', score }, this.eol));
  }

  press(button: string): Promise<void> {
    return this.link.write(encodePadMessage({ t: 'button', button }, this.eol));
  }
}
