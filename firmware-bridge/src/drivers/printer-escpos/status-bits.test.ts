/**
 * Every printer status bit on its own and in combination: what the driver makes of the
 * replies (the same request sequence as `PrinterDriver.pollStatus`: DLE EOT 1, 2, 3 only after
 * an error, 4), and the same again end to end, with the emulator setting the raw bits and the
 * driver polling it over an in-process serial link. "Stopped for paper end" alone is paper end.
 */
import type { PrinterState } from '@callboard/hub/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrinterEmulator } from '../../emulators/printer-escpos/emulator';
import type { Logger } from '../../log';
import { MemorySerialBinding } from '../../serial/memory-binding';
import { applyStatus, blocksPrinting, encodeBits, noFlags, summarise } from './codec';
import { STATUS_BITS, type StatusBitName } from './constants';
import { PrinterDriver } from './driver';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };

/** The driver's poll, on replies carrying exactly `bits`. */
function poll(bits: readonly StatusBitName[]): PrinterState {
  let f = applyStatus(noFlags, 1, encodeBits(1, bits));
  f = applyStatus(f, 2, encodeBits(2, bits));
  f = f.error ? applyStatus(f, 3, encodeBits(3, bits)) : { ...f, cutterError: false, unrecoverable: false };
  f = applyStatus(f, 4, encodeBits(4, bits));
  return summarise(f, true);
}

type Expect = Pick<PrinterState, 'condition' | 'paper'> & Partial<PrinterState>;

/** Each bit alone. The error-cause bits (DLE EOT 3) are asked only after the error bit, as DEVICES.md says. */
const ALONE: Record<StatusBitName, Expect> = {
  printerOffline: { condition: 'offline', paper: 'ok' },
  coverOpen: { condition: 'cover_open', paper: 'ok', coverOpen: true },
  feedButton: { condition: 'ok', paper: 'ok' },
  paperEndStop: { condition: 'paper_end', paper: 'end' },
  errorOccurred: { condition: 'error', paper: 'ok', error: true },
  cutterError: { condition: 'ok', paper: 'ok', error: false },
  unrecoverable: { condition: 'ok', paper: 'ok', error: false },
  autoRecoverable: { condition: 'ok', paper: 'ok', error: false },
  paperNearEnd: { condition: 'paper_near_end', paper: 'near_end' },
  paperEnd: { condition: 'paper_end', paper: 'end' },
};

const COMBINATIONS: [StatusBitName[], Expect][] = [
  [[], { condition: 'ok', paper: 'ok', coverOpen: false, error: false, online: true }],
  [['errorOccurred', 'cutterError'], { condition: 'error', paper: 'ok', error: true }],
  [['errorOccurred', 'unrecoverable'], { condition: 'error', paper: 'ok', error: true }],
  [['errorOccurred', 'autoRecoverable'], { condition: 'error', paper: 'ok', error: true }],
  [['printerOffline', 'coverOpen'], { condition: 'cover_open', paper: 'ok', coverOpen: true }],
  [['printerOffline', 'paperEndStop'], { condition: 'paper_end', paper: 'end' }],
  [['printerOffline', 'paperEndStop', 'paperNearEnd', 'paperEnd'], { condition: 'paper_end', paper: 'end' }],
  [['paperEndStop', 'paperNearEnd'], { condition: 'paper_end', paper: 'end' }],
  [['paperNearEnd', 'paperEnd'], { condition: 'paper_end', paper: 'end' }],
  [['coverOpen', 'paperEnd'], { condition: 'cover_open', paper: 'end', coverOpen: true }],
  [['printerOffline', 'coverOpen', 'errorOccurred'], { condition: 'cover_open', paper: 'ok', error: false }],
  [['printerOffline', 'paperEndStop', 'errorOccurred'], { condition: 'paper_end', paper: 'end', error: false }],
  [['errorOccurred', 'cutterError', 'paperNearEnd'], { condition: 'error', paper: 'near_end', error: true }],
  [['printerOffline', 'errorOccurred', 'unrecoverable'], { condition: 'error', paper: 'ok', error: true }],
  [['printerOffline', 'feedButton'], { condition: 'offline', paper: 'ok' }],
  [['printerOffline', 'paperNearEnd'], { condition: 'offline', paper: 'near_end' }],
  [Object.keys(STATUS_BITS) as StatusBitName[], { condition: 'cover_open', paper: 'end', coverOpen: true }],
];

const REFUSAL: Record<PrinterState['condition'], string | null> = {
  ok: null,
  paper_near_end: null,
  paper_end: 'printer out of paper',
  cover_open: 'printer cover open',
  error: 'printer error',
  offline: 'printer offline',
};

describe('printer status bits (codec)', () => {
  for (const [bit, want] of Object.entries(ALONE) as [StatusBitName, Expect][])
    it(`${bit} alone → ${want.condition}`, () => {
      const state = poll([bit]);
      expect(state).toMatchObject(want);
      expect(blocksPrinting(state)).toBe(REFUSAL[want.condition]);
    });

  for (const [bits, want] of COMBINATIONS)
    it(`${bits.length === 10 ? 'every bit' : bits.join(' + ') || 'no bit'} → ${want.condition}`, () => {
      const state = poll(bits);
      expect(state).toMatchObject(want);
      expect(blocksPrinting(state)).toBe(REFUSAL[want.condition]);
    });

  it('in all 1,024 combinations: either paper-end bit means no paper, an open cover wins, and nothing else is invented', () => {
    const names = Object.keys(STATUS_BITS) as StatusBitName[];
    for (let m = 0; m < 1 << names.length; m++) {
      const bits = names.filter((_, i) => m & (1 << i));
      const has = (b: StatusBitName) => bits.includes(b);
      const s = poll(bits);
      const label = bits.join('+');
      expect(s.paper === 'end', label).toBe(has('paperEnd') || has('paperEndStop'));
      expect(s.coverOpen, label).toBe(has('coverOpen'));
      if (has('coverOpen')) expect(s.condition, label).toBe('cover_open');
      else if (has('paperEnd') || has('paperEndStop')) expect(s.condition, label).toBe('paper_end');
      if (s.condition === 'ok' || s.condition === 'paper_near_end') {
        expect(blocksPrinting(s), label).toBeNull();
        expect(has('printerOffline') || has('errorOccurred'), label).toBe(false);
      } else expect(blocksPrinting(s), label).not.toBeNull();
    }
  });
});

describe('printer status bits (emulator ↔ driver over an in-process link)', () => {
  const mem = new MemorySerialBinding();
  mem.pair('inproc:printer', 'inproc:printer.emu');
  const emu = new PrinterEmulator({
    path: 'inproc:printer.emu',
    binding: mem.binding,
    dataDir: '/tmp/cb-status-bits',
    log: quiet,
  });
  const drv = new PrinterDriver({ target: { serial: 'inproc:printer' }, binding: mem.binding, log: quiet, pollMs: 60_000 });

  beforeAll(async () => {
    emu.start();
    drv.start();
    const deadline = Date.now() + 5000;
    while (!(drv.connected && emu.link.isOpen)) {
      if (Date.now() > deadline) throw new Error('ports did not open');
      await new Promise((r) => setTimeout(r, 10));
    }
  });
  afterAll(async () => {
    await drv.stop();
    await emu.stop();
  });

  it('the emulator sets each bit on its own, and the driver reads what the codec table says', async () => {
    for (const [bit, want] of Object.entries(ALONE) as [StatusBitName, Expect][]) {
      emu.setStatusBits([bit]);
      expect(await drv.pollStatus(), bit).toMatchObject({ ...want, online: true });
    }
    for (const [bits, want] of COMBINATIONS) {
      emu.setStatusBits(bits);
      expect(await drv.pollStatus(), bits.join('+')).toMatchObject({ ...want, online: true });
    }
  });

  it('"stopped for paper end" alone: the job is refused as out of paper; back to the paper setting, it prints', async () => {
    emu.setStatusBits(['paperEndStop']);
    const job = { cut: 'full' as const, blocks: [{ t: 'text' as const, text: 'A001' }] };
    expect(await drv.print('j-stop', job)).toEqual({ ok: false, reason: 'printer out of paper' });
    emu.setStatusBits(null);
    emu.setPaper('ok');
    expect(await drv.print('j-ok', job)).toEqual({ ok: true });
  });
});
