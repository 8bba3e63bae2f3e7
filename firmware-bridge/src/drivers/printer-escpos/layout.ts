/**
 * PrintJob (blocks rendered by the hub) → ESC/POS bytes, built by node-thermal-printer. Chinese
 * text goes inside FS & … FS . as GB18030 bytes: node-thermal-printer's CharacterSet.CHINA
 * sends ESC R 15 and encodes GB2312 only, which most Chinese printers ignore or garble.
 */
import type { PrintBlock, PrintJob } from '@callboard/hub/protocol';
import iconv from 'iconv-lite';
import ntp from 'node-thermal-printer';
import { isAscii } from '../../text';
import { CHINESE_ENCODING, CHINESE_OFF, CHINESE_ON, ESC } from './constants';

const { ThermalPrinter, PrinterTypes } = ntp;
export type Printer = InstanceType<typeof ThermalPrinter>;

/** The custom interface node-thermal-printer accepts in place of a URI (its types say string). */
export interface PrinterInterface {
  execute(buffer: Buffer): Promise<unknown>;
  isPrinterConnected(): Promise<boolean>;
}

export function createPrinter(target: string | PrinterInterface, width = 48): Printer {
  return new ThermalPrinter({
    type: PrinterTypes.EPSON,
    interface: target as unknown as string,
    width,
    options: { timeout: 3000 },
  });
}

function align(p: Printer, a: 'left' | 'center' | 'right' | undefined): void {
  if (a === 'center') p.alignCenter();
  else if (a === 'right') p.alignRight();
  else p.alignLeft();
}

function text(p: Printer, block: Extract<PrintBlock, { t: 'text' }>): void {
  align(p, block.align);
  const size = (block.size ?? 1) - 1;
  if (size > 0) p.setTextSize(size, size);
  if (block.bold) p.bold(true);
  if (isAscii(block.text)) p.println(block.text);
  else {
    p.add(CHINESE_ON);
    p.add(iconv.encode(block.text, CHINESE_ENCODING));
    p.add(CHINESE_OFF);
    p.newLine();
  }
  if (block.bold) p.bold(false);
  if (size > 0) p.setTextSize(0, 0);
}

/** Appends the job to the printer's buffer: ESC @, the blocks, the cut. */
export function renderJob(p: Printer, job: PrintJob): void {
  p.clear();
  p.add(Buffer.from([ESC, 0x40])); // ESC @: reset modes left over from another program
  for (const block of job.blocks) {
    switch (block.t) {
      case 'text':
        text(p, block);
        break;
      case 'qr':
        align(p, block.align ?? 'center');
        p.printQR(block.data, { cellSize: block.size ?? 6, correction: 'M', model: 2 });
        p.newLine();
        break;
      case 'feed':
        p.add(Buffer.from([ESC, 0x64, block.lines]));
        break;
      case 'rule':
        p.alignLeft();
        p.drawLine();
        break;
    }
  }
  p.alignLeft();
  if (job.cut === 'partial') p.partialCut();
  else p.cut();
}

/** The bytes of a job without any printer (tests, previews). */
export function jobBytes(job: PrintJob, width = 48): Buffer {
  const p = createPrinter({ execute: async () => undefined, isPrinterConnected: async () => true }, width);
  renderJob(p, job);
  return p.getBuffer();
}
