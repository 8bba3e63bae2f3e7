/**
 * Pure ESC/POS status codec: DLE EOT requests, the one-byte replies decoded into flags, and
 * the flags summed up as the PrinterState the hub shows. The emulator uses the encoders.
 */
import type { PaperState, PrinterCondition, PrinterState } from '@callboard/hub/protocol';
import {
  Bit,
  DLE,
  EOT,
  STATUS_BITS,
  STATUS_FIXED_BITS,
  STATUS_FIXED_MASK,
  type StatusBitName,
  type StatusRequestN,
} from './constants';

export function statusRequest(n: StatusRequestN): Buffer {
  return Buffer.from([DLE, EOT, n]);
}

/** Is this byte shaped like a status reply (fixed bits right)? Anything else is line noise. */
export function isStatusByte(b: number): boolean {
  return (b & STATUS_FIXED_MASK) === STATUS_FIXED_BITS;
}

export interface StatusFlags {
  offline: boolean;
  coverOpen: boolean;
  paperEndStop: boolean;
  error: boolean;
  cutterError: boolean;
  unrecoverable: boolean;
  paperNearEnd: boolean;
  paperEnd: boolean;
}

export const noFlags: StatusFlags = {
  offline: false,
  coverOpen: false,
  paperEndStop: false,
  error: false,
  cutterError: false,
  unrecoverable: false,
  paperNearEnd: false,
  paperEnd: false,
};

/** Merges one reply (to request n) into the flags; a byte that is not a status reply changes nothing. */
export function applyStatus(flags: StatusFlags, n: number, b: number): StatusFlags {
  if (!isStatusByte(b)) return flags;
  switch (n) {
    case 1:
      return { ...flags, offline: (b & Bit.printerOffline) !== 0 };
    case 2:
      return {
        ...flags,
        coverOpen: (b & Bit.coverOpen) !== 0,
        paperEndStop: (b & Bit.paperEndStop) !== 0,
        error: (b & Bit.errorOccurred) !== 0,
      };
    case 3:
      return { ...flags, cutterError: (b & Bit.cutterError) !== 0, unrecoverable: (b & Bit.unrecoverable) !== 0 };
    case 4:
      return { ...flags, paperNearEnd: (b & Bit.paperNearEnd) !== 0, paperEnd: (b & Bit.paperEnd) !== 0 };
    default:
      return flags;
  }
}

/** Emulator side: the reply byte to `DLE EOT n` carrying exactly these bits (each set on its own). */
export function encodeBits(n: number, bits: Iterable<StatusBitName>): number {
  let b = STATUS_FIXED_BITS;
  for (const name of bits) if (STATUS_BITS[name].n === n) b |= STATUS_BITS[name].mask;
  return b;
}

/** Emulator side: the reply byte to `DLE EOT n` for a printer in this state. */
export function encodeStatus(n: number, f: StatusFlags): number {
  let b = STATUS_FIXED_BITS;
  if (n === 1 && (f.offline || f.coverOpen || f.paperEnd)) b |= Bit.printerOffline;
  if (n === 2) {
    if (f.coverOpen) b |= Bit.coverOpen;
    if (f.paperEnd) b |= Bit.paperEndStop;
    if (f.error) b |= Bit.errorOccurred;
  }
  if (n === 3) {
    if (f.cutterError) b |= Bit.cutterError;
    if (f.unrecoverable) b |= Bit.unrecoverable;
  }
  if (n === 4) {
    if (f.paperNearEnd || f.paperEnd) b |= Bit.paperNearEnd;
    if (f.paperEnd) b |= Bit.paperEnd;
  }
  return b;
}

/**
 * The worst true thing first: a person fixes the printer in this order. Either paper-end bit
 * alone means paper end: the sensor's (`DLE EOT 4`) or "stopped for paper end" (`DLE EOT 2`).
 * The offline bit (`DLE EOT 1`) without any cause the other replies explain (a feed button
 * held, a cause this printer does not report) still means it will not print now: offline.
 */
export function summarise(flags: StatusFlags, online: boolean, paperKnown = true): PrinterState {
  const paperOut = flags.paperEnd || flags.paperEndStop;
  const paper: PaperState = !paperKnown ? 'unknown' : paperOut ? 'end' : flags.paperNearEnd ? 'near_end' : 'ok';
  const error = flags.cutterError || flags.unrecoverable || (flags.error && !flags.coverOpen && !flags.paperEndStop);
  let condition: PrinterCondition = 'ok';
  if (!online) condition = 'offline';
  else if (flags.coverOpen) condition = 'cover_open';
  else if (paperOut) condition = 'paper_end';
  else if (error) condition = 'error';
  else if (flags.offline) condition = 'offline';
  else if (flags.paperNearEnd) condition = 'paper_near_end';
  return { condition, paper, coverOpen: flags.coverOpen, online, error };
}

/** Conditions in which a job cannot print; near end still prints. */
export function blocksPrinting(state: PrinterState): string | null {
  switch (state.condition) {
    case 'offline':
      return 'printer offline';
    case 'cover_open':
      return 'printer cover open';
    case 'paper_end':
      return 'printer out of paper';
    case 'error':
      return 'printer error';
    default:
      return null;
  }
}
