/**
 * `callboard-bridge --emulate=inproc` end to end without socat and without a hub: the bridge's
 * real drivers talk to the real emulators over in-memory serial links (MemorySerialBinding
 * under SerialPortStream). A placed card is decoded by the ID card driver and becomes the
 * bridge's `card` event; a `print` command reaches the emulated printer as a ticket.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DeviceEvent } from '@callboard/hub/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Bridge } from './bridge';
import { resolveBridgeConfig } from './config';
import { chooseEmulateTransport, type Emulation, startEmulation } from './emulate';
import { runCommand } from './emulators/control';
import { findCard } from './emulators/idcard-sam/cards';
import type { SavedTicket } from './emulators/printer-escpos/emulator';
import type { Logger } from './log';
import { MemorySerialBinding } from './serial/memory-binding';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('in-process emulation transport', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  it('plain --emulate picks in-process links when socat cannot run; explicit modes win', () => {
    expect(chooseEmulateTransport(undefined, '/nonexistent/socat-for-test')).toBe('inproc');
    expect(chooseEmulateTransport('auto', '/nonexistent/socat-for-test')).toBe('inproc');
    expect(chooseEmulateTransport('inproc')).toBe('inproc');
    expect(chooseEmulateTransport('pty', '/nonexistent/socat-for-test')).toBe('pty');
    expect(() => chooseEmulateTransport('usb')).toThrow(/unknown --emulate mode/);
  });

  it('pairs virtual ports: bytes cross, unknown paths do not open, one opener per end', async () => {
    const mem = new MemorySerialBinding();
    mem.pair('inproc:a', 'inproc:b');
    await expect(mem.binding.open({ path: 'inproc:zzz', baudRate: 9600 })).rejects.toThrow(/No such file/);
    const a = await mem.binding.open({ path: 'inproc:a', baudRate: 9600 });
    const b = await mem.binding.open({ path: 'inproc:b', baudRate: 9600 });
    await expect(mem.binding.open({ path: 'inproc:a', baudRate: 9600 })).rejects.toThrow(/lock/);
    const buf = Buffer.alloc(4);
    const read = b.read(buf, 0, 4);
    await a.write(Buffer.from('hello'));
    expect(await read).toMatchObject({ bytesRead: 4 });
    expect(buf.toString()).toBe('hell');
    const rest = await b.read(buf, 0, 4);
    expect(buf.subarray(0, rest.bytesRead).toString()).toBe('o');
    const pending = b.read(buf, 0, 4);
    await b.close();
    await expect(pending).rejects.toMatchObject({ canceled: true });
    await a.close();
    // The end can be opened again once closed.
    const again = await mem.binding.open({ path: 'inproc:a', baudRate: 9600 });
    await again.close();
  });

  it('a placed card is decoded by the driver and a print job reaches the emulated printer', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'callboard-inproc-'));
    cleanup.push(() => rmSync(work, { recursive: true, force: true }));
    const config = resolveBridgeConfig(
      {
        deviceId: 'bridge-inproc',
        token: 'a-device-token-of-enough-length',
        siteId: 'demo',
        hubUrl: 'http://127.0.0.1:9',
        // Nothing listens here: events are dropped by the hub link, which we spy on.
        mqttUrl: 'mqtt://127.0.0.1:9',
        kioskId: 'kiosk-1',
        defaultServiceId: 'A',
        peripherals: [
          { id: 'reader', kind: 'idcard-sam', port: '/dev/ttyUSB0', baudRate: 115200, pollMs: 50 },
          { id: 'scanner', kind: 'scanner', port: '/dev/ttyUSB1', terminator: 'CR', aimPrefix: true },
          { id: 'printer', kind: 'printer-escpos', tcp: 'tcp://10.0.0.9:9100' },
        ],
        emulate: { dir: path.join(work, 'pty'), dataDir: path.join(work, 'printer'), controlPort: 0 },
      },
      {},
      'test.json',
      work,
    );

    const emulation: Emulation = await startEmulation(config, quiet, { transport: 'inproc', control: false });
    cleanup.push(() => emulation.close());
    expect(emulation.transport).toBe('inproc');
    expect(emulation.binding).toBeDefined();
    expect(emulation.pairs).toEqual([]);
    expect(emulation.config.peripherals.map((p) => ('port' in p ? p.port : undefined))).toEqual([
      'inproc:reader',
      'inproc:scanner',
      'inproc:printer',
    ]);

    const bridge = await Bridge.start(emulation.config, {
      log: quiet,
      ...(emulation.binding ? { binding: emulation.binding } : {}),
    });
    cleanup.push(() => bridge.stop());
    const events: DeviceEvent[] = [];
    vi.spyOn(bridge.hub, 'publishEvent').mockImplementation((e) => {
      events.push(e);
      return true;
    });
    await until('every driver connected', () => [...bridge.peripherals.values()].every((p) => p.connected));
    await until(
      'printer status ok',
      () => bridge.status().peripherals.find((p) => p.id === 'printer')?.printer?.condition === 'ok',
    );

    // Card: the emulator answers find/select/read with real SAM frames; the driver decodes them.
    const zhang = findCard('zhang-san');
    expect(emulation.emulators.idcard?.place('zhang-san')).toBe(true);
    const card = await until('the card event', () => events.find((e) => e.type === 'card'));
    expect(card).toMatchObject({
      type: 'card',
      peripheral: 'reader',
      kioskId: 'kiosk-1',
      serviceId: 'A',
      card: { kind: zhang?.card.kind, idNumber: zhang?.card.idNumber, validTo: zhang?.card.validTo },
    });

    // Scanner: a code with its AIM prefix.
    await emulation.emulators.scanner?.scan('APPT-0042');
    expect(await until('the scan event', () => events.find((e) => e.type === 'scan'))).toMatchObject({ code: 'APPT-0042' });

    // Print: a hub command becomes ESC/POS bytes the emulated printer interprets and saves.
    const printed = new Promise<SavedTicket>((resolve) => emulation.emulators.printer?.once('ticket', resolve));
    bridge.hub.emit('command', {
      v: 1,
      type: 'print',
      at: Date.now(),
      jobId: 'job-inproc-1',
      expiresAt: Date.now() + 60_000,
      job: {
        blocks: [
          { t: 'text', text: '内科 Internal medicine', align: 'center' },
          { t: 'text', text: 'A023', size: 4, bold: true, align: 'center' },
          { t: 'qr', data: 'http://localhost:8080/t/abc' },
        ],
        cut: 'full',
      },
    });
    const ticket = await printed;
    expect(ticket.text).toContain('A023');
    expect(ticket.text).toContain('内科 Internal medicine');
    expect(ticket.text).toContain('[QR] http://localhost:8080/t/abc');
    expect(readFileSync(ticket.files.txt, 'utf8')).toContain('A023');
    expect(await until('the print result', () => events.find((e) => e.type === 'print-result'))).toMatchObject({
      jobId: 'job-inproc-1',
      ok: true,
    });
  });

  it('an SMS-modem bridge: a text from the hub reaches the emulated modem; its outcome goes back; a modem fault is reported', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'callboard-inproc-sms-'));
    cleanup.push(() => rmSync(work, { recursive: true, force: true }));
    const config = resolveBridgeConfig(
      {
        deviceId: 'sms-1',
        token: 'a-device-token-of-enough-length',
        siteId: 'demo',
        hubUrl: 'http://127.0.0.1:9',
        mqttUrl: 'mqtt://127.0.0.1:9',
        peripherals: [{ id: 'modem', kind: 'sms-modem', port: '/dev/ttyUSB2' }],
        emulate: { dir: path.join(work, 'pty'), dataDir: path.join(work, 'printer'), controlPort: 0 },
      },
      {},
      'test.json',
      work,
    );
    const emulation = await startEmulation(config, quiet, { transport: 'inproc', control: false });
    cleanup.push(() => emulation.close());
    const bridge = await Bridge.start(emulation.config, {
      log: quiet,
      ...(emulation.binding ? { binding: emulation.binding } : {}),
    });
    cleanup.push(() => bridge.stop());
    const results: unknown[] = [];
    vi.spyOn(bridge.hub, 'publishSmsResult').mockImplementation((r) => {
      results.push(r);
      return true;
    });
    await until('modem connected', () => bridge.peripherals.get('modem')?.connected);
    bridge.hub.emit('sms', { v: 1, id: 'm1', to: '13812345678', text: 'A005号：请到1号窗口办理', at: Date.now() });
    await until('sent', () => results.find((r) => (r as { type: string }).type === 'sent'));
    expect(results[0]).toMatchObject({ type: 'sent', id: 'm1', ok: true });
    const listed = await runCommand(emulation.emulators, 'sms', {});
    expect(listed.body).toMatchObject({ texts: [{ to: '13812345678', text: 'A005号：请到1号窗口办理' }] });
    await until('delivery report', () => results.find((r) => (r as { type: string }).type === 'delivery'));
    // The same text delivered again (QoS 1): reported again, not sent again.
    bridge.hub.emit('sms', { v: 1, id: 'm1', to: '13812345678', text: 'A005号：请到1号窗口办理', at: Date.now() });
    await until('reported again', () => results.filter((r) => (r as { id?: string }).id === 'm1').length === 2);
    expect(emulation.emulators.sms?.received).toHaveLength(1);
    expect((await runCommand(emulation.emulators, 'modem', { error: '1' })).status).toBe(200);
    bridge.hub.emit('sms', { v: 1, id: 'm2', to: '13812345678', text: '空号', at: Date.now() });
    await until('refused', () => results.find((r) => (r as { id?: string }).id === 'm2'));
    expect(results.find((r) => (r as { id?: string }).id === 'm2')).toMatchObject({
      ok: false,
      reason: '+CMS ERROR: 1',
      permanent: true,
    });
  });
});
