/**
 * Port handling shared by the simple ASCII line protocols (LED screen, rating pad), drivers and
 * emulators alike: a serial link at the device's default speed, the configured line ending, and
 * every complete line handed to `onLine`.
 */
import type { Logger } from '../log';
import type { SerialBinding } from './binding';
import { LINE_ENDINGS, type LineEnding, LineSplitter } from './lines';
import { SerialLink } from './link';

export interface LineDeviceOptions {
  path: string;
  baudRate?: number;
  lineEnding?: LineEnding;
  binding?: SerialBinding;
  log: Logger;
}

export interface LineDevice {
  link: SerialLink;
  /** The line terminator, to end outgoing lines with. */
  eol: string;
  /** Splits incoming bytes; reset it when the port reopens to drop a partial line. */
  lines: LineSplitter;
}

export function openLineDevice(
  options: LineDeviceOptions,
  defaults: { baudRate: number; maxLine: number },
  onLine: (line: Buffer) => void,
): LineDevice {
  const eol = LINE_ENDINGS[options.lineEnding ?? 'CRLF'];
  const lines = new LineSplitter(eol, defaults.maxLine);
  const link = new SerialLink({
    path: options.path,
    baudRate: options.baudRate ?? defaults.baudRate,
    log: options.log,
    ...(options.binding ? { binding: options.binding } : {}),
  });
  link.on('data', (chunk) => {
    for (const line of lines.push(chunk)) onLine(line);
  });
  return { link, eol, lines };
}

/** A line-protocol device that is nothing but its port (the emulators): each line goes to `onLine`. */
export abstract class LinePortDevice {
  readonly link: SerialLink;
  protected readonly eol: string;

  constructor(options: LineDeviceOptions, defaults: { baudRate: number; maxLine: number }) {
    const device = openLineDevice(options, defaults, (line) => this.onLine(line));
    this.link = device.link;
    this.eol = device.eol;
  }

  protected abstract onLine(line: Buffer): void;

  start(): void {
    this.link.start();
  }

  stop(): Promise<void> {
    return this.link.stop();
  }
}
