/**
 * MQTT_URL mode against Debian's Mosquitto configured with what docs/mosquitto ships: the
 * same mosquitto.conf, callboard.acl and a password file made by make-passwd.sh. The hub logs
 * in as callboard-hub; screens and devices get exactly what the embedded broker gives them;
 * the broker can die and come back under a running hub.
 */
import { type BoardSnapshot, type CallMessage, type CounterMessage, HubClient, LiveClient, topics } from '@callboard/hub/client';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropOk, runBrokerDrop } from '../chaos/broker-drop';
import { HUB_USER, Mosquitto } from '../chaos/mosquitto';
import { type Hub, startTestHub } from '../support/hub';
import { toolOrSkip } from '../support/tools';

const mosquittoBin = toolOrSkip('mosquitto', 'mosquitto', ['/usr/sbin/mosquitto']);
const HUB_PASSWORD = 'test-hub-password';
// The demo configuration's devices: username = device id, password = token.
const DEVICES: [string, string][] = [
  ['kiosk-1', 'demo-kiosk-1-token-0001'],
  ['bridge-1', 'demo-bridge-1-token-0001'],
  ['board-1', 'demo-board-1-token-0001'],
];
const login = (id: string) => ({ username: id, password: (DEVICES.find((d) => d[0] === id) as [string, string])[1] });

const open: { close(): unknown }[] = [];
async function client(url: string, auth: { username?: string; password?: string } = {}): Promise<MqttClient> {
  const c = await mqtt.connectAsync(url, { protocolVersion: 4, reconnectPeriod: 0, ...auth });
  open.push({ close: () => c.endAsync(true) });
  return c;
}
/** Every message a client receives, by topic. */
function inbox(c: MqttClient): { topic: string; body: string }[] {
  const got: { topic: string; body: string }[] = [];
  c.on('message', (topic, payload) => got.push({ topic, body: payload.toString() }));
  return got;
}
async function eventually(what: string, check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
const quiet = (ms = 400) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!mosquittoBin)('external broker: Mosquitto with docs/mosquitto (ACL + password file)', () => {
  let broker: Mosquitto;
  let hub: Hub & { baseUrl: string };
  let clerk: HubClient;

  beforeAll(async () => {
    broker = await Mosquitto.start({ bin: mosquittoBin as string, hubPassword: HUB_PASSWORD, devices: DEVICES });
    hub = await startTestHub({ env: { MQTT_URL: broker.url, MQTT_USERNAME: HUB_USER, MQTT_PASSWORD: HUB_PASSWORD } });
    clerk = new HubClient({ baseUrl: hub.baseUrl });
    await clerk.login('clerk1', 'callboard-demo');
  });
  afterAll(async () => {
    for (const c of open) await c.close();
    await hub?.close();
    await broker?.stop();
  });

  it('reports the external broker in /health and opens no MQTT port of its own', async () => {
    expect(await new HubClient({ baseUrl: hub.baseUrl }).health()).toMatchObject({ broker: 'external', mqttConnected: true });
    expect(hub.mqttPort).toBeNull();
  });

  it('carries a ticket’s life to screens: call, recall, retained board and counter state', async () => {
    const screen = new LiveClient({ url: broker.url, siteId: 'demo' });
    open.push(screen);
    const calls: CallMessage[] = [];
    const boards: BoardSnapshot[] = [];
    const counters: CounterMessage[] = [];
    screen.on((e) => {
      if (e.kind === 'call') calls.push(e.call);
      if (e.kind === 'board') boards.push(e.board);
      if (e.kind === 'counter') counters.push(e.counter);
    });
    await new Promise<void>((r) => screen.mqtt.once('connect', () => r()));
    await screen.subscribe({ board: true, calls: true, counters: ['2'] });
    const t = await new HubClient({ baseUrl: hub.baseUrl }).issueTicket({ serviceId: 'B' });
    const called = await clerk.callNext('2');
    expect(called.id).toBe(t.id);
    await clerk.recall(called.id);
    await eventually('call and recall', () => calls.length >= 2);
    expect(calls.map((c) => [c.number, c.counterId, c.recall])).toEqual([
      [t.number, '2', false],
      [t.number, '2', true],
    ]);
    await eventually('board with the call', () => boards.at(-1)?.calls[0]?.number === t.number);
    await eventually('counter 2 serving it', () => counters.at(-1)?.current?.number === t.number);

    // A screen that connects later gets the retained board and counter state from Mosquitto.
    const late = await client(broker.url);
    const got = inbox(late);
    await late.subscribeAsync([topics.board('demo'), topics.counter('demo', '2')]);
    await eventually('retained board and counter', () => got.length >= 2);
    expect(JSON.parse(got.find((m) => m.topic.endsWith('/board'))?.body ?? '{}').calls[0].number).toBe(t.number);
  });

  it('passes a device’s own status to the hub', async () => {
    const heard = new Promise<string>((resolve) =>
      hub.bus.subscribe(topics.deviceStatus('demo', 'kiosk-1'), (_t, p) => resolve(p.toString())),
    );
    await quiet(200); // the hub's subscription reaches Mosquitto
    const kiosk = await client(broker.url, login('kiosk-1'));
    await kiosk.publishAsync(topics.deviceStatus('demo', 'kiosk-1'), JSON.stringify({ v: 1, state: 'online' }), { qos: 1 });
    expect(JSON.parse(await heard)).toMatchObject({ state: 'online' });
  });

  it('lets a display read board and calls, but never publish a call or read device events', async () => {
    const display = await client(broker.url, login('board-1'));
    const displayGot = inbox(display);
    await display.subscribeAsync([topics.board('demo'), topics.calls('demo'), 'callboard/demo/devices/+/events']);
    const listener = await client(broker.url);
    const heard = inbox(listener);
    await listener.subscribeAsync(topics.calls('demo'));
    const hubEvents: string[] = [];
    await hub.bus.subscribe(topics.deviceEvents('demo', 'kiosk-1'), (_t, p) => hubEvents.push(p.toString()));

    // Mosquitto drops a publish its ACL refuses (silently, unlike the embedded broker).
    await display.publishAsync(topics.calls('demo'), JSON.stringify({ v: 1, number: 'Z999', counterId: '1', recall: false }), {
      qos: 1,
    });
    const kiosk = await client(broker.url, login('kiosk-1'));
    await kiosk.publishAsync(topics.deviceEvents('demo', 'kiosk-1'), JSON.stringify({ v: 1, kind: 'button' }), { qos: 1 });
    await eventually('the hub to get the kiosk event', () => hubEvents.length === 1);

    // A real call afterwards reaches both: the forged one never reached anybody.
    await new HubClient({ baseUrl: hub.baseUrl }).issueTicket({ serviceId: 'A' });
    const real = await clerk.callNext('1');
    await eventually('the real call at the display', () => displayGot.some((m) => m.body.includes(real.number)));
    await eventually('the real call at the listener', () => heard.some((m) => m.body.includes(real.number)));
    expect(heard.filter((m) => m.body.includes('Z999'))).toEqual([]);
    expect(displayGot.filter((m) => m.topic.includes('/devices/'))).toEqual([]);
  });

  it('delivers a device’s commands to it and to no other device', async () => {
    const kiosk = await client(broker.url, login('kiosk-1'));
    const bridge = await client(broker.url, login('bridge-1'));
    const kioskGot = inbox(kiosk);
    const bridgeGot = inbox(bridge);
    await kiosk.subscribeAsync(topics.deviceCommands('demo', 'kiosk-1'));
    await bridge.subscribeAsync([topics.deviceCommands('demo', 'kiosk-1'), topics.deviceCommands('demo', 'bridge-1')]);
    await hub.bus.publish(topics.deviceCommands('demo', 'kiosk-1'), { v: 1, kind: 'beep' }, { qos: 1, retain: false });
    await hub.bus.publish(topics.deviceCommands('demo', 'bridge-1'), { v: 1, kind: 'beep' }, { qos: 1, retain: false });
    await eventually('kiosk command', () => kioskGot.length >= 1);
    await eventually('bridge’s own command', () => bridgeGot.length >= 1);
    await quiet();
    expect(bridgeGot.map((m) => m.topic)).toEqual([topics.deviceCommands('demo', 'bridge-1')]);
  });

  it('refuses the hub with a wrong password, and a device with another device’s token', async () => {
    await expect(
      startTestHub({ env: { MQTT_URL: broker.url, MQTT_USERNAME: HUB_USER, MQTT_PASSWORD: 'wrong-password' } }),
    ).rejects.toThrow(/cannot connect to external MQTT broker.*(Not authorized|Bad user)/i);
    await expect(client(broker.url, { username: 'bridge-1', password: login('kiosk-1').password })).rejects.toThrow(
      /Not authorized|Bad user/i,
    );
  });

  it('survives the broker dying and coming back: degraded, REST still works, reconnects, republishes the board', async () => {
    const records = await runBrokerDrop({ bin: mosquittoBin as string, drops: 2 });
    expect(records.map((r) => r.busy)).toEqual([true, false]);
    for (const r of records) expect(dropOk(r), JSON.stringify(r)).toBe(true);
  }, 90_000);
});

describe.skipIf(!mosquittoBin)('external broker: Mosquitto with allow_anonymous false', () => {
  let broker: Mosquitto;
  beforeAll(async () => {
    broker = await Mosquitto.start({
      bin: mosquittoBin as string,
      hubPassword: HUB_PASSWORD,
      devices: DEVICES,
      allowAnonymous: false,
    });
  });
  afterAll(async () => {
    for (const c of open) await c.close();
    await broker?.stop();
  });

  it('refuses anonymous screens and admits a paired display', async () => {
    await expect(client(broker.url)).rejects.toThrow(/Not authorized/i);
    const display = await client(broker.url, login('board-1'));
    expect(display.connected).toBe(true);
  });
});
