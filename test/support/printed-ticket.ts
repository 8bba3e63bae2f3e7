/**
 * The printed ticket as the paper shows it, for the printed-ticket e2e tests: the hub's layout →
 * the ESC/POS bytes the bridge sends → the emulated printer's roll (`printTicket`); and that roll
 * opened in Chromium, with the text lines that touch the QR code and a screenshot (`textOverQr`).
 */
import { jobBytes } from '@callboard/firmware-bridge/drivers/printer-escpos/layout';
import { EscPosInterpreter } from '@callboard/firmware-bridge/emulators/printer-escpos/interpreter';
import {
  type PrintedTicket,
  TicketAssembler,
  ticketSvg,
  ticketText,
} from '@callboard/firmware-bridge/emulators/printer-escpos/ticket';
import { expect } from 'vitest';
import { renderTicketJob, type TicketLayoutInput } from '../../hub/src/devices/ticket-layout';
import { launchChromium, saveScreenshot } from './browser';

/** The ticket the emulated printer cuts from the hub's layout of `input`, and its text. */
export function printTicket(input: TicketLayoutInput): { printed: PrintedTicket; text: string } {
  const [printed] = new TicketAssembler().apply(new EscPosInterpreter().push(jobBytes(renderTicketJob(input))));
  expect(printed).toBeDefined();
  const ticket = printed as PrintedTicket;
  return { printed: ticket, text: ticketText(ticket) };
}

/**
 * The ticket's picture in Chromium (640 px wide, `height` tall), saved as test/artifacts/<name>.png;
 * returns the text lines whose boxes overlap the QR frame (the first rect drawn with a stroke),
 * the QR's own caption and the link under it aside.
 */
export async function textOverQr(chromiumPath: string, printed: PrintedTicket, height: number, name: string): Promise<string[]> {
  const browser = await launchChromium(chromiumPath);
  try {
    const page = await browser.newPage({ viewport: { width: 640, height } });
    await page.setContent(`<body style="margin:0;background:#ddd">${ticketSvg(printed)}</body>`);
    const overlaps = await page.evaluate(() => {
      const qr = document.querySelector('rect[stroke]') as SVGGraphicsElement;
      const q = qr.getBBox();
      return [...document.querySelectorAll('text')]
        .filter((el) => el.textContent !== 'QR' && !el.textContent?.startsWith('http'))
        .map((el) => ({ text: el.textContent ?? '', b: el.getBBox() }))
        .filter(({ b }) => b.x < q.x + q.width && b.x + b.width > q.x && b.y < q.y + q.height && b.y + b.height > q.y)
        .map(({ text }) => text);
    });
    await saveScreenshot(page, name);
    return overlaps;
  } finally {
    await browser.close();
  }
}
