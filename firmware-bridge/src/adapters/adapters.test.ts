/**
 * One adapter per kind: each builds its driver, reports its own status entry, and offers only
 * the commands its kind can carry out. A reader adapter's card read and its health reach the
 * bridge through the context (in-process links to the emulator, no socat).
 */
import type { DeviceEvent } from '@callboard/hub/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { Peripheral } from '../config';
import { IdCardEmulator } from '../emulators/idcard-sam/emulator';
import type { Logger } from '../log';
import { MemorySerialBinding } from '../serial/memory-binding';
import { createAdapter, type PeripheralAdapter } from '.';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const PERIPHERALS: Peripheral[] = [
  { id: 'reader', kind: 'idcard-sam', port: 'inproc:reader' },
  { id: 'scanner', kind: 'scanner', port: 'inproc:scanner' },
  { id: 'printer', kind: 'printer-escpos', port: 'inproc:printer' },
  { id: 'pad', kind: 'rating-pad', port: 'inproc:pad', counterId: '3' },
  { id: 'led', kind: 'led-counter', port: 'inproc:led', counterId: '3' },
];

describe('peripheral adapters', () => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const s of stops.splice(0)) await s();
  });

  it('each kind reports its own status entry and offers only its own commands', () => {
    const mem = new MemorySerialBinding();
    const adapters: PeripheralAdapter[] = PERIPHERALS.map((p) =>
      createAdapter(p, { log: quiet, binding: mem.binding, send() {}, statusChanged() {} }),
    );
    expect(adapters.map((a) => [a.id, a.kind])).toEqual(PERIPHERALS.map((p) => [p.id, p.kind]));
    const offers = adapters.map((a) => [a.kind, Boolean(a.print), Boolean(a.showText), Boolean(a.beep)]);
    expect(offers).toEqual([
      ['idcard-sam', false, false, false],
      ['scanner', false, false, false],
      ['printer-escpos', true, false, false],
      ['rating-pad', false, false, true],
      ['led-counter', false, true, false],
    ]);
    const status = adapters.map((a) => a.status());
    expect(status.map((s) => s.connected)).toEqual([false, false, false, false, false]);
    expect(status.find((s) => s.id === 'printer')?.printer).toMatchObject({ condition: 'offline' });
    expect(status.filter((s) => s.counterId === '3').map((s) => s.id)).toEqual(['pad', 'led']);
    expect(status.find((s) => s.id === 'reader')?.degraded).toBeUndefined();
  });

  it('the reader adapter sends a card event for the kiosk, and shows a degraded reader in its status', async () => {
    const mem = new MemorySerialBinding();
    mem.pair('inproc:reader', 'inproc:reader.emu');
    const events: DeviceEvent[] = [];
    let changes = 0;
    const reader = createAdapter(PERIPHERALS[0] as Peripheral, {
      log: quiet,
      binding: mem.binding,
      kioskId: 'kiosk-1',
      defaultServiceId: 'A',
      send: (e) => events.push(e),
      statusChanged: () => changes++,
    });
    const emu = new IdCardEmulator({ path: 'inproc:reader.emu', binding: mem.binding, log: quiet });
    emu.start();
    reader.start();
    stops.push(
      () => reader.stop(),
      () => emu.stop(),
    );
    emu.place('zhang-san');
    const card = await until('card event', () => events.find((e) => e.type === 'card'));
    expect(card).toMatchObject({ peripheral: 'reader', kioskId: 'kiosk-1', serviceId: 'A', card: { kind: 'resident' } });
    // The name leaves the bridge masked only (names on screens): 张三 → 张*, never 张三.
    expect(card.type === 'card' && card.card.nameMasked).toBe('张*');
    expect(JSON.stringify(card)).not.toContain('张三');
    emu.setFaults({ corruptEvery: 1 });
    await until('degraded', () => reader.status().degraded === true);
    expect(changes).toBeGreaterThan(1); // connected, then degraded
  });
});
