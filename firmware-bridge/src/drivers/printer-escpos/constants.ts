/** ESC/POS bytes the bridge and the emulator agree on (../shared/DEVICES.md). */
export const DLE = 0x10;
export const EOT = 0x04;
export const ESC = 0x1b;
export const GS = 0x1d;
export const FS = 0x1c;

/** `DLE EOT n`: real-time status request; the printer answers one byte at once. */
export const StatusRequest = { printer: 1, offlineCause: 2, errorCause: 3, paperSensor: 4 } as const;
export type StatusRequestN = (typeof StatusRequest)[keyof typeof StatusRequest];

/** Every DLE EOT reply has bits 1 and 4 set and bits 0 and 7 clear: `(b & 0x93) === 0x12`. */
export const STATUS_FIXED_MASK = 0x93;
export const STATUS_FIXED_BITS = 0x12;

export const Bit = {
  printerOffline: 0x08, // n=1 bit 3
  coverOpen: 0x04, // n=2 bit 2
  feedButton: 0x08, // n=2 bit 3
  paperEndStop: 0x20, // n=2 bit 5
  errorOccurred: 0x40, // n=2 bit 6
  cutterError: 0x08, // n=3 bit 3
  unrecoverable: 0x20, // n=3 bit 5
  autoRecoverable: 0x40, // n=3 bit 6
  paperNearEnd: 0x0c, // n=4 bits 2–3
  paperEnd: 0x60, // n=4 bits 5–6
} as const;

/** Every status bit by name, with the `DLE EOT n` request whose reply carries it. */
export const STATUS_BITS = {
  printerOffline: { n: 1, mask: Bit.printerOffline },
  coverOpen: { n: 2, mask: Bit.coverOpen },
  feedButton: { n: 2, mask: Bit.feedButton },
  paperEndStop: { n: 2, mask: Bit.paperEndStop },
  errorOccurred: { n: 2, mask: Bit.errorOccurred },
  cutterError: { n: 3, mask: Bit.cutterError },
  unrecoverable: { n: 3, mask: Bit.unrecoverable },
  autoRecoverable: { n: 3, mask: Bit.autoRecoverable },
  paperNearEnd: { n: 4, mask: Bit.paperNearEnd },
  paperEnd: { n: 4, mask: Bit.paperEnd },
} as const;
export type StatusBitName = keyof typeof STATUS_BITS;

/** FS & enters Chinese (two-byte) mode, FS . leaves it. */
export const CHINESE_ON = Buffer.from([FS, 0x26]);
export const CHINESE_OFF = Buffer.from([FS, 0x2e]);
export const CHINESE_ENCODING = 'GB18030';

export const DEFAULT_BAUD = 9600;
export const DEFAULT_POLL_MS = 500;
export const STATUS_TIMEOUT_MS = 400;
