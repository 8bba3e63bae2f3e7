/** Rating pad driver: emits ratings and key presses; can ask for a rating or beep. */
import { EventEmitter } from 'node:events';
import { type LineDeviceOptions, openLineDevice } from '../../serial/line-device';
import type { SerialLink } from '../../serial/link';
import { decodePadLine, encodePadCommand, type PadCommand } from './codec';
import { DEFAULT_BAUD, MAX_LINE } from './constants';

export type RatingPadDriverOptions = LineDeviceOptions;

interface DriverEvents {
  rating: [number];
  button: [string];
  connection: [boolean];
}

export class RatingPadDriver extends EventEmitter<DriverEvents> {
  readonly link: SerialLink;
  private readonly eol: string;

  constructor(options: RatingPadDriverOptions) {
    super();
    const device = openLineDevice(options, { baudRate: DEFAULT_BAUD, maxLine: MAX_LINE }, (line) => {
      const msg = decodePadLine(line);
      if (msg?.t === 'rating') this.emit('rating', msg.score);
      else if (msg?.t === 'button') this.emit('button', msg.button);
      else if (!msg) options.log.debug('unknown pad line', { bytes: line.length });
    });
    this.link = device.link;
    this.eol = device.eol;
    this.link.on('open', () => {
      device.lines.reset();
      this.emit('connection', true);
    });
    this.link.on('close', () => this.emit('connection', false));
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
