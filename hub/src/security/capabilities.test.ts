import { describe, expect, it } from 'vitest';
import { type DeviceCapability, deviceCan, deviceMaySend, statusAllowed } from './capabilities';

describe('device capabilities', () => {
  // [kind, capability, allowed]: what a display, kiosk page, bridge and counter PC may do.
  const table: [string, DeviceCapability, boolean][] = [
    ['display', 'read-screens', true],
    ['display', 'read-own-record', true],
    ['display', 'print-ticket', false],
    ['display', 'issue-tickets', false],
    ['display', 'receive-commands', false],
    ['display', 'report-peripherals', false],
    ['display', 'appointments', false],
    ['kiosk', 'print-ticket', true],
    ['kiosk', 'issue-tickets', true],
    ['kiosk', 'appointments', true],
    ['kiosk', 'receive-commands', true],
    ['kiosk', 'report-peripherals', false],
    ['bridge', 'report-peripherals', true],
    ['bridge', 'print-ticket', false],
    ['bridge', 'issue-tickets', false],
    ['counter', 'report-peripherals', true],
    ['counter', 'print-ticket', false],
    // The IVR / PBX gateway: the callback routes and its dial requests, nothing a screen or kiosk has.
    ['pbx', 'ivr', true],
    ['pbx', 'receive-dial', true],
    ['pbx', 'read-screens', false],
    ['pbx', 'issue-tickets', false],
    ['pbx', 'receive-commands', false],
    ['pbx', 'receive-sms', false],
    ['display', 'ivr', false],
    ['kiosk', 'ivr', false],
    ['bridge', 'ivr', false],
    ['counter', 'ivr', false],
    ['sms-modem', 'ivr', false],
    ['kiosk', 'receive-dial', false],
    ['sms-modem', 'receive-dial', false],
    ['unknown-kind', 'read-screens', false],
    ['constructor', 'read-screens', false],
  ];
  it.each(table)('%s may %s → %s', (kind, what, allowed) => {
    expect(deviceCan(kind, what)).toBe(allowed);
  });

  it('event types by kind; nothing for an unknown kind or a missing type', () => {
    expect(deviceMaySend('bridge', 'card')).toBe(true);
    expect(deviceMaySend('display', 'card')).toBe(false);
    expect(deviceMaySend('kiosk', 'select-service')).toBe(true);
    expect(deviceMaySend(undefined, 'card')).toBe(false);
    expect(deviceMaySend('bridge', undefined)).toBe(false);
  });

  it('a plain status from anyone paired; peripherals and a served kiosk only from bridges and counter PCs', () => {
    const plain = { v: 1, state: 'online', detail: { app: 'display' } };
    const hardware = {
      v: 1,
      state: 'online',
      detail: { kioskId: 'kiosk-1', peripherals: [{ id: 'p', kind: 'printer-escpos' }] },
    };
    expect(statusAllowed('display', plain)).toBe(true);
    expect(statusAllowed('kiosk', { v: 1, state: 'online', detail: { app: 'kiosk', peripherals: [] } })).toBe(true);
    expect(statusAllowed('display', hardware)).toBe(false);
    expect(statusAllowed('kiosk', hardware)).toBe(false);
    expect(statusAllowed('bridge', hardware)).toBe(true);
    expect(statusAllowed(undefined, plain)).toBe(false);
  });
});
