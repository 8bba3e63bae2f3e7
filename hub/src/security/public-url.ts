/**
 * The site's public URL is what visitors' phones open from the ticket's QR code. Left unset it
 * defaults to `http://localhost:<port>`, which on a phone points at the phone itself: start-up
 * and `check-config` say so loudly (with the box's LAN addresses to choose from), and a print job
 * whose QR would carry such a URL is printed without the QR (the visitor still has the number on
 * the ticket and on the kiosk's screen; the supervisor is alerted).
 */
import { networkInterfaces } from 'node:os';
import type { PrintBlock, PrintJob } from '../protocol';

/** Whether a URL points at the machine that opens it (localhost, 127.x, ::1, 0.0.0.0). */
export function isLocalUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return true;
  }
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host.startsWith('127.') ||
    host === '[::1]' ||
    host === '::1' ||
    host === '0.0.0.0'
  );
}

/** This box's IPv4 LAN addresses (for the suggestion). */
export function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a): a is NonNullable<typeof a> => !!a && a.family === 'IPv4' && !a.internal)
    .map((a) => a.address);
}

/** The warning for a public URL phones cannot open, or null when it looks right. */
export function publicUrlWarning(publicUrl: string, port: number, lan: readonly string[] = lanAddresses()): string | null {
  if (!isLocalUrl(publicUrl)) return null;
  const scheme = publicUrl.startsWith('https:') ? 'https' : 'http';
  const suggestions = lan.map((ip) => `${scheme}://${ip}:${port}`);
  return [
    `site.publicUrl is ${publicUrl}: the QR codes on tickets would point visitors' phones at themselves.`,
    `Set site.publicUrl (or PUBLIC_URL) to the address phones reach this hub at${
      suggestions.length > 0 ? `, e.g. ${suggestions.join(' or ')}` : ''
    }. Until then tickets print without a QR code.`,
  ].join('\n');
}

/** A print job without its QR code (and the line asking to scan it) when the QR would carry a local URL. */
export function withoutLocalQr(job: PrintJob): { job: PrintJob; removed: boolean } {
  const qr = job.blocks.find((b) => b.t === 'qr');
  if (qr?.t !== 'qr' || !isLocalUrl(qr.data)) return { job, removed: false };
  const scanLines = new Set(['扫码查看排队进度', 'Scan to follow your place in line']);
  const blocks: PrintBlock[] = job.blocks.filter((b) => b.t !== 'qr' && !(b.t === 'text' && scanLines.has(b.text)));
  return { job: { ...job, blocks }, removed: true };
}
