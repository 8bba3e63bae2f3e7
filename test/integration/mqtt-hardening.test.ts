/**
 * What a client on the site's LAN must not be able to do over MQTT, each checked against a real
 * hub (embedded broker):
 * - device kinds: a display's token sends no card, scan or rating events and fakes no printer,
 *   and the hub ignores them even when a broker lets them through (external broker mode);
 * - client ids are bound to the identity: nobody takes the bridge's session;
 * - packets over the size cap are refused before authentication, on TCP, TLS and WebSocket;
 * - revoking a device closes its live session;
 * - keepalive 0 without credentials is refused; connections per address are capped;
 * - device token guessing backs off (the right token is refused meanwhile) and alerts the supervisor.
 */
import { type Socket, connect as tcpConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { topics } from '@callboard/hub/client';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type Hub, startTestHub } from '../support/hub';
import { toolOrSkip } from '../support/tools';

const SITE = 'demo';
const TOKENS = {
  'kiosk-1': 'demo-kiosk-1-token-0001',
  'bridge-1': 'demo-bridge-1-token-0001',
  'board-1': 'demo-board-1-token-0001',
} as const;
type TestHub = Hub & { baseUrl: string; wsUrl: string };
const open: { close(): unknown }[] = [];
afterAll(async () => {
  for (const c of open.splice(0)) await c.close();
});

async function connect(port: number, opts: mqtt.IClientOptions = {}): Promise<MqttClient> {
  const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { protocolVersion: 4, reconnectPeriod: 0, ...opts });
  open.push({ close: () => c.endAsync(true) });
  return c;
}
/** A device's credentials, with a client id of its own (`<id>-<suffix>`): client ids are bound to identities. */
const device = (id: keyof typeof TOKENS) => ({
  username: id,
  password: TOKENS[id],
  clientId: `${id}-${Math.random().toString(36).slice(2, 10)}`,
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
function closedWithin(c: { once(ev: 'close', f: () => void): unknown }, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    c.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
async function staffCookie(hub: TestHub, username: string, password = 'callboard-demo'): Promise<string> {
  const res = await fetch(`${hub.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(res.status).toBe(200);
  return (res.headers.getSetCookie()[0] ?? '').split(';')[0] as string;
}
/** Valid resident ID numbers (ISO 7064 check character), one per test: a visitor holds one ticket at a time. */
const IDS = ['11010519491231002X', '44030419900307123X', '32010219851122345X', '110105194912310038'];
const cardEvent = (kioskId: string, idNumber = IDS[0]) =>
  JSON.stringify({
    v: 1,
    peripheral: 'reader',
    at: Date.now(),
    type: 'card',
    card: { kind: 'resident', idNumber },
    kioskId,
    serviceId: 'A',
  });
const printerStatus = JSON.stringify({
  v: 1,
  state: 'online',
  at: Date.now(),
  detail: {
    version: 'x',
    kioskId: 'board-1',
    peripherals: [
      {
        id: 'printer',
        kind: 'printer-escpos',
        connected: true,
        port: '/dev/ttyUSB0',
        printer: { online: true, condition: 'ok', paper: 'ok', coverOpen: false, error: false },
      },
    ],
  },
});
/** A fixed header announcing an MQTT packet of `length` bytes (CONNECT by default). */
function header(length: number, type = 0x10): Buffer {
  const bytes = [type];
  let n = length;
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    bytes.push(b);
  } while (n > 0);
  return Buffer.from(bytes);
}

describe('device kinds on MQTT and REST', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(async () => hub?.close());

  it('a display token cannot send card, scan or rating events: no ticket, nothing on the kiosk, connection dropped', async () => {
    const kioskCommands: string[] = [];
    await hub.bus.subscribe(topics.deviceCommands(SITE, 'kiosk-1'), (_t, p) => kioskCommands.push(p.toString()));
    const before = hub.queue.ticketCount();
    const display = await connect(hub.mqttPort as number, device('board-1'));
    const dropped = closedWithin(display, 3000);
    display.publish(topics.deviceEvents(SITE, 'board-1'), cardEvent('kiosk-1'), { qos: 1 });
    display.publish(topics.deviceEvents(SITE, 'board-1'), JSON.stringify({ v: 1, type: 'scan', at: 1, code: 'X' }));
    display.publish(topics.deviceEvents(SITE, 'board-1'), JSON.stringify({ v: 1, type: 'rating', at: 1, score: 1 }));
    expect(await dropped, 'the broker drops a display that sends a card event').toBe(true);
    await sleep(300);
    expect(hub.queue.ticketCount()).toBe(before);
    expect(kioskCommands).toEqual([]);
  });

  it('the hub ignores card events and printer status outside a device’s kind even if a broker lets them through', async () => {
    const before = hub.queue.ticketCount();
    await hub.bus.publish(topics.deviceEvents(SITE, 'board-1'), cardEvent('kiosk-1', IDS[1]), { qos: 1, retain: false });
    await hub.bus.publish(topics.deviceStatus(SITE, 'board-1'), printerStatus, { qos: 1, retain: false });
    // …nor from a device that is not paired at all.
    await hub.bus.publish(topics.deviceEvents(SITE, 'ghost-1'), cardEvent('kiosk-1', IDS[2]), { qos: 1, retain: false });
    await sleep(300);
    expect(hub.queue.ticketCount()).toBe(before);
    const staff = await staffCookie(hub, 'supervisor');
    const res = await fetch(`${hub.baseUrl}/api/v1/devices/board-1`, { headers: { cookie: staff } });
    const view = await res.json();
    expect(view.printer).toBeUndefined();
    expect(view.peripherals).toEqual([]);
  });

  it('a display token may not POST /devices/<id>/print-ticket; the kiosk’s may', async () => {
    const issued = await fetch(`${hub.baseUrl}/api/v1/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ serviceId: 'A' }),
    }).then((r) => r.json());
    const print = (id: string, token: string) =>
      fetch(`${hub.baseUrl}/api/v1/devices/${id}/print-ticket`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ ticketId: issued.id }),
      });
    const asDisplay = await print('board-1', TOKENS['board-1']);
    expect(asDisplay.status).toBe(403);
    expect((await asDisplay.json()).error.code).toBe('FORBIDDEN');
    expect((await print('bridge-1', TOKENS['bridge-1'])).status).toBe(403);
    // The kiosk is let through (no bridge online here: 503, not a refusal).
    expect([202, 503]).toContain((await print('kiosk-1', TOKENS['kiosk-1'])).status);
  });
});

describe('MQTT sessions: client ids, revocation, packet size, keepalive', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ patch: (raw) => (raw.security = { mqttMaxPacketBytes: 64 * 1024 }) });
  });
  afterAll(async () => hub?.close());

  it('no anonymous or other client takes the bridge’s session: refused, the bridge stays, no last will', async () => {
    const port = hub.mqttPort as number;
    const statuses: string[] = [];
    await hub.bus.subscribe(topics.deviceStatus(SITE, 'bridge-1'), (_t, p) => statuses.push(p.toString()));
    const bridge = await connect(port, {
      ...device('bridge-1'),
      clientId: 'callboard-bridge-bridge-1',
      clean: false,
      will: {
        topic: topics.deviceStatus(SITE, 'bridge-1'),
        payload: Buffer.from('{"v":1,"state":"offline"}'),
        qos: 1,
        retain: true,
      },
    });
    await bridge.subscribeAsync(topics.deviceCommands(SITE, 'bridge-1'), { qos: 1 });
    const bridgeClosed = closedWithin(bridge, 1500);
    await expect(connect(port, { clientId: 'callboard-bridge-bridge-1', clean: false })).rejects.toThrow(/Identifier rejected/i);
    await expect(connect(port, { ...device('kiosk-1'), clientId: 'callboard-bridge-bridge-1' })).rejects.toThrow(
      /Identifier rejected/i,
    );
    await expect(connect(port, { clientId: 'callboard-hub-demo' })).rejects.toThrow(/Identifier rejected/i);
    expect(await bridgeClosed, 'the real bridge keeps its connection').toBe(false);
    expect(bridge.connected).toBe(true);
    expect(statuses.filter((s) => s.includes('offline'))).toEqual([]);
    // An anonymous screen with its own id is still welcome.
    const screen = await connect(port);
    expect(screen.connected).toBe(true);
  });

  it('revoking a device closes its live MQTT session at once', async () => {
    const bridge = await connect(hub.mqttPort as number, { ...device('bridge-1'), clientId: 'bridge-1-revoke-test' });
    const closed = closedWithin(bridge, 3000);
    const admin = await staffCookie(hub, 'admin', 'callboard-admin');
    const res = await fetch(`${hub.baseUrl}/api/v1/admin/devices/bridge-1`, { method: 'DELETE', headers: { cookie: admin } });
    expect(res.status).toBe(200);
    expect(await closed, 'the revoked bridge’s connection is closed').toBe(true);
    await expect(connect(hub.mqttPort as number, device('bridge-1'))).rejects.toThrow(/Not authorized|Bad username/i);
  });

  it('refuses a packet over the cap before authentication on TCP, and an oversized PUBLISH after it', async () => {
    const socket: Socket = tcpConnect(hub.mqttPort as number, '127.0.0.1');
    socket.on('error', () => {});
    open.push({ close: () => socket.destroy() });
    await new Promise((r) => socket.once('connect', r));
    const closed = closedWithin(socket, 3000);
    socket.write(Buffer.concat([header(128 * 1024 * 1024), Buffer.alloc(64 * 1024)]));
    expect(await closed, 'a 128 MB CONNECT is refused from its header').toBe(true);

    const display = await connect(hub.mqttPort as number, device('board-1'));
    const dropped = closedWithin(display, 3000);
    display.publish(topics.deviceStatus(SITE, 'board-1'), Buffer.alloc(100 * 1024, 0x20));
    expect(await dropped, 'a 100 KB publish over the 64 KB cap').toBe(true);
  });

  it('refuses a packet over the cap on the WebSocket listener, though each frame is small', async () => {
    const ws = new WebSocket(hub.wsUrl, 'mqtt');
    ws.on('error', () => {});
    open.push({ close: () => ws.terminate() });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const closed = closedWithin(ws, 3000);
    ws.send(header(16 * 1024 * 1024));
    for (let i = 0; i < 4; i++) ws.send(Buffer.alloc(32 * 1024));
    expect(await closed).toBe(true);
  });

  it('refuses keepalive 0 from clients without credentials', async () => {
    await expect(connect(hub.mqttPort as number, { keepalive: 0 })).rejects.toThrow(/Not authorized/i);
    const withKeepalive = await connect(hub.mqttPort as number, { keepalive: 30 });
    expect(withKeepalive.connected).toBe(true);
  });
});

const openssl = toolOrSkip('openssl', 'openssl');
describe.skipIf(!openssl)('MQTT packet cap on the TLS listener', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({
      patch: (raw) => {
        raw.tls = { selfSigned: true, mqttPort: 0 };
        raw.security = { mqttMaxPacketBytes: 64 * 1024 };
      },
    });
  });
  afterAll(async () => hub?.close());

  it('refuses an oversized CONNECT over MQTTS', async () => {
    const socket = tlsConnect({ port: hub.mqttTlsPort as number, host: '127.0.0.1', rejectUnauthorized: false });
    socket.on('error', () => {});
    open.push({ close: () => socket.destroy() });
    await new Promise((r) => socket.once('secureConnect', r));
    const closed = closedWithin(socket, 3000);
    socket.write(Buffer.concat([header(128 * 1024 * 1024), Buffer.alloc(16 * 1024)]));
    expect(await closed).toBe(true);
  });
});

describe('connection caps and device token guessing', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ patch: (raw) => (raw.security = { connectionsPerAddress: 5, capLoopback: true }) });
  });
  afterAll(async () => hub?.close());

  it('caps MQTT and HTTP connections per address', async () => {
    for (const port of [hub.mqttPort as number, hub.httpPort]) {
      const sockets: Socket[] = [];
      for (let i = 0; i < 5; i++) {
        const s = tcpConnect(port, '127.0.0.1');
        open.push({ close: () => s.destroy() });
        await new Promise((r) => s.once('connect', r));
        sockets.push(s);
      }
      const extra = tcpConnect(port, '127.0.0.1');
      extra.on('error', () => {});
      open.push({ close: () => extra.destroy() });
      expect(await closedWithin(extra, 2000), `the 6th connection to ${port} is closed`).toBe(true);
      const stillOpen = await closedWithin(sockets[0] as Socket, 300);
      expect(stillOpen).toBe(false);
      for (const s of sockets) s.destroy();
      await sleep(100);
    }
  });

  it('backs off after failed device logins: the right token is refused meanwhile, and the supervisor sees an alert', async () => {
    const port = hub.mqttPort as number;
    for (let i = 0; i < 8; i++)
      await expect(connect(port, { username: 'bridge-1', password: `guess-${i}-guess-guess` })).rejects.toThrow(
        /Not authorized|Bad username/i,
      );
    await expect(connect(port, device('bridge-1')), 'the right token while backing off').rejects.toThrow(
      /Not authorized|Bad username/i,
    );
    const supervisor = await staffCookie(hub, 'supervisor');
    const floor = await fetch(`${hub.baseUrl}/api/v1/floor`, { headers: { cookie: supervisor } }).then((r) => r.json());
    expect(floor.alerts.map((a: { kind: string }) => a.kind)).toContain('mqtt_auth_failures');
  });
});
