import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { QUIET_ZONE, qrPath } from './qr';

/** Reads the path back into a module matrix. */
function modulesOf(d: string, size: number): boolean[][] {
  const grid = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  for (const m of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-(\d+)z/g)) {
    const x = Number(m[1]) - QUIET_ZONE;
    const y = Number(m[2]) - QUIET_ZONE;
    const run = Number(m[3]);
    expect(Number(m[4])).toBe(run);
    for (let i = 0; i < run; i++) (grid[y] as boolean[])[x + i] = true;
  }
  return grid;
}

describe('qrPath', () => {
  it('draws exactly the modules of the QR code, with a quiet zone', () => {
    const url = 'http://hub.local:8080/t/0123456789abcdef0123456789abcdef';
    const qr = qrPath(url);
    const ref = QRCode.create(url, { errorCorrectionLevel: 'M' }).modules;
    expect(qr.size).toBe(ref.size);
    expect(qr.box).toBe(ref.size + 2 * QUIET_ZONE);
    const grid = modulesOf(qr.d, qr.size);
    for (let y = 0; y < ref.size; y++)
      for (let x = 0; x < ref.size; x++) expect(grid[y]?.[x], `module ${x},${y}`).toBe(Boolean(ref.get(y, x)));
    // The finder pattern's top-left corner is dark: the matrix is not transposed or empty.
    expect(grid[0]?.[0]).toBe(true);
    expect(grid[0]?.[7]).toBe(false);
  });
});
