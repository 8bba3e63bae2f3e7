import { describe, expect, it } from 'vitest';
import type { BridgeStatusDetail, PrinterState } from '../protocol';
import { cardIdentityInput } from './card-identity';
import { DeviceRegistry } from './registry';

const printer = (over: Partial<PrinterState> = {}): PrinterState => ({
  condition: 'ok',
  paper: 'ok',
  coverOpen: false,
  online: true,
  error: false,
  ...over,
});
const detail = (p: PrinterState, kioskId = 'kiosk-1'): BridgeStatusDetail => ({
  version: '0.1.0',
  kioskId,
  peripherals: [
    { id: 'reader', kind: 'idcard-sam', connected: true, port: '/dev/ttyUSB0' },
    { id: 'printer', kind: 'printer-escpos', connected: true, port: '/dev/ttyUSB2', printer: p },
    { id: 'led', kind: 'led-counter', connected: true, port: '/dev/ttyUSB3', counterId: '3' },
  ],
});
const rec = { id: 'bridge-1', kind: 'bridge', name: 'Bridge 1' };

describe('device registry', () => {
  it('shows a device as unknown until it says something, then online with its printer', () => {
    const r = new DeviceRegistry();
    expect(r.view(rec)).toMatchObject({ state: 'unknown', peripherals: [] });
    r.status('bridge-1', { v: 1, state: 'online', detail: detail(printer({ condition: 'paper_end', paper: 'end' })) }, 1000);
    expect(r.view(rec)).toMatchObject({
      state: 'online',
      lastSeenAt: 1000,
      kioskId: 'kiosk-1',
      printer: { condition: 'paper_end' },
    });
    expect(r.bridgeForKiosk('kiosk-1')).toBe('bridge-1');
    expect(r.ledsForCounter('3')).toEqual([{ deviceId: 'bridge-1', peripheral: 'led' }]);
  });

  it('keeps the last peripherals on a last-will offline, shown disconnected, and the printer offline', () => {
    const r = new DeviceRegistry();
    r.status('bridge-1', { v: 1, state: 'online', detail: detail(printer()) }, 1000);
    r.status('bridge-1', { v: 1, state: 'offline' }, 2000);
    const v = r.view(rec);
    expect(v.state).toBe('offline');
    expect(v.peripherals.every((p) => !p.connected)).toBe(true);
    expect(v.printer).toMatchObject({ condition: 'offline', online: false });
    expect(r.ledsForCounter('3')).toEqual([]);
    expect(r.isOnline('bridge-1')).toBe(false);
  });

  it('counts tickets issued but not printed while the printer cannot print, until it can again', () => {
    const r = new DeviceRegistry();
    r.status('bridge-1', { v: 1, state: 'online', detail: detail(printer({ condition: 'paper_end', paper: 'end' })) }, 1000);
    r.printResult('bridge-1', { jobId: 'j1', ok: false, reason: 'printer out of paper' }, 1100);
    r.printResult('bridge-1', { jobId: 'j2', ok: false, reason: 'printer out of paper' }, 1200);
    // A status repeated while still out of paper keeps the count.
    r.status('bridge-1', { v: 1, state: 'online', detail: detail(printer({ condition: 'paper_end', paper: 'end' })) }, 1300);
    expect(r.view(rec)).toMatchObject({ unprinted: 2, lastPrint: { jobId: 'j2', ok: false } });
    r.status(
      'bridge-1',
      { v: 1, state: 'online', detail: detail(printer({ condition: 'paper_near_end', paper: 'near_end' })) },
      1400,
    );
    expect(r.view(rec).unprinted).toBeUndefined();
    r.printResult('bridge-1', { jobId: 'j3', ok: true }, 1500);
    expect(r.view(rec).unprinted).toBeUndefined();
  });

  it('shows a degraded card reader as its bridge reported it', () => {
    const r = new DeviceRegistry();
    const d = detail(printer());
    d.peripherals[0] = { ...(d.peripherals[0] as (typeof d.peripherals)[number]), degraded: true };
    r.status('bridge-1', { v: 1, state: 'online', detail: d }, 1000);
    expect(r.view(rec).peripherals.find((p) => p.id === 'reader')?.degraded).toBe(true);
  });

  it('ignores a status detail that is not a bridge’s (a kiosk page’s own status)', () => {
    const r = new DeviceRegistry();
    r.status('kiosk-1', { v: 1, state: 'online', detail: { screen: 'welcome' } }, 5);
    expect(r.view({ id: 'kiosk-1', kind: 'kiosk', name: 'K' })).toMatchObject({ state: 'online', peripherals: [] });
  });
});

describe('card → identity input', () => {
  it('matches 18-character document numbers as id-card, the old foreign card as a prefixed opaque code', () => {
    expect(cardIdentityInput({ kind: 'resident', idNumber: '11010519491231002X' })).toEqual({
      kind: 'id-card',
      value: '11010519491231002X',
    });
    expect(cardIdentityInput({ kind: 'foreign-2023', idNumber: '933276198808080020' })).toMatchObject({ kind: 'id-card' });
    expect(cardIdentityInput({ kind: 'foreign-old', idNumber: 'USA110075112001' })).toEqual({
      kind: 'qr',
      value: 'foreign-pr-old:USA110075112001',
    });
  });
});
