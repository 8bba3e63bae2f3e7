/** LED counter screen driver: one command at a time, each acknowledged by the screen. */
import { EventEmitter } from 'node:events';
import { type LineDeviceOptions, openLineDevice } from '../../serial/line-device';
import type { SerialLink } from '../../serial/link';
import { Waitress } from '../../serial/waitress';
import { decodeLedReply, encodeLedCommand, type LedCommand, type LedReply } from './codec';
import { ACK_TIMEOUT_MS, DEFAULT_BAUD, type LedEncoding, MAX_LINE } from './constants';

export interface LedDriverOptions extends LineDeviceOptions {
  encoding?: LedEncoding;
  maxChars?: number;
}

export class LedCounterDriver extends EventEmitter<{ connection: [boolean] }> {
  readonly link: SerialLink;
  private readonly waitress = new Waitress<LedReply>();
  private readonly eol: string;
  private lastText: string | null = null;

  constructor(private readonly options: LedDriverOptions) {
    super();
    const device = openLineDevice(options, { baudRate: DEFAULT_BAUD, maxLine: MAX_LINE }, (line) => {
      const reply = decodeLedReply(line);
      if (reply) this.waitress.offer(reply);
    });
    this.link = device.link;
    this.eol = device.eol;
    this.link.on('open', () => {
      device.lines.reset();
      this.emit('connection', true);
      // A screen that was unplugged shows nothing: put the last text back.
      if (this.lastText !== null) void this.show(this.lastText).catch(() => undefined);
    });
    this.link.on('close', () => {
      this.waitress.cancel(new Error('serial port closed'));
      this.emit('connection', false);
    });
  }

  get connected(): boolean {
    return this.link.isOpen;
  }

  start(): void {
    this.link.start();
  }

  stop(): Promise<void> {
    this.waitress.cancel(new Error('driver stopped'));
    return this.link.stop();
  }

  async show(text: string): Promise<void> {
    this.lastText = text;
    await this.command({ t: 'text', text });
  }

  async command(cmd: LedCommand): Promise<void> {
    const bytes = encodeLedCommand(cmd, this.options.encoding ?? 'gb18030', this.eol, this.options.maxChars ?? 64);
    const reply = await this.waitress.request(
      cmd.t,
      () => this.link.write(bytes),
      () => true,
      ACK_TIMEOUT_MS,
    );
    if (!reply.ok) throw new Error(`LED screen refused ${cmd.t}: ${reply.reason}`);
  }
}
