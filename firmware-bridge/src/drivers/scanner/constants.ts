/** Serial barcode/QR scanners: code + configurable terminator, optional AIM symbology prefix. */
export const Terminators = { CR: [0x0d], LF: [0x0a], CRLF: [0x0d, 0x0a], TAB: [0x09], none: [] } as const;
export type Terminator = keyof typeof Terminators;

export const DEFAULT_BAUD = 9600;
/** Without a terminator, a pause this long after the last byte ends the code. */
export const DEFAULT_INTER_BYTE_MS = 80;
/** Longer than any QR a kiosk sees; a line past this is noise and is dropped. */
export const MAX_CODE_BYTES = 4096;

/** AIM symbology identifiers start with `]`, then a code character and a modifier: `]Q1` = QR. */
export const AIM_LENGTH = 3;
export const AIM_NAMES: Record<string, string> = {
  Q: 'qr',
  d: 'datamatrix',
  C: 'code128',
  E: 'ean-upc',
  A: 'code39',
  I: 'itf',
  L: 'pdf417',
  z: 'aztec',
};

export type TextEncoding = 'utf8' | 'gb18030' | 'latin1';
