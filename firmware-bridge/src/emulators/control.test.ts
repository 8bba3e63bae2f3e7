/** The fault controls of the emulators, as typed on stdin and sent over HTTP (same commands). */
import { describe, expect, it } from 'vitest';
import type { Logger } from '../log';
import { MemorySerialBinding } from '../serial/memory-binding';
import { parseLine, runCommand } from './control';
import { IdCardEmulator } from './idcard-sam/emulator';
import { PrinterEmulator } from './printer-escpos/emulator';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };
const mem = new MemorySerialBinding();
const idcard = new IdCardEmulator({ path: 'inproc:none', binding: mem.binding, log: quiet });
const printer = new PrinterEmulator({ path: 'inproc:none2', binding: mem.binding, dataDir: '/tmp/cb-control-test', log: quiet });
const emu = { idcard, printer };
const typed = (line: string) => {
  const cmd = parseLine(line);
  if (!cmd) throw new Error('no command');
  return runCommand(emu, cmd.verb, cmd.args);
};

describe('emulator fault controls', () => {
  it('sets and clears the reader faults', async () => {
    expect(await typed('faults corruptEvery=2 corruption=length noiseBytes=8')).toMatchObject({ status: 200 });
    expect(idcard.currentFaults).toEqual({ corruptEvery: 2, corruption: 'length', noiseBytes: 8 });
    expect(await typed('faults')).toMatchObject({ status: 200 });
    expect(idcard.currentFaults).toEqual({});
    expect(await runCommand(emu, 'faults', { corruption: 'sometimes' })).toMatchObject({ status: 400 });
    expect(await runCommand(emu, 'faults', { corruptEvery: -1 })).toMatchObject({ status: 400 });
  });

  it('plays a named bounce pattern or a list, and refuses an unknown one', async () => {
    expect(await runCommand(emu, 'bounce', { card: 'zhang-san', pattern: [5, 5] })).toMatchObject({ status: 200 });
    expect(idcard.current).toBe('zhang-san');
    expect(await typed('bounce zhang-san wobble')).toMatchObject({ status: 400 });
    expect(await runCommand(emu, 'bounce', { card: 'nobody', pattern: [1] })).toMatchObject({ status: 404 });
  });

  it('sets the printer’s raw status bits one by one, and goes back to paper and cover', async () => {
    expect(await typed('bits paperEndStop')).toMatchObject({ status: 200 });
    expect(printer.statusBits).toEqual(['paperEndStop']);
    expect(printer.canPrint).toBe(false);
    expect(await typed('bits paperNearEnd feedButton')).toMatchObject({ status: 200 });
    expect(printer.canPrint).toBe(true);
    expect(await runCommand(emu, 'bits', { bits: ['paperGone'] })).toMatchObject({ status: 400 });
    expect(await typed('bits')).toMatchObject({ status: 200 });
    expect(printer.statusBits).toBeNull();
  });
});
