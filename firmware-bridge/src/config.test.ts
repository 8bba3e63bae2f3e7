import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BridgeConfigError, loadBridgeConfig, resolveBridgeConfig } from './config';

const here = path.dirname(fileURLToPath(import.meta.url));
const base = {
  deviceId: 'bridge-1',
  token: 'a-device-token-of-enough-length',
  hubUrl: 'http://hub.local:8080',
  peripherals: [{ id: 'reader', kind: 'idcard-sam', port: '/dev/ttyUSB0' }],
};
const problems = (raw: unknown, env = {}) => {
  try {
    resolveBridgeConfig(raw, env, 'test.json', '/tmp');
    return [];
  } catch (err) {
    if (err instanceof BridgeConfigError) return err.problems;
    throw err;
  }
};

describe('bridge configuration', () => {
  it('accepts the demo file and fills defaults', () => {
    const c = loadBridgeConfig(path.join(here, '../config/bridge-1.demo.json'));
    expect(c).toMatchObject({ deviceId: 'bridge-1', siteId: 'demo', kioskId: 'kiosk-1', mqttUrl: 'mqtt://localhost:1883' });
    expect(c.peripherals.map((p) => p.kind)).toEqual(['idcard-sam', 'scanner', 'printer-escpos']);
    expect(c.emulate.controlPort).toBe(8091);
  });

  it('derives the MQTT URL from the hub URL and takes the token from the environment', () => {
    const { token: _t, ...noToken } = base;
    const c = resolveBridgeConfig(noToken, { CALLBOARD_BRIDGE_TOKEN: 'token-from-the-environment' }, 'x', '/tmp');
    expect(c.mqttUrl).toBe('mqtt://hub.local:1883');
    expect(c.token).toBe('token-from-the-environment');
  });

  it('explains each mistake with its place', () => {
    const list = problems({
      deviceId: 'bridge 1',
      hubUrl: 'hub:8080',
      colour: 'red',
      peripherals: [
        { id: 'reader', kind: 'idcard-sam', port: '/dev/ttyUSB0', baudRate: 'fast' },
        { id: 'p', kind: 'printer-escpos' },
        { id: 'x', kind: 'toaster', port: '/dev/x' },
      ],
    });
    const text = list.join('\n');
    expect(text).toMatch(/deviceId/);
    expect(text).toMatch(/hubUrl/);
    expect(text).toMatch(/unknown key\(s\) colour/);
    expect(text).toMatch(/peripherals\.0\.baudRate/);
    expect(text).toMatch(/peripherals\.2\.kind must be one of idcard-sam, scanner, printer-escpos, rating-pad, led-counter/);
  });

  it('checks what a schema cannot: one printer target, unique ids and ports, a token', () => {
    const { token: _t, ...noToken } = base;
    const list = problems({
      ...noToken,
      peripherals: [
        { id: 'a', kind: 'idcard-sam', port: '/dev/ttyUSB0' },
        { id: 'a', kind: 'scanner', port: '/dev/ttyUSB0' },
        { id: 'p', kind: 'printer-escpos', port: '/dev/ttyUSB2', tcp: 'tcp://10.0.0.9:9100' },
      ],
    });
    expect(list).toEqual([
      'peripherals.1.id: duplicate peripheral id "a"',
      'peripherals.1.port: /dev/ttyUSB0 is already used by "a"',
      'peripherals.2: a printer needs exactly one of port, tcp or device (has 2)',
      'token: missing (put the device token in the file or in CALLBOARD_BRIDGE_TOKEN)',
    ]);
  });
});
