/**
 * QR code of the tracking URL for the confirmation screen, drawn as one SVG path (crisp at any
 * size, no canvas, no data URL). The encoding is the `qrcode` package's; error level M, as printed.
 */
import QRCode from 'qrcode';

export interface QrPath {
  /** Modules per side, without the quiet zone. */
  size: number;
  /** One `M x y h… v1 h… z` per horizontal run of dark modules, in module units, offset by the quiet zone. */
  d: string;
  /** Side of the viewBox: size plus a 4-module quiet zone on each side. */
  box: number;
}

export const QUIET_ZONE = 4;

export function qrPath(text: string): QrPath {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = modules.size;
  const parts: string[] = [];
  // BitMatrix.get(row, col): row = y.
  for (let y = 0; y < size; y++) {
    let x = 0;
    while (x < size) {
      if (!modules.get(y, x)) {
        x++;
        continue;
      }
      const start = x;
      while (x < size && modules.get(y, x)) x++;
      const run = x - start;
      parts.push(`M${start + QUIET_ZONE} ${y + QUIET_ZONE}h${run}v1h-${run}z`);
    }
  }
  return { size, d: parts.join(''), box: size + 2 * QUIET_ZONE };
}
